import AWSCore
import AppConfigClient
import AppConfigEmulator
import FlagDeploy
import FlagModel
import FleetStore
import Foundation
import Testing

/// A frozen-clock emulator with one application, two production environments and one
/// feature-flag profile whose version 1 (new_checkout on) is deployed and COMPLETE in both.
struct Fleet {
    static let start = Date(timeIntervalSince1970: 1_795_000_000)
    static let flags = #"""
    {
      "version": "1",
      "flags": {
        "new_checkout": {"name": "New checkout"},
        "dark_mode": {"name": "Dark mode"}
      },
      "values": {
        "new_checkout": {"enabled": true},
        "dark_mode": {"enabled": false}
      }
    }
    """#

    let emulator: AppConfigEmulator
    let transport: AsyncHTTPTransport
    let client: AppConfigClient
    let clients: AppConfigClients
    let account: EmulatorAccount
    let applicationId: String
    let profileId: String
    let environmentIds: [String: String]
    let store: FleetStore
    let storeDirectory: URL

    static let flag = FlagID(application: "checkout", profile: "feature-flags", key: "new_checkout")

    /// Runs `body` on a fresh fleet and always tears it down.
    static func with(readOnly: Bool = false, _ body: (Fleet) async throws -> Void) async throws {
        let emulator = try await AppConfigEmulator.start(seed: .empty, host: "127.0.0.1", port: 0, timeScale: 0, now: start)
        let transport = AsyncHTTPTransport()
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("flagdeploy-\(UUID().uuidString)")
        do {
            let fleet = try await Fleet.build(emulator, transport, directory, readOnly: readOnly)
            try await body(fleet)
        } catch {
            try? await transport.shutdown()
            try? await emulator.stop()
            try? FileManager.default.removeItem(at: directory)
            throw error
        }
        try await transport.shutdown()
        try await emulator.stop()
        try? FileManager.default.removeItem(at: directory)
    }

    static func awsClient(_ account: EmulatorAccount, _ emulator: AppConfigEmulator, _ transport: AsyncHTTPTransport,
                          readOnly: Bool) -> AWSClient {
        AWSClient(credentials: StaticCredentialProvider(Credentials(accessKeyId: account.accessKeyId,
                                                                    secretAccessKey: account.secretAccessKey)),
                  transport: transport, endpointOverride: emulator.endpoint, readOnly: readOnly,
                  retrier: Retrier(policy: RetryPolicy(maxAttempts: 1)))
    }

    private static func build(_ emulator: AppConfigEmulator, _ transport: AsyncHTTPTransport, _ directory: URL,
                              readOnly: Bool) async throws -> Fleet {
        let account = try #require(emulator.accounts.first)
        let region = account.regions.first ?? "us-east-1"
        // Set-up always writes; `readOnly` applies to what the test hands to FlagDeploy.
        let admin = AppConfigClient(aws: awsClient(account, emulator, transport, readOnly: false), region: region)
        let app = try await admin.createApplication(name: "checkout", description: nil)
        let profile = try await admin.createConfigurationProfile(applicationId: app.id, name: "feature-flags")
        let v1 = try await admin.createHostedConfigurationVersion(applicationId: app.id, profileId: profile.id,
                                                                  content: Data(flags.utf8), description: "first")
        var environmentIds: [String: String] = [:]
        for name in ["prod", "prod-canary"] {
            let env = try await admin.createEnvironment(applicationId: app.id, name: name)
            environmentIds[name] = env.id
            _ = try await admin.startDeployment(applicationId: app.id, environmentId: env.id, profileId: profile.id,
                                                configurationVersion: String(v1.versionNumber))
        }
        emulator.clock.advance(by: 3600)

        let client = AppConfigClient(aws: awsClient(account, emulator, transport, readOnly: readOnly), region: region)
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
        return Fleet(emulator: emulator, transport: transport, client: admin,
                     clients: AppConfigClients([AccountRegion(account: account.name, region: region): client]),
                     account: account, applicationId: app.id, profileId: profile.id, environmentIds: environmentIds,
                     store: try FleetStore(directory: directory), storeDirectory: directory)
    }

    func selector(_ name: String) -> EnvironmentSelector {
        EnvironmentSelector(accountName: account.name, accountId: account.accountId,
                            region: account.regions.first ?? "us-east-1", environmentName: name)
    }

    func environment(_ name: String) -> EnvironmentID {
        EnvironmentID(accountName: account.name, accountId: account.accountId, region: account.regions.first ?? "us-east-1",
                      applicationName: "checkout", environmentName: name)
    }

    /// Loads the live targets and plans, as the dashboard and the CLI do.
    func plan(_ request: ToggleRequest, in names: [String] = ["prod", "prod-canary"]) async throws -> TogglePlan {
        let loaded = await ToggleTargetLoader(clients: clients).load(flag: Self.flag, environments: names.map(selector))
        #expect(loaded.problems.isEmpty, "\(loaded.problems)")
        return TogglePlanner.plan(request, targets: loaded.targets)
    }

    func executor() -> ToggleExecutor { ToggleExecutor(clients: clients, journal: store) }

    func document(_ version: Int) async throws -> FeatureFlagDocument {
        let v = try await client.getHostedConfigurationVersion(applicationId: applicationId, profileId: profileId,
                                                               versionNumber: version)
        return try FeatureFlagDocument(parsing: Array(v.content))
    }

    func versions() async throws -> [Int] {
        try await client.allHostedConfigurationVersions(applicationId: applicationId, profileId: profileId)
            .map(\.versionNumber).sorted()
    }

    func deployments(_ name: String) async throws -> [DeploymentSummary] {
        try await client.allDeployments(applicationId: applicationId, environmentId: environmentIds[name]!)
    }

    static func request(enabled: Bool = false, strategy: StrategyChoice = .automatic) -> ToggleRequest {
        ToggleRequest(flag: flag, enabled: enabled, strategy: strategy, reason: "INC-7 checkout errors", actor: "oncall")
    }
}

/// The served content without the service's bookkeeping timestamps, as compact JSON.
func withoutStamps(_ document: FeatureFlagDocument) -> String {
    func strip(_ v: JSONValue) -> JSONValue {
        switch v {
        case .object(let o):
            return .object(JSONObject(o.members.filter { $0.key != "_createdAt" && $0.key != "_updatedAt" }
                .map { JSONObject.Member(key: $0.key, value: strip($0.value)) }))
        case .array(let a): return .array(a.map(strip))
        default: return v
        }
    }
    return JSONSerializer.serialize(strip(document.json))
}
