import AWSCore
import ArgumentParser
import FlagDeckConfig
import FlagDeckRuntime
import FlagDeploy
import FlagModel
import FleetScanner
import FleetStore
import Foundation

/// `flagdeck toggle`: the incident quick-disable, headless, for runbooks. Same engine as
/// the dashboard's dialog: plan from the deployed versions, confirm, deploy, journal.
struct ToggleCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "toggle",
        abstract: "Turn a flag on or off in environments and deploy, headless (for runbooks).",
        discussion: """
        Builds each new version from the version DEPLOYED in the environment (not the latest), changes only \
        the flag's value, locks on the latest version number, and deploys (AppConfig.AllAtOnce for --off \
        unless --strategy says otherwise). Without --yes it asks on a terminal and refuses otherwise.

        A deployment in progress blocks an environment; --stop-running stops it first (AppConfig rolls it \
        back), waits for ROLLED_BACK, then deploys. A write whose answer is lost is looked for by the \
        operation id it carries, never sent blind again; a toggle killed half-way is checked against \
        AppConfig and journaled on the next start of flagdeck or flagdeck toggle.

        Exit status: 0 every environment started (or already had the value), 1 usage, configuration or \
        read-only refusal (nothing sent), 2 some environments failed (the others are done), 3 a conflict \
        or a running deployment: look again and re-run, 4 --wait gave up at --timeout (the deployments go on).
        """)

    @Option(name: .long, help: "The flag: APPLICATION/PROFILE/KEY.")
    var flag: String?

    @Option(name: .long, parsing: .upToNextOption, help: "Environments: ACCOUNT/REGION/ENVIRONMENT (several, or repeat --env).")
    var env: [String] = []

    @Flag(name: .long, help: "Enable the flag.")
    var on = false

    @Flag(name: .long, help: "Disable the flag.")
    var off = false

    @Option(name: .long, help: "For a multi-variant flag: the variant to switch (--off without it: every variant off).")
    var variant: String?

    @Option(name: .long, help: "Deployment strategy id (default: AppConfig.AllAtOnce for --off, the environment's last one for --on).")
    var strategy: String?

    @Option(name: .long, help: "Why: recorded in the version, the deployment and the journal.")
    var reason: String = ""

    @Flag(name: .long, help: "Do not ask for confirmation.")
    var yes = false

    @Option(name: .long, help: "Configuration file (else $FLAGDECK_CONFIG, else $XDG_CONFIG_HOME/flagdeck/config.yaml).")
    var config: String?

    @OptionGroup var author: AuthorOption

    @Flag(name: .long, help: "Watch the deployments until they complete (exit 2 if any does not).")
    var wait = false

    @Option(name: .long, help: "With --wait: give up after this long (90s, 15m, 1h; default 15m) with exit 4.")
    var timeout: String = "15m"

    @Flag(name: .long, help: "Where a deployment is in progress, stop it (rollback), wait for ROLLED_BACK, then deploy.")
    var stopRunning = false

    typealias Exit = PlanRun.Exit

    /// `90s`, `15m`, `1h` or plain seconds.
    static func duration(_ text: String) -> Duration? {
        let t = text.trimmingCharacters(in: .whitespaces).lowercased()
        let units: [(String, Int)] = [("h", 3600), ("m", 60), ("s", 1)]
        for (suffix, seconds) in units where t.hasSuffix(suffix) {
            guard let n = Int(t.dropLast()), n > 0 else { return nil }
            return .seconds(n * seconds)
        }
        guard let n = Int(t), n > 0 else { return nil }
        return .seconds(n)
    }

    func run() async throws {
        try author.apply()
        let (flagID, selectors) = try parseArguments()
        guard let waitLimit = Self.duration(timeout) else { throw fail("--timeout must be like 90s, 15m or 1h, not \(timeout)", Exit.usage) }
        // Nobody could answer the question later, so refuse before reading anything.
        if !yes && isatty(STDIN_FILENO) != 1 {
            throw fail("not a terminal: pass --yes to deploy without confirmation; nothing was changed", Exit.usage)
        }
        var configuration: FlagDeckConfiguration
        do {
            configuration = try FleetSetup.loadConfiguration(explicit: config).0
        } catch {
            throw fail("\(error)", Exit.usage)
        }
        if FleetSetup.readOnly(flag: false, configuration: configuration) {
            throw fail("read-only mode (configuration readOnly or FLAGDECK_READ_ONLY): toggle would create versions and start deployments; nothing was sent", Exit.usage)
        }
        // `--env ACCOUNT/...` may name a discovered account (organization / sso) as the scan shows it.
        configuration = try await FleetSetup.discoverFleet(configuration, store: try? FleetSetup.openStore(),
                                                           command: "toggle").applied(to: configuration)
        let places = try resolvePlaces(selectors, configuration)

        let transport = AsyncHTTPTransport()
        do {
            try await recoverInterrupted(configuration, transport)
            try await toggle(flagID, selectors, places, configuration, transport, waitLimit: waitLimit)
        } catch {
            try? await transport.shutdown()
            throw error
        }
        try? await transport.shutdown()
    }

    /// A toggle killed half-way last time is checked against AppConfig first, so this one
    /// starts from what really happened (and the journal says so).
    private func recoverInterrupted(_ configuration: FlagDeckConfiguration, _ transport: AsyncHTTPTransport) async throws {
        guard let store = try? FleetSetup.openStore() else { return }
        let clients = AppConfigClients(AccountClientFactory(readOnly: false, transport: transport).connect(configuration.accounts))
        for toggle in await ToggleRecovery(clients: clients, store: store).recover() {
            stderr("flagdeck toggle: \(toggle.summary)")
            for line in toggle.lines { stderr("  \(line)") }
        }
    }

    private func toggle(_ flagID: FlagID, _ selectors: [(account: String, region: String, environment: String)],
                        _ places: [String: FlagDeckConfiguration.Account], _ configuration: FlagDeckConfiguration,
                        _ transport: AsyncHTTPTransport, waitLimit: Duration) async throws {
        let (clients, accountIds) = try await ToggleClients.make(accounts: Array(places.values), transport: transport)
        let environments = selectors.map {
            EnvironmentSelector(accountName: $0.account, accountId: accountIds[$0.account] ?? "", region: $0.region,
                                environmentName: $0.environment)
        }
        let powertools = configuration.powertools
        let loaded = await ToggleTargetLoader(clients: clients, powertoolsEnvelope: powertools.envelope)
            .load(flag: flagID, environments: environments)
        if !loaded.problems.isEmpty {
            for p in loaded.problems { stderr("\(p.selector): \(p.reason)") }
            throw fail("cannot read every environment; nothing was changed", Exit.usage)
        }

        var request = ToggleRequest(flag: flagID, enabled: on, variant: variant,
                                    strategy: strategy.map(StrategyChoice.id) ?? .automatic, reason: reason)
        if stopRunning { request.stopRunning = Set(loaded.targets.map(\.environment)) }
        let plan = TogglePlanner.plan(request, targets: loaded.targets, productionPatterns: configuration.production)
        print("Plan:")
        for line in plan.lines() { print(line) }
        if !plan.refusals.isEmpty {
            throw fail("refused in \(plan.refusals.count) environment(s); nothing was changed", Exit.usage)
        }
        guard plan.hasWork else {
            print("Nothing to change.")
            return
        }
        let team = await TeamStoreSetup.openForJournal(configuration, command: "toggle")
        defer { team?.close() }
        let outcome = try await PlanRun(command: "toggle", yes: yes, wait: wait, timeoutText: timeout, waitLimit: waitLimit,
                                        team: team)
            .run(plan, clients: clients)
        if outcome.code != 0 { throw ExitCode(outcome.code) }
    }

    // MARK: - arguments

    private func parseArguments() throws -> (FlagID, [(account: String, region: String, environment: String)]) {
        guard on != off else { throw fail("say --on or --off (exactly one)", Exit.usage) }
        guard let flag else { throw fail("--flag APPLICATION/PROFILE/KEY is required", Exit.usage) }
        let parts = flag.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            throw fail("--flag must be APPLICATION/PROFILE/KEY, not \(flag)", Exit.usage)
        }
        guard !env.isEmpty else { throw fail("--env ACCOUNT/REGION/ENVIRONMENT is required (one or more)", Exit.usage) }
        var selectors: [(account: String, region: String, environment: String)] = []
        for e in env {
            let p = e.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard p.count == 3, p.allSatisfy({ !$0.isEmpty }) else {
                throw fail("--env must be ACCOUNT/REGION/ENVIRONMENT, not \(e)", Exit.usage)
            }
            if !selectors.contains(where: { $0.account == p[0] && $0.region == p[1] && $0.environment == p[2] }) {
                selectors.append((p[0], p[1], p[2]))
            }
        }
        return (FlagID(application: parts[0], profile: parts[1], key: parts[2]), selectors)
    }

    private func resolvePlaces(_ selectors: [(account: String, region: String, environment: String)],
                               _ configuration: FlagDeckConfiguration) throws -> [String: FlagDeckConfiguration.Account] {
        var places: [String: FlagDeckConfiguration.Account] = [:]
        for s in selectors {
            guard let account = configuration.accounts.first(where: { $0.name == s.account }) else {
                throw fail("no account \"\(s.account)\" in the configuration (accounts: \(configuration.accounts.map(\.name).joined(separator: ", ")))", Exit.usage)
            }
            guard account.regions.contains(s.region) else {
                throw fail("account \(s.account) has no region \(s.region) in the configuration (regions: \(account.regions.joined(separator: ", ")))", Exit.usage)
            }
            places[account.name] = account
        }
        return places
    }

    private func fail(_ message: String, _ code: Int32) -> ExitCode {
        stderr("flagdeck toggle: \(message)")
        return ExitCode(code)
    }

    private func stderr(_ line: String) {
        FileHandle.standardError.write(Data((line + "\n").utf8))
    }
}

/// Remembers the last line shown per deployment (the watch callback runs synchronously).
final class LineDeduplicator: @unchecked Sendable {
    private let lock = NSLock()
    private var shown: [DeploymentRef: String] = [:]

    func isNew(_ ref: DeploymentRef, _ line: String) -> Bool {
        lock.withLock {
            guard shown[ref] != line else { return false }
            shown[ref] = line
            return true
        }
    }
}

/// One AppConfig client per configured account and region, and each account's id.
enum ToggleClients {
    static func make(accounts: [FlagDeckConfiguration.Account],
                     transport: AsyncHTTPTransport) async throws -> (AppConfigClients, [String: String]) {
        let connections = AccountClientFactory(readOnly: false, transport: transport).connect(accounts)
        var ids: [String: String] = [:]
        for connection in connections {
            let account = connection.account
            do {
                ids[account.name] = try await accountId(account, connection.clients.get().aws)
            } catch {
                FileHandle.standardError.write(Data("flagdeck toggle: account \(account.name): \(error)\n".utf8))
                throw ExitCode(ToggleCommand.Exit.usage)
            }
        }
        return (AppConfigClients(connections), ids)
    }

    /// From the role ARN when there is one (no call needed), else STS.
    static func accountId(_ account: FlagDeckConfiguration.Account, _ aws: AWSClient) async throws -> String {
        if let arn = account.roleArn {
            let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
            if parts.count >= 6, parts[4].count == 12, parts[4].allSatisfy(\.isNumber) { return String(parts[4]) }
        }
        return try await aws.sts(region: account.regions.first ?? "us-east-1").getCallerIdentity().account
    }
}
