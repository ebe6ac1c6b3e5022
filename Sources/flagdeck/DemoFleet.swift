import AppConfigEmulator
import FlagDeckConfig
import FlagModel
import Foundation

/// A throw-away fleet on the embedded emulator: credentials file, configuration and
/// state directory in a temporary folder, so the demo touches nothing of the user's.
struct DemoFleet {
    let emulator: AppConfigEmulator
    /// The Agent API next to it, so applications (examples/checkout-app) can read the demo.
    let agent: AgentAPIServer?
    let directory: URL
    let configuration: FlagDeckConfiguration
    let environment: [String: String]

    static func start(timeScale: Double, refreshSeconds: Int = 10, agent agentConfig: AgentAPIConfig? = nil) async throws -> DemoFleet {
        let emulator = try await AppConfigEmulator.start(seed: .demo, host: "127.0.0.1", port: 0, timeScale: timeScale)
        var agent: AgentAPIServer?
        do {
            if let agentConfig { agent = try await emulator.startAgent(agentConfig) }
        } catch {
            try? await emulator.stop()
            throw error
        }
        // FLAGDECK_DEMO_DIR pins the folder (tests read emulator.json there to check,
        // with boto3, what the dashboard did); by default it is a fresh temporary one.
        let directory = ProcessInfo.processInfo.environment["FLAGDECK_DEMO_DIR"].map { URL(fileURLWithPath: $0) }
            ?? FileManager.default.temporaryDirectory.appendingPathComponent("flagdeck-demo-\(UUID().uuidString.prefix(8))")
        try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        // The emulator's fake keys go where real ones would: a shared credentials file.
        var credentials = ""
        var accounts: [FlagDeckConfiguration.Account] = []
        for account in emulator.accounts {
            let profile = "flagdeck-demo-\(account.name)"
            credentials += "[\(profile)]\naws_access_key_id = \(account.accessKeyId)\naws_secret_access_key = \(account.secretAccessKey)\n\n"
            accounts.append(.init(name: account.name, profile: profile, regions: account.regions, endpoint: emulator.endpoint))
        }
        let credentialsFile = directory.appendingPathComponent("credentials")
        try Data(credentials.utf8).write(to: credentialsFile)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: credentialsFile.path)
        let configFile = directory.appendingPathComponent("aws-config")
        try Data().write(to: configFile)

        var configuration = FlagDeckConfiguration(accounts: accounts, refreshSeconds: refreshSeconds)
        // The Lambda team's shipping function reads its Powertools features under `features`.
        configuration.powertools.envelopes = [.init(pattern: "shipping-quotes/*", envelope: try PowertoolsEnvelope(parsing: "features"))]
        var info: [String: Any] = ["endpoint": emulator.endpoint, "dataPlaneEndpoint": emulator.endpoint, "accounts": emulator.accounts.map {
            ["accountId": $0.accountId, "name": $0.name, "accessKeyId": $0.accessKeyId,
             "secretAccessKey": $0.secretAccessKey, "regions": $0.regions] as [String: Any]
        }]
        if let agent {
            info["agent"] = ["endpoint": agent.endpoint, "account": agent.account.name, "region": agent.region,
                             "pollIntervalSeconds": agent.pollIntervalSeconds] as [String: Any]
        }
        try JSONSerialization.data(withJSONObject: info, options: [.prettyPrinted, .sortedKeys])
            .write(to: directory.appendingPathComponent("emulator.json"))
        try Data(yaml(configuration).utf8).write(to: directory.appendingPathComponent("config.yaml"))
        var environment = ProcessInfo.processInfo.environment
        for key in ["AWS_ACCESS_KEY_ID", "AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_PROFILE", "AWS_DEFAULT_PROFILE",
                    "AWS_ENDPOINT_URL", "AWS_ENDPOINT_URL_APPCONFIG", "AWS_ENDPOINT_URL_STS"] {
            environment.removeValue(forKey: key)
        }
        environment["AWS_SHARED_CREDENTIALS_FILE"] = credentialsFile.path
        environment["AWS_CONFIG_FILE"] = configFile.path
        return DemoFleet(emulator: emulator, agent: agent, directory: directory, configuration: configuration, environment: environment)
    }

    /// The configuration the demo runs on, for people who want to copy it.
    static func yaml(_ configuration: FlagDeckConfiguration) -> String {
        var lines = ["# flagdeck demo: accounts on the embedded AppConfig emulator", "accounts:"]
        for account in configuration.accounts {
            lines.append("  - name: \(account.name)")
            if let profile = account.profile { lines.append("    profile: \(profile)") }
            lines.append("    regions: [\(account.regions.joined(separator: ", "))]")
            if let endpoint = account.endpoint { lines.append("    endpoint: \(endpoint)") }
        }
        lines.append("refreshSeconds: \(configuration.refreshSeconds)")
        if !configuration.powertools.envelopes.isEmpty {
            lines.append("powertools:")
            lines.append("  envelope:")
            for rule in configuration.powertools.envelopes { lines.append("    \"\(rule.pattern)\": \(rule.envelope)") }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// Where applications reach the demo, printed before the dashboard takes the screen (and
    /// seen again when it gives it back).
    var banner: String {
        var lines = ["flagdeck demo: AppConfig emulator \(emulator.endpoint) (control plane and AppConfigData: AWS_ENDPOINT_URL_APPCONFIGDATA)"]
        if let agent {
            lines.append("  Agent API \(agent.endpoint) (account \(agent.account.name), region \(agent.region))")
        }
        lines.append("  fake credentials and endpoints: \(directory.appendingPathComponent("emulator.json").path)")
        return lines.joined(separator: "\n") + "\n"
    }

    func stop() async {
        try? await agent?.stop()
        try? await emulator.stop()
        try? FileManager.default.removeItem(at: directory)
    }
}
