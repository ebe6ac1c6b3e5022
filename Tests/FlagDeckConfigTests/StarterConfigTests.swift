import Testing
@testable import FlagDeckConfig

@Suite struct StarterConfigTests {
    @Test func oneAccountPerProfileRoundTrips() throws {
        let text = StarterConfig.make(from: [
            AWSProfileSummary(name: "default", region: "eu-west-1", kind: "access keys"),
            AWSProfileSummary(name: "payments-prod", region: "us-east-1", kind: "SSO"),
            AWSProfileSummary(name: "no-region"),
        ], sources: ["~/.aws/config", "~/.aws/credentials"])
        let config = try FlagDeckConfiguration.parse(text: text, file: "starter.yaml")
        #expect(config.accounts == [
            .init(name: "default", profile: "default", regions: ["eu-west-1"]),
            .init(name: "payments-prod", profile: "payments-prod", regions: ["us-east-1"]),
            .init(name: "no-region", profile: "no-region", regions: ["us-east-1"]),
        ])
        // Everything else is at its default, spelled out.
        var rest = config
        rest.accounts = []
        #expect(rest == FlagDeckConfiguration())
        #expect(text.contains("~/.aws/config and ~/.aws/credentials"))
        #expect(text.contains("profile: payments-prod  # SSO"))
        #expect(text.contains("# the profile sets no region"))
    }

    @Test func awkwardProfileNamesAreQuoted() throws {
        let names = ["yes", "123", "with space", "a:b", "#hash", "quote\"back\\slash", "dev.team@corp", "Off"]
        let text = StarterConfig.make(from: names.map { AWSProfileSummary(name: $0, region: "bogus") })
        let config = try FlagDeckConfiguration.parse(text: text, file: "starter.yaml")
        #expect(config.accounts.map(\.name) == names)
        #expect(config.accounts.map(\.profile) == names)
        #expect(config.accounts.allSatisfy { $0.regions == ["us-east-1"] })
        #expect(text.contains(#"the profile's region bogus is not a region name"#))
    }

    @Test func noProfilesGivesAnEmptyListAndACommentedExample() throws {
        let text = StarterConfig.make(from: [])
        #expect(text.contains("# No AWS profiles were found."))
        #expect(text.contains("#   - name: payments-prod"))
        let config = try FlagDeckConfiguration.parse(text: text, file: "starter.yaml")
        #expect(config.accounts.isEmpty)
    }

    @Test func scalarQuoting() {
        #expect(StarterConfig.scalar("payments-prod") == "payments-prod")
        #expect(StarterConfig.scalar("no") == "\"no\"")
        #expect(StarterConfig.scalar("1e3") == "\"1e3\"")
        #expect(StarterConfig.quoted("a\tb\u{1}") == #""a\tb\x01""#)
    }
}

@Suite struct StarterRegionTests {
    @Test func theProfileRegionWhenItIsOne() {
        #expect(AWSProfileSummary(name: "a", region: "eu-west-1").starterRegion == "eu-west-1")
        #expect(AWSProfileSummary(name: "a", region: "Europe").starterRegion == "us-east-1")
        #expect(AWSProfileSummary(name: "a").starterRegion == "us-east-1")
    }
}
