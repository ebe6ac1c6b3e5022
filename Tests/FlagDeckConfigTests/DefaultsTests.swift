import Testing
@testable import FlagDeckConfig

@Suite struct DefaultsTests {
    @Test func everyOptionalSettingHasItsDefault() throws {
        let config = try parsed(minimal())
        #expect(config.accounts == [.init(name: "one", regions: ["us-east-1"])])
        #expect(config.applications == .init(include: ["*"], exclude: []))
        #expect(config.environments == .init(include: ["*"], exclude: []))
        #expect(config.production == ["prod*", "production*"])
        #expect(config.retirement == .init(rolledOutDays: 30, deadDays: 60, permanent: ["kill_*", "ops_*"]))
        #expect(config.refreshSeconds == 60)
        #expect(config.concurrency == 8)
        #expect(config.theme == "default")
        #expect(config.readOnly == false)
    }

    @Test func aKeyWithNoValueMeansTheDefault() throws {
        let config = try parsed(minimal("theme:\nretirement:\n  deadDays:\n  rolledOutDays: 7"))
        #expect(config.theme == "default")
        #expect(config.retirement.deadDays == 60)
        #expect(config.retirement.rolledOutDays == 7)
    }

    @Test func everyKeySet() throws {
        let config = try parsed("""
            accounts:
              - name: payments-prod
                profile: payments
                roleArn: arn:aws-us-gov:iam::111111111111:role/path/FlagDeckReader
                externalId: ext-1
                regions: [us-gov-west-1, eu-west-1]
                endpoint: https://appconfig.example.com:8443/base
            applications: {include: ["pay*"], exclude: ["pay-old"]}
            environments: {include: ["*"], exclude: ["sandbox-*"]}
            production: [live]
            retirement: {rolledOutDays: 14, deadDays: 90, permanent: []}
            refreshSeconds: 10
            concurrency: 64
            theme: solarized-dark
            readOnly: true
            """)
        #expect(config == FlagDeckConfiguration(
            accounts: [.init(name: "payments-prod", profile: "payments",
                             roleArn: "arn:aws-us-gov:iam::111111111111:role/path/FlagDeckReader",
                             externalId: "ext-1", regions: ["us-gov-west-1", "eu-west-1"],
                             endpoint: "https://appconfig.example.com:8443/base")],
            applications: .init(include: ["pay*"], exclude: ["pay-old"]),
            environments: .init(include: ["*"], exclude: ["sandbox-*"]),
            production: ["live"],
            retirement: .init(rolledOutDays: 14, deadDays: 90, permanent: []),
            refreshSeconds: 10, concurrency: 64, theme: "solarized-dark", readOnly: true))
    }

    @Test func anEmptyAccountListIsAllowedForAFreshStarterFile() throws {
        #expect(try parsed("accounts: []").accounts.isEmpty)
    }

    @Test func mergeKeysShareSettingsBetweenAccounts() throws {
        let config = try parsed("""
            accounts:
              - &base
                name: a
                profile: hub
                regions: [eu-west-1]
              - <<: *base
                name: b
            """)
        #expect(config.accounts.map(\.name) == ["a", "b"])
        #expect(config.accounts[1].profile == "hub")
        #expect(config.accounts[1].regions == ["eu-west-1"])
    }

    @Test func numbersAndTimestampsAreAcceptedAsNames() throws {
        let config = try parsed("accounts:\n  - name: 123456789012\n    profile: 2024-01-01\n    regions: [us-east-1]")
        #expect(config.accounts[0].name == "123456789012")
        #expect(config.accounts[0].profile == "2024-01-01")
    }
}
