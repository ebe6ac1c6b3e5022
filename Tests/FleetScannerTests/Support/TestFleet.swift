import AWSCore
import AppConfigClient
@testable import AppConfigEmulator
import FlagDeckConfig
import FlagModel
import FleetScanner
import FleetStore
import Foundation
import Logging
import Testing

/// An in-process emulator with a frozen virtual clock, fake accounts, a shared
/// credentials file for them, and helpers that build a scenario through the API.
final class TestFleet: @unchecked Sendable {
    let emulator: AppConfigEmulator
    let directory: URL
    let transport: AsyncHTTPTransport

    static let alpha = EmulatorAccount(accountId: "111111111111", name: "alpha", accessKeyId: "AKIATESTALPHA0000001",
                                       secretAccessKey: "test-secret-alpha-000000000000000000001", regions: ["us-east-1", "eu-west-1"])
    static let beta = EmulatorAccount(accountId: "222222222222", name: "beta", accessKeyId: "AKIATESTBETA00000002",
                                      secretAccessKey: "test-secret-beta-0000000000000000000002", regions: ["us-east-1"])
    static let gamma = EmulatorAccount(accountId: "333333333333", name: "gamma", accessKeyId: "AKIATESTGAMMA0000003",
                                       secretAccessKey: "test-secret-gamma-000000000000000000003", regions: ["us-east-1"])

    /// 2026-01-01T00:00:00Z: scenarios are dated from here.
    static let t0 = Date(timeIntervalSince1970: 1_767_225_600)
    static let day: TimeInterval = 86_400

    private init(emulator: AppConfigEmulator, directory: URL) {
        self.emulator = emulator
        self.directory = directory
        self.transport = AsyncHTTPTransport(timeouts: .init(connect: 2, read: 10, request: 20))
    }

    /// Starts an empty emulator whose frozen clock reads `now` (default: 200 days before t0).
    static func start(accounts: [EmulatorAccount] = [alpha, beta],
                      now: Date = t0.addingTimeInterval(-200 * day)) async throws -> TestFleet {
        let emulator = try await AppConfigEmulator.start(seed: .empty, port: 0, timeScale: 0, now: now, credentials: accounts)
        let directory = FileManager.default.temporaryDirectory
            .appendingPathComponent("flagdeck-scan-test-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return TestFleet(emulator: emulator, directory: directory)
    }

    func stop() async {
        try? await transport.shutdown()
        try? await emulator.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    var clock: VirtualClock { emulator.clock }

    /// Sets the virtual clock.
    func at(_ date: Date) { emulator.clock.set(date) }

    // MARK: building scenarios through the API

    func region(_ account: EmulatorAccount, _ region: String = "us-east-1") -> RegionBuilder {
        let aws = AWSClient(credentials: StaticCredentialProvider(Credentials(accessKeyId: account.accessKeyId,
                                                                              secretAccessKey: account.secretAccessKey)),
                            transport: transport, endpointOverride: emulator.endpoint)
        return RegionBuilder(fleet: self, client: AppConfigClient(aws: aws, region: region))
    }

    // MARK: scanning

    /// How an account's keys appear in the credentials file.
    enum Keys {
        case valid
        case wrongSecret
        case expiredSession
    }

    /// A shared credentials file with one profile per account and the environment pointing at it.
    func environment(keys: [String: Keys] = [:], extra: [String: String] = [:]) throws -> [String: String] {
        var text = ""
        for account in emulator.accounts {
            text += "[\(account.name)]\n"
            switch keys[account.name] ?? .valid {
            case .valid:
                text += "aws_access_key_id = \(account.accessKeyId)\naws_secret_access_key = \(account.secretAccessKey)\n"
            case .wrongSecret:
                text += "aws_access_key_id = \(account.accessKeyId)\naws_secret_access_key = not-the-right-secret-0000000000000000\n"
            case .expiredSession:
                // Temporary credentials that expired an hour ago (virtual time).
                let session = emulator.engine.createSession(accountId: account.accountId, roleName: "FlagDeckReader",
                                                            sessionName: "expired", duration: 3600,
                                                            now: clock.now().addingTimeInterval(-7200))
                text += "aws_access_key_id = \(session.accessKeyId)\naws_secret_access_key = \(session.secretAccessKey)\n"
                text += "aws_session_token = \(session.sessionToken)\n"
            }
            text += "\n"
        }
        let credentials = directory.appendingPathComponent("credentials-\(UUID().uuidString.prefix(6))")
        try Data(text.utf8).write(to: credentials)
        let config = directory.appendingPathComponent("aws-config")
        try Data().write(to: config)
        var environment = ["AWS_SHARED_CREDENTIALS_FILE": credentials.path, "AWS_CONFIG_FILE": config.path,
                           "HOME": directory.path]
        for (k, v) in extra { environment[k] = v }
        return environment
    }

    func account(_ account: EmulatorAccount, regions: [String]? = nil, endpoint: String? = nil) -> FlagDeckConfiguration.Account {
        .init(name: account.name, profile: account.name, regions: regions ?? account.regions, endpoint: endpoint ?? emulator.endpoint)
    }

    func configuration(_ accounts: [FlagDeckConfiguration.Account]? = nil,
                       applications: FlagDeckConfiguration.NameFilter = .init(),
                       environments: FlagDeckConfiguration.NameFilter = .init(),
                       production: [String] = ["prod*"], permanent: [String] = ["kill_*", "ops_*"],
                       concurrency: Int = 8) -> FlagDeckConfiguration {
        FlagDeckConfiguration(
            accounts: accounts ?? emulator.accounts.map { account($0) }, applications: applications, environments: environments,
            production: production, retirement: .init(rolledOutDays: 30, deadDays: 60, permanent: permanent),
            concurrency: concurrency)
    }

    func scanner(_ configuration: FlagDeckConfiguration? = nil, cache: ScanCache = NoCache(),
                 environment: [String: String]? = nil) throws -> FleetScanner {
        var logger = Logger(label: "flagdeck.scan.test")
        logger.logLevel = .critical
        return FleetScanner(configuration: configuration ?? self.configuration(), transport: transport, cache: cache,
                            environment: try environment ?? self.environment(), readOnly: true, logger: logger)
    }

    /// Scans with the default configuration (every account, valid keys).
    func scan(asOf: Date, configuration: FlagDeckConfiguration? = nil, cache: ScanCache = NoCache(),
              environment: [String: String]? = nil) async throws -> ScanResult {
        try await scanner(configuration, cache: cache, environment: environment).scan(asOf: asOf)
    }

    /// Request counts by operation since `before`.
    func operations(since before: [String: Int]) -> [String: Int] {
        var out: [String: Int] = [:]
        for (op, n) in emulator.operationCounts where n - (before[op] ?? 0) > 0 { out[op] = n - (before[op] ?? 0) }
        return out
    }

    /// Stores a hosted version directly in the engine, bypassing the API's validation:
    /// how a version that is not valid JSON gets into a feature-flag profile.
    func injectVersion(_ account: EmulatorAccount, _ region: String, applicationId: String, profileId: String,
                       content: String) -> Int {
        emulator.engine.write(Scope(accountId: account.accountId, region: region, now: clock.now())) { r, _ in
            let existing = r.versions.filter { $0.applicationId == applicationId && $0.configurationProfileId == profileId }
            let pi = r.profiles.firstIndex { $0.applicationId == applicationId && $0.id == profileId }!
            let number = max(r.profiles[pi].nextVersionNumber, (existing.map(\.versionNumber).max() ?? 0) + 1)
            r.profiles[pi].nextVersionNumber = number + 1
            r.versions.append(HostedVersionRecord(applicationId: applicationId, configurationProfileId: profileId,
                                                  versionNumber: number, description: "injected", contentType: "application/json",
                                                  versionLabel: nil, content: Data(content.utf8), createdAt: clock.now()))
            return number
        }
    }
}

/// Builds resources in one account-region through the AppConfig API.
struct RegionBuilder: Sendable {
    let fleet: TestFleet
    let client: AppConfigClient

    func app(_ name: String) async throws -> Application {
        try await client.createApplication(name: name)
    }

    func env(_ app: Application, _ name: String) async throws -> Environment {
        try await client.createEnvironment(applicationId: app.id, name: name)
    }

    func profile(_ app: Application, _ name: String = "flags") async throws -> ConfigurationProfile {
        try await client.createConfigurationProfile(applicationId: app.id, name: name)
    }

    @discardableResult
    func version(_ app: Application, _ profile: ConfigurationProfile, _ flags: [Flag]) async throws -> Int {
        try await client.createHostedConfigurationVersion(applicationId: app.id, profileId: profile.id,
                                                          content: Flag.document(flags)).versionNumber
    }

    /// Zero duration, zero bake: COMPLETE at the instant it starts.
    func instantStrategy() async throws -> String {
        try await client.createDeploymentStrategy(name: "Instant", deploymentDurationInMinutes: 0, growthFactor: 100,
                                                  finalBakeTimeInMinutes: 0).id
    }

    /// LINEAR 20 % every 4 minutes over 20 minutes, no bake.
    func slowStrategy() async throws -> String {
        try await client.createDeploymentStrategy(name: "Slow", deploymentDurationInMinutes: 20, growthFactor: 20,
                                                  growthType: .linear, finalBakeTimeInMinutes: 0).id
    }

    /// Starts a deployment at `date` (the clock is set there first).
    @discardableResult
    func deploy(_ app: Application, _ env: Environment, _ profile: ConfigurationProfile, version: Int,
                strategy: String, at date: Date) async throws -> Int {
        fleet.at(date)
        return try await client.startDeployment(applicationId: app.id, environmentId: env.id, profileId: profile.id,
                                                configurationVersion: String(version), strategyId: strategy).deploymentNumber
    }

    func stop(_ app: Application, _ env: Environment, deployment: Int, revert: Bool, at date: Date) async throws {
        fleet.at(date)
        _ = try await client.stopDeployment(applicationId: app.id, environmentId: env.id, deploymentNumber: deployment,
                                            allowRevert: revert)
    }
}

/// One flag of a test document.
struct Flag: Sendable {
    var key: String
    var enabled: Bool
    /// Attribute values (numbers, strings, booleans); each gets a definition without constraints.
    var attributes: [String: JSONValue] = [:]
    var deprecationDate: String? = nil

    static func on(_ key: String, _ attributes: [String: JSONValue] = [:]) -> Flag { Flag(key: key, enabled: true, attributes: attributes) }
    static func off(_ key: String) -> Flag { Flag(key: key, enabled: false) }
    static func shortTerm(_ key: String, enabled: Bool = true, until date: String) -> Flag {
        Flag(key: key, enabled: enabled, deprecationDate: date)
    }

    static func document(_ flags: [Flag]) -> Data {
        var definitions = JSONObject()
        var values = JSONObject()
        for f in flags {
            var definition = JSONObject()
            definition["name"] = .string("Flag \(f.key)")
            if let date = f.deprecationDate { definition["_deprecation"] = ["status": "planned", "date": .string(date)] }
            if !f.attributes.isEmpty {
                var attributes = JSONObject()
                for name in f.attributes.keys.sorted() {
                    let type: String
                    switch f.attributes[name]! {
                    case .number: type = "number"
                    case .bool: type = "boolean"
                    default: type = "string"
                    }
                    attributes[name] = ["constraints": ["type": .string(type)]]
                }
                definition["attributes"] = .object(attributes)
            }
            definitions[f.key] = .object(definition)
            var value = JSONObject()
            value["enabled"] = .bool(f.enabled)
            for name in f.attributes.keys.sorted() { value[name] = f.attributes[name]! }
            values[f.key] = .object(value)
        }
        let doc: JSONValue = ["version": "1", "flags": .object(definitions), "values": .object(values)]
        return Data(doc.serialized(pretty: false).utf8)
    }
}

/// Runs `body` against a fresh fleet and always stops it.
func withFleet<T>(accounts: [EmulatorAccount] = [TestFleet.alpha, TestFleet.beta],
                  _ body: (TestFleet) async throws -> T) async throws -> T {
    let fleet = try await TestFleet.start(accounts: accounts)
    do {
        let value = try await body(fleet)
        await fleet.stop()
        return value
    } catch {
        await fleet.stop()
        throw error
    }
}

extension ScanResult {
    func row(_ app: String, _ profile: String = "flags", _ key: String) -> FlagRow? {
        snapshot.rows.first { $0.flag == FlagID(application: app, profile: profile, key: key) }
    }

    func cell(_ app: String, _ profile: String = "flags", _ key: String, account: String = "alpha",
              region: String = "us-east-1", env: String) -> FlagCell? {
        row(app, profile, key)?.cells.first {
            $0.environment.accountName == account && $0.environment.region == region && $0.environment.environmentName == env
        }
    }
}

extension FlagRow {
    var kinds: Set<VerdictKind> { Set(verdicts.map(\.kind)) }
    func reason(_ kind: VerdictKind) -> String? { verdicts.first { $0.kind == kind }?.reason }
}
