import CodeReferences
import AWSCore
import ArgumentParser
import FlagDeckConfig
import FlagDeploy
import FlagModel
import FlagDeckRuntime
import FleetStore
import Foundation
import TeamStore

/// `flagdeck retire`: remove a flag from AppConfig for real, the way a toggle writes: plan
/// from the deployed versions, confirm, optimistic lock, journal, deploy, watch.
struct RetireCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "retire",
        abstract: "Remove a flag from its documents in every environment where it is deployed, and deploy.",
        discussion: """
        Each new version is the DEPLOYED version without the flag (its flags and values entries, or its \
        Powertools feature, removed; nothing else changed), shared by environments with the same base, \
        created with optimistic locking and deployed with --strategy (default \
        AppConfig.Linear50PercentEvery30Seconds). Without --env: every environment where the flag's profile \
        is served, as the last stored scan saw them. Refused while the flag is on anywhere, or referenced in \
        code (codeReferences), unless --force. Waits for the deployments (--no-wait to leave them), then \
        records the review decision "retired".

        Exit status: 0 done, 1 usage, configuration, refusal or read-only (nothing sent), 2 some environments \
        failed (the others are done), 3 a conflict or a running deployment: look again and re-run, 4 the wait \
        gave up at --timeout (the deployments go on).
        """)

    @Option(name: .long, help: "The flag: APPLICATION/PROFILE/KEY.")
    var flag: String

    @Option(name: .long, parsing: .upToNextOption, help: "Only these environments: ACCOUNT/REGION/ENVIRONMENT.")
    var env: [String] = []

    @Option(name: .long, help: "Deployment strategy id (default: AppConfig.Linear50PercentEvery30Seconds).")
    var strategy: String?

    @Option(name: .long, help: "Why: recorded in the version, the deployment, the journal and the decision.")
    var reason: String = ""

    @Flag(name: .long, help: "Do not ask for confirmation.")
    var yes = false

    @Flag(name: .long, help: "Retire even while the flag is on somewhere or still referenced in code.")
    var force = false

    @Flag(name: .customLong("no-wait"), help: "Do not watch the deployments (the decision is then not recorded).")
    var noWait = false

    @Option(name: .long, help: "How long to watch the deployments (90s, 15m, 1h).")
    var timeout: String = "15m"

    @Option(name: .long, help: "Configuration file (else $FLAGDECK_CONFIG, else $XDG_CONFIG_HOME/flagdeck/config.yaml).")
    var config: String?

    @OptionGroup var author: AuthorOption

    func run() async throws {
        try author.apply()
        var runner = PlanRun(command: "retire", yes: yes, wait: !noWait, timeoutText: timeout,
                             waitLimit: ToggleCommand.duration(timeout) ?? .seconds(900))
        guard ToggleCommand.duration(timeout) != nil else { throw runner.fail("--timeout must be like 90s, 15m or 1h", 1) }
        let parts = flag.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, parts.allSatisfy({ !$0.isEmpty }) else {
            throw runner.fail("--flag must be APPLICATION/PROFILE/KEY, not \(flag)", 1)
        }
        let flagID = FlagID(application: parts[0], profile: parts[1], key: parts[2])
        if !yes && isatty(STDIN_FILENO) != 1 {
            throw runner.fail("not a terminal: pass --yes to deploy without confirmation; nothing was changed", 1)
        }
        var configuration: FlagDeckConfiguration
        do {
            configuration = try FleetSetup.loadConfiguration(explicit: config).0
        } catch {
            throw runner.fail("\(error)", 1)
        }
        if FleetSetup.readOnly(flag: false, configuration: configuration) {
            throw runner.fail("read-only mode (configuration readOnly or FLAGDECK_READ_ONLY): retire would create versions "
                              + "and start deployments; nothing was sent", 1)
        }
        let store = try? FleetSetup.openStore()
        configuration = try await FleetSetup.discoverFleet(configuration, store: store, command: "retire").applied(to: configuration)
        let environments = try await targetEnvironments(flagID, store: store, runner: runner)
        runner.team = await TeamStoreSetup.openForJournal(configuration, command: "retire")
        defer { runner.team?.close() }
        if !force, let refs = try await RetireGuards.codeReferences(of: flagID, configuration: configuration, store: store,
                                                                    team: runner.team) {
            throw runner.fail(refs, 1)
        }

        let transport = AsyncHTTPTransport()
        do {
            try await retire(flagID, environments: environments, configuration: configuration, store: store,
                             transport: transport, runner: runner)
        } catch {
            try? await transport.shutdown()
            throw error
        }
        try? await transport.shutdown()
    }

    /// Reads the environments, plans, confirms, deploys, watches, and records the decision.
    private func retire(_ flagID: FlagID, environments: [EnvironmentID], configuration: FlagDeckConfiguration,
                        store: FleetStore?, transport: AsyncHTTPTransport, runner: PlanRun) async throws {
        let accounts = configuration.accounts.filter { account in environments.contains { $0.accountName == account.name } }
        let (clients, accountIds) = try await ToggleClients.make(accounts: accounts, transport: transport)
        let selectors = environments.map {
            EnvironmentSelector(accountName: $0.accountName, accountId: accountIds[$0.accountName] ?? $0.accountId,
                                region: $0.region, environmentName: $0.environmentName)
        }
        let loaded = await ToggleTargetLoader(clients: clients, powertoolsEnvelope: configuration.powertools.envelope)
            .load(flag: flagID, environments: selectors)
        if !loaded.problems.isEmpty {
            for p in loaded.problems { runner.stderr("\(p.selector): \(p.reason)") }
            throw runner.fail("cannot read every environment; nothing was changed", 1)
        }
        let request = ToggleRequest.retirement(flag: flagID, strategy: strategy.map(StrategyChoice.id) ?? .automatic,
                                               reason: reason, force: force)
        let plan = TogglePlanner.plan(request, targets: loaded.targets, productionPatterns: configuration.production)
        print("Plan:")
        for line in plan.lines() { print(line) }
        if !plan.refusals.isEmpty {
            throw runner.fail("refused in \(plan.refusals.count) environment(s); nothing was changed", 1)
        }
        var completed = false
        var code: Int32 = 0
        if plan.hasWork {
            let outcome = try await runner.run(plan, clients: clients)
            completed = outcome.completed
            code = outcome.code
        } else {
            print("Nothing to change: no environment's deployed version has \(flagID.key).")
            completed = true
        }
        if completed, let store {
            let decision = ReviewDecision(flag: flagID, kind: .retired, note: reason.isEmpty ? nil : reason)
            try await store.recordDecision(decision)
            print("Recorded: \(flagID) retired.")
            if let team = runner.team {
                do {
                    try await team.recordDecision(decision)
                } catch {
                    runner.stderr("warning: the retirement is recorded on this machine only, not in the team store: \(error)")
                }
            }
        }
        if code != 0 { throw ExitCode(code) }
    }

    /// `--env`, or every environment whose served version of the profile the last stored
    /// scan saw (the flag's row: a cell with a served version).
    private func targetEnvironments(_ flag: FlagID, store: FleetStore?, runner: PlanRun) async throws -> [EnvironmentID] {
        if !env.isEmpty {
            return try env.map { text in
                let p = text.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
                guard p.count == 3, p.allSatisfy({ !$0.isEmpty }) else {
                    throw runner.fail("--env must be ACCOUNT/REGION/ENVIRONMENT, not \(text)", 1)
                }
                return EnvironmentID(accountName: p[0], accountId: "", region: p[1], applicationName: flag.application,
                                     environmentName: p[2])
            }
        }
        guard let stored = try await store?.latestSnapshot() else {
            throw runner.fail("no scan stored yet: run `flagdeck scan` first, or name the environments with --env", 1)
        }
        guard let row = stored.snapshot.rows.first(where: { $0.flag == flag }) else {
            throw runner.fail("\(flag) is not in the last scan (\(UTCDate.formatMinute(stored.info.scannedAt)) UTC): "
                              + "already retired, or misspelled; name the environments with --env to retire it anyway", 1)
        }
        let served = row.cells.filter { $0.servedVersion != nil && $0.isFresh }.map(\.environment)
        guard !served.isEmpty else { throw runner.fail("\(flag) is deployed nowhere the last scan could read", 1) }
        return served
    }
}

/// What must hold before a retirement goes ahead; each returns why not, or nil.
enum RetireGuards {
    /// The code references of the flag as `flagdeck refs` stored them, when configured.
    /// Refused while the code still names the flag: clients would lose the value they read.
    /// A teammate's newer search (in the team store) counts as much as this machine's.
    static func codeReferences(of flag: FlagID, configuration: FlagDeckConfiguration, store: FleetStore?,
                               team: TeamStore?) async throws -> String? {
        guard !configuration.codeReferences.isEmpty, let store else { return nil }
        let index = CodeReferenceIndex(scans: try await CodeReferenceEffects.scans(local: store, team: team),
                                       sources: configuration.codeReferences)
        guard let refs = index.summary(for: flag), refs.count > 0 else { return nil }
        let listed = refs.references.prefix(10).map { "  \($0.repository)/\($0.path):\($0.line): \($0.text)" }
        return "\(flag.key) is still referenced in code (\(refs.count) place\(refs.count == 1 ? "" : "s"), as `flagdeck refs` "
            + "last found them); remove them first, or retire with --force; nothing was changed\n" + listed.joined(separator: "\n")
            + (refs.count > 10 ? "\n  … and \(refs.count - 10) more" : "")
    }
}
