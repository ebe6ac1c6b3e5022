import AWSCore
import ArgumentParser
import FlagDeck
import FlagDeckConfig
import FlagDeckRuntime
import Foundation
import Logging
import TeamStore
import TerminalUI

struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the dashboard on the fleet of the configuration file (the default command)."
    )

    @Option(name: .long, help: "Configuration file (else $FLAGDECK_CONFIG, else $XDG_CONFIG_HOME/flagdeck/config.yaml).")
    var config: String?

    @OptionGroup var options: DashboardOptions

    @Flag(name: .long, help: "Open the team store's latest published snapshot (FLAGDECK_STORE or the configuration's store:), read-only, without any AWS call. Implied in read-only mode when no AWS credentials are configured at all (no AWS_* keys or profile variables, no profile in ~/.aws).")
    var fromStore = false

    /// The UI loop blocks in curses between keys: it runs on the main actor so it
    /// never ties up a thread of the (small) cooperative pool that scans use.
    @MainActor
    func run() async throws {
        let logPath = try Logs.bootstrap()
        try options.author.apply()
        let location = ConfigLocation.resolve(explicit: config)
        if fromStore {
            try await runFromStore()
            return
        }
        guard location.found != nil else {
            if Self.impliesFromStore(configuration: nil, readOnly: true) {
                try await runFromStore()
            } else {
                try runWithoutConfiguration(location)
            }
            return
        }
        let configuration: FlagDeckConfiguration
        do {
            configuration = try FleetSetup.loadConfiguration(explicit: config).0
        } catch {
            FileHandle.standardError.write(Data("flagdeck: \(error)\n".utf8))
            throw ExitCode(1)
        }
        if Self.impliesFromStore(configuration: configuration,
                                 readOnly: FleetSetup.readOnly(flag: options.readOnly, configuration: configuration)) {
            try await runFromStore()
            return
        }
        let store = try? FleetSetup.openStore()
        // Discovered accounts are known before the screen opens (toggles and the header need
        // them); every refresh asks again, so new accounts appear within the hour.
        let fleet = try await FleetSetup.discoverFleet(configuration, store: store, command: "dashboard")
        let (team, teamNotice) = await openTeamStore(configuration)
        defer { team?.close() }
        do {
            try await DashboardSession.run(.init(
                configuration: fleet.applied(to: configuration), environment: ProcessInfo.processInfo.environment,
                readOnly: FleetSetup.readOnly(flag: options.readOnly, configuration: configuration),
                theme: options.theme, store: store, team: team, notice: teamNotice,
                discovery: configuration.discoversAccounts ? configuration : nil))
        } catch {
            throw ValidationError("\(error) (log: \(logPath))")
        }
    }

    /// The team store when one is configured; when it cannot be opened the dashboard still
    /// opens on the local store, and says why on its first screen.
    private func openTeamStore(_ configuration: FlagDeckConfiguration) async -> (TeamStore?, [String]) {
        do {
            guard let location = try TeamStoreSetup.location(explicit: nil, configuration: configuration) else { return (nil, []) }
            return (try await TeamStoreSetup.open(location, role: .writer, command: "dashboard"), [])
        } catch {
            return (nil, ["Team store not used (decisions stay on this machine): \(error)"])
        }
    }

    /// `--from-store` without asking: a read-only user with a team store and no AWS
    /// credentials anywhere (an auditor) could see nothing else.
    static func impliesFromStore(configuration: FlagDeckConfiguration?, readOnly: Bool,
                                 environment: [String: String] = ProcessInfo.processInfo.environment) -> Bool {
        guard readOnly, !CredentialsPresence.anyConfigured(environment: environment) else { return false }
        let store = (try? TeamStoreSetup.location(explicit: nil, configuration: configuration, environment: environment)) ?? nil
        return store != nil
    }

    /// The auditor's dashboard: the team store's picture, nothing that needs AWS.
    @MainActor
    private func runFromStore() async throws {
        let team: TeamStore
        let configuration: FlagDeckConfiguration?
        do {
            configuration = try FleetSetup.optionalConfiguration(explicit: config)
            team = try await TeamStoreSetup.openForReading(config: config, command: "dashboard")
        } catch {
            FileHandle.standardError.write(Data("flagdeck: \(error)\n".utf8))
            throw ExitCode(1)
        }
        defer { team.close() }
        var state = AppState(readOnly: true, size: Size(width: 80, height: 24), themeName: options.theme ?? configuration?.theme ?? "default")
        state.header.publishedBy = "…"
        let effects = PublishedFleetEffects(store: team, refreshSeconds: configuration?.refreshSeconds ?? 60)
        let terminal = NcursesTerminal()
        let runner = Runner(terminal: terminal, state: state, registry: .standard, effects: effects, themes: .standard())
        effects.start(mailbox: runner.mailbox)
        try runner.run()
        terminal.exitForPendingSignal()
    }

    /// No configuration yet: the dashboard opens empty and says where it looked.
    @MainActor
    private func runWithoutConfiguration(_ location: ConfigLocation) throws {
        var state = AppState(readOnly: options.effectiveReadOnly, size: Size(width: 80, height: 24),
                             themeName: options.theme ?? "default")
        state.notice = ["No configuration file found. Looked in:"]
            + location.candidates.map { "  \($0)" }
            + ["", "Create one from your AWS profiles with `flagdeck init`,",
               "or try flagdeck on a local emulator with `flagdeck demo`."]
        let terminal = NcursesTerminal()
        let runner = Runner(terminal: terminal, state: state, registry: .standard,
                            effects: NoFleetEffects(), themes: .standard())
        try runner.run()
        terminal.exitForPendingSignal()
    }
}

/// Effects while no fleet is configured: say so instead of pretending to refresh.
struct NoFleetEffects: EffectHandler {
    func handle(_ effect: Effect, mailbox: Mailbox) {
        switch effect {
        case .refresh:
            mailbox.post(.status(StatusMessage("nothing to refresh: no accounts configured", .warning)))
        case .loadTheme:
            break
        default:
            mailbox.post(.status(StatusMessage("no fleet configured: run `flagdeck init` or try `flagdeck demo`", .warning)))
        }
    }
}
