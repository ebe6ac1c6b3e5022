import AWSCore
import AppConfigClient
import AppConfigEmulator
import FlagDeck
import FlagDeckConfig
import FlagModel
import FleetScanner
import FleetStore
import Foundation
import Logging
import Testing

/// An in-process emulator with a frozen clock, two accounts (alpha in two regions, beta
/// in one), a shared credentials file with one profile per account, a temporary store,
/// and in alpha/us-east-1 the application `checkout` whose flag `new_checkout` is on and
/// deployed (COMPLETE) in `staging`.
final class RuntimeFleet: Sendable {
    static let alpha = EmulatorAccount(accountId: "111111111111", name: "alpha", accessKeyId: "AKIATESTALPHA0000001",
                                       secretAccessKey: "test-secret-alpha-000000000000000000001", regions: ["us-east-1", "eu-west-1"])
    static let beta = EmulatorAccount(accountId: "222222222222", name: "beta", accessKeyId: "AKIATESTBETA00000002",
                                      secretAccessKey: "test-secret-beta-0000000000000000000002", regions: ["us-east-1"])
    static let now = Date(timeIntervalSince1970: 1_795_000_000)
    static let flag = FlagID(application: "checkout", profile: "flags", key: "new_checkout")
    static let document = #"""
    {"version": "1", "flags": {"new_checkout": {"name": "New checkout"}}, "values": {"new_checkout": {"enabled": true}}}
    """#

    let emulator: AppConfigEmulator
    let transport: AsyncHTTPTransport
    let directory: URL
    let environment: [String: String]
    let store: FleetStore
    /// The id of a strategy that completes the instant it starts.
    let instantStrategy: String

    private init(emulator: AppConfigEmulator, transport: AsyncHTTPTransport, directory: URL, environment: [String: String],
                 store: FleetStore, instantStrategy: String) {
        self.emulator = emulator
        self.transport = transport
        self.directory = directory
        self.environment = environment
        self.store = store
        self.instantStrategy = instantStrategy
    }

    /// Runs `body` on a fresh fleet and always tears it down.
    static func with(_ body: (RuntimeFleet) async throws -> Void) async throws {
        let fleet = try await start()
        do {
            try await body(fleet)
        } catch {
            await fleet.stop()
            throw error
        }
        await fleet.stop()
    }

    private static func start() async throws -> RuntimeFleet {
        let emulator = try await AppConfigEmulator.start(seed: .empty, host: "127.0.0.1", port: 0, timeScale: 0, now: now,
                                                         credentials: [alpha, beta])
        let transport = AsyncHTTPTransport(timeouts: .init(connect: 2, read: 10, request: 20))
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flagdeck-runtime-\(UUID().uuidString.prefix(8))")
        do {
            try FileManager.default.createDirectory(at: directory.appendingPathComponent("state"), withIntermediateDirectories: true)
            var credentials = ""
            for account in [alpha, beta] {
                credentials += "[\(account.name)]\naws_access_key_id = \(account.accessKeyId)\naws_secret_access_key = \(account.secretAccessKey)\n\n"
            }
            try Data(credentials.utf8).write(to: directory.appendingPathComponent("credentials"))
            try Data().write(to: directory.appendingPathComponent("aws-config"))
            let environment = ["AWS_SHARED_CREDENTIALS_FILE": directory.appendingPathComponent("credentials").path,
                               "AWS_CONFIG_FILE": directory.appendingPathComponent("aws-config").path,
                               "HOME": directory.path]

            let admin = AppConfigClient(
                aws: AWSClient(credentials: StaticCredentialProvider(Credentials(accessKeyId: alpha.accessKeyId,
                                                                                 secretAccessKey: alpha.secretAccessKey)),
                               transport: transport, endpointOverride: emulator.endpoint),
                region: "us-east-1")
            let app = try await admin.createApplication(name: "checkout")
            let profile = try await admin.createConfigurationProfile(applicationId: app.id, name: "flags")
            let version = try await admin.createHostedConfigurationVersion(applicationId: app.id, profileId: profile.id,
                                                                           content: Data(document.utf8))
            let staging = try await admin.createEnvironment(applicationId: app.id, name: "staging")
            let instant = try await admin.createDeploymentStrategy(name: "Instant", deploymentDurationInMinutes: 0,
                                                                   growthFactor: 100, finalBakeTimeInMinutes: 0).id
            _ = try await admin.startDeployment(applicationId: app.id, environmentId: staging.id, profileId: profile.id,
                                                configurationVersion: String(version.versionNumber), strategyId: instant)
            let store = try FleetStore(directory: directory.appendingPathComponent("state"))
            return RuntimeFleet(emulator: emulator, transport: transport, directory: directory, environment: environment,
                                store: store, instantStrategy: instant)
        } catch {
            try? await transport.shutdown()
            try? await emulator.stop()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
    }

    func stop() async {
        try? store.close()
        try? await transport.shutdown()
        try? await emulator.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    func account(_ account: EmulatorAccount, profile: String? = nil) -> FlagDeckConfiguration.Account {
        .init(name: account.name, profile: profile ?? account.name, regions: account.regions, endpoint: emulator.endpoint)
    }

    /// Both accounts through their profiles (`brokenProfile`: beta names a profile the file lacks).
    func configuration(brokenProfile: Bool = false) -> FlagDeckConfiguration {
        FlagDeckConfiguration(accounts: [account(Self.alpha), account(Self.beta, profile: brokenProfile ? "nobody" : nil)],
                              refreshSeconds: 3600)
    }

    /// The scanner the dashboard would run, without its log lines.
    func scanner(brokenProfile: Bool = false) -> FleetScanner {
        var logger = Logger(label: "flagdeck.runtime.test")
        logger.logLevel = .critical
        return FleetScanner(configuration: configuration(brokenProfile: brokenProfile), transport: transport,
                            environment: environment, readOnly: true, logger: logger)
    }

    /// alpha/us-east-1/checkout/staging, as the dashboard names it.
    var staging: EnvironmentID {
        EnvironmentID(accountName: "alpha", accountId: Self.alpha.accountId, region: "us-east-1",
                      applicationName: "checkout", environmentName: "staging")
    }
}

/// Collects what effects post to a mailbox and waits for a message.
final class Inbox: @unchecked Sendable {
    let mailbox = Mailbox()
    private(set) var seen: [Msg] = []

    /// The first message (already seen or still to come) that `match` accepts.
    func wait<T>(for what: String, timeout: Duration = .seconds(30), _ match: (Msg) -> T?) async throws -> T {
        let deadline = ContinuousClock.now + timeout
        var checked = 0
        while true {
            seen += mailbox.drain()
            for msg in seen[checked...] {
                if let found = match(msg) { return found }
            }
            checked = seen.count
            guard ContinuousClock.now < deadline else {
                Issue.record("no \(what) within \(timeout); posted: \(seen.map(Self.name))")
                throw Timeout()
            }
            try await Task.sleep(for: .milliseconds(20))
        }
    }

    struct Timeout: Error {}

    static func name(_ msg: Msg) -> String {
        String(String(describing: msg).prefix(80))
    }
}
