import AppConfigEmulator
import ArgumentParser
import Foundation

/// `flagdeck emulator …`: the local AppConfig-compatible emulator.
struct EmulatorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "emulator",
        abstract: "Run the local AppConfig-compatible emulator.",
        subcommands: [EmulatorServeCommand.self],
        defaultSubcommand: EmulatorServeCommand.self)
}

struct EmulatorServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve AppConfig (control plane and AppConfigData), STS, Organizations, Account Management and the Identity Center portal on one local port, and optionally the AppConfig Agent API on another.",
        discussion: "Requests must be SigV4-signed with one of the printed (fake, emulator-only) keys; the region comes from the credential scope. A synthetic seed is an organization whose first account is the management account. The Identity Center portal (unsigned) accepts the --sso-token bearer token. Applications read configuration through AppConfigData on the same port (AWS_ENDPOINT_URL_APPCONFIGDATA) or, with --agent-port, through the Agent API (unsigned; one account and region). Admin endpoints without auth: GET|PUT /_emulator/clock, PUT /_emulator/faults, GET /_emulator/stats, POST /_emulator/reset, GET /_emulator/accounts.")

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0 picks a free one).")
    var port = 4590

    @Option(help: "Initial contents: demo, empty, or synthetic:accounts=A,regions=R,apps=P,envs=E,flags=F[,versions=V].")
    var seed = "demo"

    @Option(name: .customLong("credentials"), help: "Extra account AKID:SECRET:ACCOUNT (repeatable).")
    var credentials: [String] = []

    @Option(help: "Virtual seconds per real second (deployments progress this much faster).")
    var timeScale: Double = 1

    @Option(help: "Start the virtual clock at this ISO-8601 time (default: now).")
    var now: String?

    @Option(help: "Persist state to this file and reload it on start.")
    var state: String?

    @Option(name: .customLong("sso-token"), help: "Bearer token the Identity Center portal accepts (ListAccounts, ListAccountRoles, GetRoleCredentials).")
    var ssoToken: String?

    @Option(name: .customLong("agent-port"), help: "Also serve the AppConfig Agent API (unsigned, as the Agent and the Lambda extension serve it on 2772) on this port (0 picks a free one).")
    var agentPort: Int?

    @Option(name: .customLong("agent-account"), help: "Account (name or id) the Agent API reads (default: the first account).")
    var agentAccount: String?

    @Option(name: .customLong("agent-region"), help: "Region the Agent API reads (default: the account's first region).")
    var agentRegion: String?

    @Option(name: .customLong("agent-poll-interval"), help: "Seconds of virtual time between the Agent API's polls of AppConfigData (15...86400).")
    var agentPollInterval = AgentAPIConfig.defaultPollIntervalSeconds

    mutating func validate() throws {
        if let agentPort, !(0...65535).contains(agentPort) { throw ValidationError("--agent-port must be 0...65535") }
        if !(15...86400).contains(agentPollInterval) { throw ValidationError("--agent-poll-interval must be 15...86400 seconds") }
        if agentPort == nil && (agentAccount != nil || agentRegion != nil) {
            throw ValidationError("--agent-account and --agent-region need --agent-port")
        }
        if timeScale < 0 { throw ValidationError("--time-scale must be >= 0") }
        if let now, Self.parseDate(now) == nil { throw ValidationError("--now must be ISO-8601, e.g. 2026-11-21T12:00:00Z") }
        if !(0...65535).contains(port) { throw ValidationError("--port must be 0...65535") }
    }

    static func parseDate(_ s: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: s) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: s)
    }

    func run() async throws {
        let seed: EmulatorSeed
        do { seed = try EmulatorSeed(parsing: self.seed) } catch { throw ValidationError("\(error)") }
        let extra: [EmulatorAccount]
        do { extra = try credentials.map { try EmulatorAccount(credentialsSpec: $0) } } catch { throw ValidationError("\(error)") }

        let emulator = try await AppConfigEmulator.start(
            seed: seed, host: host, port: port, timeScale: timeScale, now: now.flatMap(Self.parseDate),
            credentials: extra, stateFile: state, handleSignals: true, ssoPortal: SSOPortalConfig(token: ssoToken))

        var agent: AgentAPIServer?
        if let agentPort {
            do {
                agent = try await emulator.startAgent(AgentAPIConfig(host: host, port: agentPort, account: agentAccount, region: agentRegion,
                                                                     pollIntervalSeconds: agentPollInterval))
            } catch {
                try? await emulator.stop()
                throw ValidationError("\(error)")
            }
        }

        var out = """
        flagdeck emulator (AppConfig 2019-10-09, AppConfigData, STS, Organizations, Account, SSO portal) — seed \(seed), time scale \(timeScale)x
        endpoint: \(emulator.endpoint)
        data plane: \(emulator.endpoint) (AWS_ENDPOINT_URL_APPCONFIGDATA; sessions in memory)
        clock: \(ISO8601DateFormatter().string(from: emulator.clock.now()))

        """
        if let state {
            out += "state file: \(state)" + (emulator.restoredFromState ? " (reloaded; --seed not applied)\n" : "\n")
        }
        out += "accounts (fake emulator-only credentials):\n"
        for a in emulator.accounts {
            out += "  \(a.name.padding(toLength: 18, withPad: " ", startingAt: 0)) \(a.accountId)  \(a.regions.joined(separator: ","))  "
                + "AWS_ACCESS_KEY_ID=\(a.accessKeyId) AWS_SECRET_ACCESS_KEY=\(a.secretAccessKey)\n"
        }
        if let agent {
            out += "agent: \(agent.endpoint) (account \(agent.account.name), region \(agent.region), polls every \(agent.pollIntervalSeconds)s)\n"
        }
        if let org = emulator.organization { out += Self.describe(org) }
        let portal = SSOPortalConfig(token: ssoToken)
        out += ssoToken == nil ? "sso portal: no --sso-token, every bearer token is refused\n"
            : "sso portal: accepts the --sso-token bearer token (user \(portal.userName), roles \(portal.roles.joined(separator: ", ")) in every active account)\n"
        out += """
        try: AWS_ACCESS_KEY_ID=… AWS_SECRET_ACCESS_KEY=… aws appconfig list-applications --region us-east-1 --endpoint-url \(emulator.endpoint)
        admin: \(emulator.endpoint)/_emulator/{clock,faults,stats,reset,accounts}
        ready

        """
        FileHandle.standardOutput.write(Data(out.utf8))
        try await emulator.waitUntilStopped()
        try? await agent?.stop()
    }

    /// The organization in a few lines: management account, OUs, the exceptions tests look for.
    static func describe(_ org: EmulatorOrganization) -> String {
        func named(_ m: EmulatorOrganization.Member) -> String { "\(m.name) \(m.accountId)" }
        var out = "organization \(org.id): management account "
            + (org.account(org.managementAccountId).map(named) ?? org.managementAccountId) + "\n"
        let units = org.units.map { u in org.unitNames(u.id).joined(separator: "/") + " (\(org.childAccounts(of: u.id).count))" }
        out += "  OUs: " + units.joined(separator: ", ") + "\n"
        let members = org.accounts.filter { !org.isManagement($0.accountId) }
        if let m = members.first(where: { !$0.roles.contains(EmulatorOrganization.readerRole) }) {
            out += "  without \(EmulatorOrganization.readerRole): \(named(m))\n"
        }
        for m in members where m.status != "ACTIVE" { out += "  \(m.status.lowercased()): \(named(m))\n" }
        return out
    }
}
