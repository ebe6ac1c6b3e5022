@testable import FlagDeckConfig
import FlagModel
import Testing

/// The `powertools:` block (issue 15): which Freeform profiles are read and under which envelope.
@Suite struct PowertoolsConfigTests {
    @Test func defaultsReadEveryFreeformProfileWithoutAnEnvelope() throws {
        let config = try parsed(minimal())
        #expect(config.powertools.profiles == ["*"])
        #expect(config.powertools.reads(application: "orders", profile: "anything"))
        #expect(config.powertools.envelope(application: "orders", profile: "pt") == nil)
    }

    @Test func patternsOnProfileOrApplicationSlashProfileAndTheFirstEnvelopeWins() throws {
        let config = try parsed(minimal("""
        powertools:
          profiles: ["*-flags", "legacy/settings"]
          envelope:
            "orders/*": features
            "*/lambda-flags": config.flags
        """))
        #expect(config.powertools.reads(application: "orders", profile: "lambda-flags"))
        #expect(config.powertools.reads(application: "legacy", profile: "settings"))
        #expect(!config.powertools.reads(application: "other", profile: "settings"))
        #expect(config.powertools.envelope(application: "orders", profile: "lambda-flags")?.expression == "features")
        #expect(config.powertools.envelope(application: "ship", profile: "lambda-flags")?.path
                == JSONPath([.key("config"), .key("flags")]))
    }

    @Test func anEmptyProfileListSwitchesPowertoolsOff() throws {
        let config = try parsed(minimal("powertools:\n  profiles: []\n"))
        #expect(!config.powertools.reads(application: "a", profile: "b"))
    }

    @Test func badValuesAreLocatedByLineAndKey() {
        #expect(issues(minimal("powertools:\n  profile: [x]\n")) == [
            #"config.yaml:5:3: powertools: unknown key "profile" (did you mean "profiles"?)"#,
        ])
        #expect(issues(minimal("powertools:\n  envelope: [features]\n")).first?
            .contains("config.yaml:5:13: powertools.envelope: expected a mapping") == true)
        let bad = issues(minimal("powertools:\n  envelope:\n    \"orders/*\": \"features[0]\"\n"))
        #expect(bad.count == 1)
        #expect(bad.first?.hasPrefix(#"config.yaml:6:17: powertools.envelope."orders/*": "features[0]" is not an envelope"#) == true,
                "\(bad)")
    }
}
