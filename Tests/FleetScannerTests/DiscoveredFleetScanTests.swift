import AWSCore
import AccountDiscovery
import AppConfigEmulator
import FlagDeckConfig
import FlagModel
import FleetScanner
import Foundation
import Logging
import Testing

/// A scan of a discovered fleet through the in-process emulator's organization: the
/// synthetic seed's first account manages it, `platform-shared` lacks FlagDeckReader.
/// The member that cannot be read is an unreadable part with the reason, never skipped.
@Suite struct DiscoveredFleetScanTests {
    static let seed = SyntheticSeed(accounts: 6, regions: 2, apps: 1, envs: 1, flags: 2, versions: 1)
    static let token = "portal-token-for-tests"

    struct Setup {
        let emulator: AppConfigEmulator
        let directory: URL
        let environment: [String: String]
        let transport = AsyncHTTPTransport(timeouts: .init(connect: 2, read: 10, request: 20))

        func stop() async {
            try? await transport.shutdown()
            try? await emulator.stop()
            try? FileManager.default.removeItem(at: directory)
        }
    }

    func start() async throws -> Setup {
        let emulator = try await AppConfigEmulator.start(seed: .synthetic(Self.seed), port: 0, timeScale: 0,
                                                         ssoPortal: SSOPortalConfig(token: Self.token))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("discovered-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory.appendingPathComponent(".aws/sso/cache"),
                                                withIntermediateDirectories: true)
        let management = emulator.accounts[0]
        let config = directory.appendingPathComponent("aws-config")
        try Data("""
            [profile org-admin]
            aws_access_key_id = \(management.accessKeyId)
            aws_secret_access_key = \(management.secretAccessKey)

            [sso-session corp]
            sso_start_url = https://corp.awsapps.com/start
            sso_region = us-east-1
            """.utf8).write(to: config)
        let key = SSOTokenCache.key(sessionName: "corp", startURL: "https://corp.awsapps.com/start")
        try Data(#"{"accessToken": "\#(Self.token)", "expiresAt": "2099-01-01T00:00:00Z"}"#.utf8)
            .write(to: directory.appendingPathComponent(".aws/sso/cache/\(key).json"))
        let credentials = directory.appendingPathComponent("aws-credentials")
        try Data().write(to: credentials)
        return Setup(emulator: emulator, directory: directory,
                     environment: ["HOME": directory.path, "AWS_CONFIG_FILE": config.path,
                                   "AWS_SHARED_CREDENTIALS_FILE": credentials.path])
    }

    func scanner(_ configuration: FlagDeckConfiguration, _ setup: Setup) -> FleetScanner {
        var logger = Logger(label: "test")
        logger.logLevel = .critical
        var scanner = FleetScanner(configuration: configuration, transport: setup.transport,
                                   environment: setup.environment, readOnly: true, logger: logger)
        scanner.accountSource = FleetDiscovery(configuration: configuration, transport: setup.transport,
                                               environment: setup.environment, logger: logger)
        return scanner
    }

    @Test func anOrganizationWithAllRegionsAndAMemberWithoutTheRole() async throws {
        let setup = try await start()
        defer { Task { await setup.stop() } }
        let configuration = FlagDeckConfiguration(organization: .init(
            profile: "org-admin", roleName: "FlagDeckReader", regions: .allEnabled,
            filter: .init(exclude: ["sandbox-*"]), endpoint: setup.emulator.endpoint))
        let result = await scanner(configuration, setup).scan()

        // management, payments-prod, payments-staging, platform-shared, search-prod: the
        // sandbox excluded; every one with its 17 enabled regions.
        #expect(result.discovery == DiscoverySummary(discovered: 5, scanned: 4, unreadable: 1))
        let read = Set(result.snapshot.environments.map(\.id.accountName))
        #expect(read == ["management", "payments-prod", "payments-staging", "search-prod"])
        #expect(Set(result.snapshot.environments.map(\.id.region)) == ["us-east-1", "eu-west-1"])
        // The member without FlagDeckReader: every region of it unreadable, with the reason.
        let failures = result.errors.filter { $0.account == "platform-shared" }
        #expect(failures.count == 17)
        #expect(failures.allSatisfy { $0.message.contains("AssumeRole") && $0.message.contains("AccessDenied") })
        #expect(failures.allSatisfy { $0.accountId == setup.emulator.accounts[4].accountId })
        #expect(result.errors.count == failures.count)
        #expect(!result.snapshot.isComplete)
        #expect(result.snapshot.rows.allSatisfy { !$0.isComplete })
    }

    @Test func anIdentityCenterSessionWithListedRegions() async throws {
        let setup = try await start()
        defer { Task { await setup.stop() } }
        let configuration = FlagDeckConfiguration(sso: .init(
            session: "corp", roleName: "ReadOnly", regions: .listed(["us-east-1"]),
            filter: .init(include: ["payments-*", setup.emulator.accounts[0].accountId]), endpoint: setup.emulator.endpoint))
        let result = await scanner(configuration, setup).scan()
        #expect(result.errors.isEmpty)
        #expect(result.discovery == DiscoverySummary(discovered: 3, scanned: 3, unreadable: 0))
        #expect(Set(result.snapshot.environments.map(\.id.accountName)) == ["management", "payments-prod", "payments-staging"])
        #expect(Set(result.snapshot.environments.map(\.id.region)) == ["us-east-1"])
    }

    @Test func aDiscoveryThatFailsIsAnErrorNotAnEmptyFleet() async throws {
        let setup = try await start()
        defer { Task { await setup.stop() } }
        // A member's profile may not list the organization.
        let configuration = FlagDeckConfiguration(organization: .init(
            profile: "nobody", roleName: "FlagDeckReader", regions: .listed(["us-east-1"]),
            endpoint: setup.emulator.endpoint))
        let result = await scanner(configuration, setup).scan()
        #expect(result.errors.count == 1)
        #expect(result.errors.first?.account == "organization (profile nobody)")
        #expect(result.errors.first?.region == UnreadablePart.everyRegion)
        #expect(result.errors.first?.message.contains("profile nobody not found") == true)
        #expect(result.discovery == DiscoverySummary(discovered: 0, scanned: 0, unreadable: 0))
    }
}
