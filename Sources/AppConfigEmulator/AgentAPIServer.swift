import Foundation
import Logging

/// Where the Agent API listens and which account and region it reads: the real Agent
/// reads the account and region of its own credentials, so this one picks one.
public struct AgentAPIConfig: Sendable {
    public var host: String
    /// 0 picks a free port.
    public var port: Int
    /// Account name or id; nil: the emulator's first account.
    public var account: String?
    /// nil: the account's first region.
    public var region: String?
    /// Seconds of virtual time between the Agent's polls (the real Agent's default is 45).
    public var pollIntervalSeconds: Int

    public static let defaultPollIntervalSeconds = 45

    public init(host: String = "127.0.0.1", port: Int = 2772, account: String? = nil, region: String? = nil,
                pollIntervalSeconds: Int = AgentAPIConfig.defaultPollIntervalSeconds) {
        self.host = host
        self.port = port
        self.account = account
        self.region = region
        self.pollIntervalSeconds = pollIntervalSeconds
    }
}

/// A running Agent API next to an emulator.
public final class AgentAPIServer: Sendable {
    /// `http://HOST:PORT`.
    public let endpoint: String
    public let port: Int
    public let account: EmulatorAccount
    public let region: String
    public let pollIntervalSeconds: Int
    private let server: ListeningServer

    init(endpoint: String, port: Int, account: EmulatorAccount, region: String, pollIntervalSeconds: Int, server: ListeningServer) {
        self.endpoint = endpoint
        self.port = port
        self.account = account
        self.region = region
        self.pollIntervalSeconds = pollIntervalSeconds
        self.server = server
    }

    public func stop() async throws { try await server.stop() }
}

extension AppConfigEmulator {
    /// Starts the Agent API on its own port, reading this emulator's world.
    public func startAgent(_ config: AgentAPIConfig) async throws -> AgentAPIServer {
        guard (15...86400).contains(config.pollIntervalSeconds) else {
            throw EmulatorConfigError("the Agent's poll interval must be 15...86400 seconds (as AppConfigData allows), got \(config.pollIntervalSeconds)")
        }
        let account: EmulatorAccount
        if let wanted = config.account {
            guard let found = self.account(wanted) else {
                throw EmulatorConfigError("no account \(wanted) in the emulator (accounts: \(accounts.map(\.name).joined(separator: ", ")))")
            }
            account = found
        } else {
            guard let first = accounts.first else { throw EmulatorConfigError("the emulator has no account for the Agent to read") }
            account = first
        }
        let region = config.region ?? account.regions.first ?? "us-east-1"
        guard account.regions.contains(region) else {
            throw EmulatorConfigError("account \(account.name) has no region \(region) (its regions: \(account.regions.joined(separator: ", ")))")
        }
        let service = AgentAPIService(core: core, accountId: account.accountId, region: region, pollInterval: TimeInterval(config.pollIntervalSeconds))
        var logger = Logger(label: "flagdeck.emulator.agent")
        logger.logLevel = .warning
        let server = try await ListeningServer.start(host: config.host, port: config.port, handleSignals: false, logger: logger,
                                                     handle: { await service.handle($0) })
        let shownHost = config.host.contains(":") ? "[\(config.host)]" : config.host
        return AgentAPIServer(endpoint: "http://\(shownHost):\(server.port)", port: server.port, account: account, region: region,
                              pollIntervalSeconds: config.pollIntervalSeconds, server: server)
    }
}
