import AWSCore
import FlagDeckConfig
import FleetStore
import Foundation
import Logging
import Testing
@testable import AccountDiscovery

/// Discovery against `FakeOrganization`: who is read how, OUs, include/exclude, regions: all,
/// what is kept and for how long, and failures that must never look like an empty fleet.
@Suite struct FleetDiscoveryTests {
    let fake = FakeOrganization()
    let clock = StillClock()
    let home: URL
    let environment: [String: String]

    init() throws {
        home = FileManager.default.temporaryDirectory.appendingPathComponent("discovery-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: home.appendingPathComponent(".aws/sso/cache"),
                                                withIntermediateDirectories: true)
        let config = home.appendingPathComponent("aws-config")
        try Data("""
            [profile org]
            aws_access_key_id = \(FakeOrganization.orgKey)
            aws_secret_access_key = org-secret-0000000000000000000000000000

            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = eu-west-1
            """.utf8).write(to: config)
        let credentials = home.appendingPathComponent("aws-credentials")
        try Data().write(to: credentials)
        environment = ["HOME": home.path, "AWS_CONFIG_FILE": config.path, "AWS_SHARED_CREDENTIALS_FILE": credentials.path]
    }

    static let endpoint = "http://fake.test"

    func organization(_ regions: FlagDeckConfiguration.RegionChoice = .listed(["us-east-1"]),
                      include: [String] = ["*"], exclude: [String] = []) -> FlagDeckConfiguration.Organization {
        .init(profile: "org", roleName: "FlagDeckReader", regions: regions,
              filter: .init(include: include, exclude: exclude), endpoint: Self.endpoint)
    }

    func discovery(_ configuration: FlagDeckConfiguration, cache: (any DiscoveryCache)? = nil) -> FleetDiscovery {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        return FleetDiscovery(configuration: configuration, transport: fake, environment: environment, cache: cache,
                              clock: clock, logger: logger)
    }

    func resolve(_ configuration: FlagDeckConfiguration, cache: (any DiscoveryCache)? = nil) async throws -> DiscoveredFleet {
        try await discovery(configuration, cache: cache).resolve()
    }

    func writeToken(_ token: String = FakeOrganization.token, expires: String = "2099-01-01T00:00:00Z") throws {
        let key = SSOTokenCache.key(sessionName: "corp", startURL: "https://corp.awsapps.com/start")
        try Data(#"{"accessToken": "\#(token)", "expiresAt": "\#(expires)"}"#.utf8)
            .write(to: home.appendingPathComponent(".aws/sso/cache/\(key).json"))
    }

    // MARK: organizations

    @Test func activeAccountsWithTheirOUsAndTheManagementAccountThroughTheProfile() async throws {
        let fleet = try await resolve(FlagDeckConfiguration(organization: organization()))
        #expect(fleet.accounts.map(\.name) == ["management", "no-role", "payments-prod", "sandbox-bob"])
        let management = try #require(fleet.accounts.first { $0.name == "management" })
        #expect(management.profile == "org" && management.roleArn == nil)
        #expect(management.accountId == "111111111111")
        let payments = try #require(fleet.accounts.first { $0.name == "payments-prod" })
        #expect(payments.profile == "org")
        #expect(payments.roleArn == "arn:aws:iam::222222222222:role/FlagDeckReader")
        #expect(payments.regions == ["us-east-1"])
        #expect(payments.endpoint == Self.endpoint)
        let entry = try #require(fleet.discovered.first { $0.id == "222222222222" })
        #expect(entry.parent == "ou-root-payments")
        #expect(entry.ancestors == ["ou-root-payments", "ou-root-workload", "r-root"])
        #expect(fleet.discovered.first { $0.id == "111111111111" }?.isManagement == true)
        // Listed regions need no lookup, and nothing is unreadable before the scan tries.
        #expect(fleet.unreadable.isEmpty)
        #expect(fake.count("ListRegions") == 0)
        // Five accounts in pages of two; one ListParents per ACTIVE account and per OU.
        #expect(fake.count("ListAccounts") == 3)
        #expect(fake.count("ListParents") == 4 + 3)
        #expect(fleet.sources.map(\.inactive) == [1])
        #expect(fleet.sources.first?.callerAccountId == "111111111111")
    }

    @Test func includeAndExcludeByOUNameAndId() async throws {
        func names(_ include: [String], _ exclude: [String] = []) async throws -> [String] {
            try await resolve(FlagDeckConfiguration(organization: organization(include: include, exclude: exclude)))
                .accounts.map(\.name)
        }
        // An OU matches the accounts in it and in every OU below it.
        #expect(try await names(["ou-root-workload"]) == ["no-role", "payments-prod"])
        #expect(try await names(["ou-root-workload"], ["no-*"]) == ["payments-prod"])
        #expect(try await names(["*"], ["ou-root-sandbox", "111111111111"]) == ["no-role", "payments-prod"])
        #expect(try await names(["payments-*", "333333333333"]) == ["payments-prod", "sandbox-bob"])
    }

    @Test func allRegionsAreTheEnabledOnesAndAMemberWithoutTheRoleIsUnreadableWithTheReason() async throws {
        let store = try FleetStore(directory: home.appendingPathComponent("state"))
        let configuration = FlagDeckConfiguration(organization: organization(.allEnabled))
        let fleet = try await resolve(configuration, cache: store)
        #expect(fleet.accounts.map(\.name) == ["management", "payments-prod", "sandbox-bob"])
        #expect(fleet.accounts.map(\.regions) == [["eu-west-1", "us-east-1"], ["eu-west-1", "us-east-1"], ["us-east-1"]])
        let unreadable = try #require(fleet.unreadable.first)
        #expect(fleet.unreadable.count == 1)
        #expect(unreadable.name == "no-role" && unreadable.accountId == "444444444444")
        #expect(unreadable.regions == ["*"])
        #expect(unreadable.reason.contains("AssumeRole arn:aws:iam::444444444444:role/FlagDeckReader failed: AccessDenied"))
        #expect(unreadable.reason.contains("trusted access is not enabled"))
        #expect(fleet.discovered.first { $0.id == "444444444444" }?.unreadableReason == unreadable.reason)

        // Kept: the next resolution within the hour lists nothing; only the account whose
        // regions are unknown is asked again (a role deployed since shows up at once).
        fake.resetCounts()
        let again = try await resolve(configuration, cache: store)
        #expect(again.accounts == fleet.accounts)
        #expect(fake.count("ListAccounts") + fake.count("ListParents") == 0)
        #expect(fake.count("ListRegions") == 1)
        // Two hours later the list is asked again, the regions (a day) are not, but the
        // account whose regions are unknown is asked again.
        clock.advance(2 * 3600)
        fake.resetCounts()
        _ = try await resolve(configuration, cache: store)
        #expect(fake.count("ListAccounts") == 3)
        #expect(fake.count("ListRegions") == 1)
    }

    @Test func anOldListIsUsedWithAWarningWhenTheOrganizationCannotBeListed() async throws {
        let cache = MemoryDiscoveryCache()
        let configuration = FlagDeckConfiguration(organization: organization())
        let fresh = try await resolve(configuration, cache: cache)
        clock.advance(2 * 3600)
        fake.failListAccounts = true
        let stale = try await resolve(configuration, cache: cache)
        #expect(stale.accounts == fresh.accounts)
        #expect(stale.warnings.count == 1)
        #expect(stale.warnings[0].contains("organizations:ListAccounts failed"))
    }

    @Test func anOrganizationThatCannotBeListedIsAnErrorNotAnEmptyFleet() async throws {
        fake.failListAccounts = true
        let error = await #expect(throws: DiscoveryError.self) {
            _ = try await resolve(FlagDeckConfiguration(organization: organization()))
        }
        #expect(error?.source == "organization (profile org)")
        #expect(error?.description.contains("organizations:ListAccounts failed: AccessDeniedException") == true)
        #expect(error?.description.contains("management account or a delegated administrator") == true)
        // An unknown profile says so.
        var other = organization()
        other.profile = "missing"
        let missing = await #expect(throws: DiscoveryError.self) {
            _ = try await resolve(FlagDeckConfiguration(organization: other))
        }
        #expect(missing?.description.contains("profile missing not found") == true)
    }

    @Test func anExplicitEntryWinsForItsIdAndNamesStayUnique() async throws {
        let configuration = FlagDeckConfiguration(
            accounts: [
                .init(name: "payments", profile: "org", roleArn: "arn:aws:iam::222222222222:role/Custom",
                      regions: ["eu-west-1"]),
                .init(name: "sandbox-bob", profile: "org", roleArn: "arn:aws:iam::999999999999:role/Other",
                      regions: ["us-east-1"]),
                // No role: its id comes from STS (the organization profile's own account).
                .init(name: "home", profile: "org", regions: ["us-east-1"], endpoint: Self.endpoint),
            ],
            organization: organization())
        let fleet = try await resolve(configuration)
        #expect(fleet.accounts.map(\.name) == ["payments", "sandbox-bob", "home", "no-role", "sandbox-bob (333333333333)"])
        #expect(fleet.discovered.first { $0.id == "222222222222" }?.replacedBy == "payments")
        #expect(fleet.discovered.first { $0.id == "111111111111" }?.replacedBy == "home")
        #expect(fleet.accounts.first { $0.name == "payments" }?.roleArn == "arn:aws:iam::222222222222:role/Custom")
    }

    // MARK: IAM Identity Center

    @Test func ssoSessionAccountsWithTheRoleAndTheOthersUnreadable() async throws {
        try writeToken()
        let configuration = FlagDeckConfiguration(sso: .init(session: "corp", roleName: "ReadOnly", regions: .allEnabled,
                                                             filter: .init(exclude: ["management"]), endpoint: Self.endpoint))
        let fleet = try await resolve(configuration)
        #expect(fleet.accounts.map(\.name) == ["payments-prod", "sandbox-bob"])
        let payments = try #require(fleet.accounts.first)
        #expect(payments.sso == .init(session: "corp", accountId: "222222222222", roleName: "ReadOnly"))
        #expect(payments.profile == nil && payments.roleArn == nil)
        #expect(payments.regions == ["eu-west-1", "us-east-1"])
        #expect(fleet.unreadable.map(\.name) == ["no-role"])
        #expect(fleet.unreadable.first?.reason.contains("may not take role ReadOnly in this account (its roles: Admin)") == true)
        // Regions were asked with each account's own SSO role credentials.
        #expect(fake.count("sso.GetRoleCredentials") == 2)
        #expect(fake.count("sso.ListAccounts") == 2)
        #expect(fake.count("sso.ListAccountRoles") == 4)
    }

    @Test func ssoWithoutALoginSaysHowToLogIn() async throws {
        let configuration = FlagDeckConfiguration(sso: .init(session: "corp", roleName: "ReadOnly", regions: .allEnabled,
                                                             endpoint: Self.endpoint))
        let missing = await #expect(throws: DiscoveryError.self) { _ = try await resolve(configuration) }
        #expect(missing?.description.contains("run `aws sso login --sso-session corp`") == true)
        try writeToken("revoked-token")
        let revoked = await #expect(throws: DiscoveryError.self) { _ = try await resolve(configuration) }
        #expect(revoked?.description.contains("UnauthorizedException") == true)
        #expect(revoked?.description.contains("aws sso login --sso-session corp") == true)
        // The token never appears in what is shown.
        #expect(revoked?.description.contains("revoked-token") == false)
        var unknown = configuration
        unknown.sso?.session = "nope"
        let noSection = await #expect(throws: DiscoveryError.self) { _ = try await resolve(unknown) }
        #expect(noSection?.description.contains("no [sso-session nope] section") == true)
    }

    @Test func withoutDiscoveryTheConfiguredAccountsAreTheFleet() async throws {
        let configuration = FlagDeckConfiguration(accounts: [.init(name: "a", regions: ["us-east-1"])])
        let fleet = try await resolve(configuration)
        #expect(fleet.accounts == configuration.accounts)
        #expect(fleet.discovered.isEmpty)
    }
}

/// Time stands still unless a test moves it; retry sleeps pass at once.
final class StillClock: AWSClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current = Date(timeIntervalSince1970: 1_795_000_000)

    func now() -> Date { lock.withLock { current } }
    func advance(_ seconds: Double) { lock.withLock { current += seconds } }
    func sleep(seconds: Double) async throws {}
}
