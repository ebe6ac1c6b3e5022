import Testing
@testable import FlagDeckConfig

/// `flagdeck init --organization PROFILE` / `--sso SESSION`: the file parses back to the block.
@Suite struct StarterDiscoveryTests {
    @Test func organizationStarterParses() throws {
        let text = StarterConfig.make(discovery: .organization(profile: "org-admin", roleName: "FlagDeckReader"))
        let config = try FlagDeckConfiguration.parse(text: text, file: "starter.yaml")
        #expect(config.accounts.isEmpty)
        #expect(config.organization == .init(profile: "org-admin", roleName: "FlagDeckReader", regions: .allEnabled))
        #expect(config.sso == nil)
        #expect(text.contains("`flagdeck init --organization org-admin`"))
        #expect(text.contains("flagdeck iam"))
        // Everything else at its default, spelled out.
        var rest = config
        rest.organization = nil
        #expect(rest == FlagDeckConfiguration())
    }

    @Test func ssoStarterParsesAndQuotesAwkwardNames() throws {
        let text = StarterConfig.make(discovery: .sso(session: "yes", roleName: "ReadOnly"))
        let config = try FlagDeckConfiguration.parse(text: text, file: "starter.yaml")
        #expect(config.sso == .init(session: "yes", roleName: "ReadOnly", regions: .allEnabled))
        #expect(text.contains("aws sso login --sso-session yes"))
    }

    @Test func roleNames() {
        #expect(StarterDiscovery.isRoleName("FlagDeckReader"))
        #expect(StarterDiscovery.isRoleName("team/Reader+x=y,z.@_-"))
        #expect(!StarterDiscovery.isRoleName("Read Only"))
        #expect(!StarterDiscovery.isRoleName("/Reader"))
        #expect(!StarterDiscovery.isRoleName(String(repeating: "a", count: 65)))
    }
}
