import AWSCore
import AccountDiscovery
import FlagDeck
import FlagDeckConfig
import FlagDeckRuntime
import FleetScanner
import FleetStore
import Foundation
import TeamStore
import TerminalUI

/// Runs the dashboard on a fleet: terminal, runner, scanner and store wired together.
enum DashboardSession {
    struct Options {
        var configuration: FlagDeckConfiguration
        var environment: [String: String]
        var readOnly: Bool
        var theme: String?
        var store: FleetStore?
        /// The team store (`store:` / FLAGDECK_STORE): decisions are shared through it.
        var team: TeamStore? = nil
        var notice: [String] = []
        /// The configuration as written, when it discovers accounts: each scan resolves the
        /// fleet again (`configuration` then holds the accounts found at start).
        var discovery: FlagDeckConfiguration? = nil
    }

    @MainActor
    static func run(_ options: Options, afterTerminalRestored cleanup: () async -> Void = {}) async throws {
        // As many connections per host as `scan` uses, and the same clients every refresh:
        // credentials (assumed roles, SSO, credential_process) are not fetched again each minute.
        let transport = TransportPool.forScan(of: options.configuration)
        var scanner = FleetScanner(configuration: options.configuration, transport: transport,
                                   cache: SharedScanCache.make(local: options.store, team: options.team),
                                   environment: options.environment, readOnly: options.readOnly)
        scanner.clientCache = AccountClientCache()
        if let discovery = options.discovery {
            scanner.accountSource = FleetDiscovery(configuration: discovery, transport: transport,
                                                   environment: options.environment, cache: options.store)
        }
        var state = AppState(readOnly: options.readOnly, size: Size(width: 80, height: 24),
                             themeName: options.theme ?? options.configuration.theme)
        state.header.accounts = options.configuration.accounts.count
        state.header.regions = Set(options.configuration.accounts.flatMap(\.regions)).count
        state.notice = options.notice
        let toggles = ToggleEffects(configuration: options.configuration, environment: options.environment,
                                    readOnly: options.readOnly, transport: transport, journal: options.store, team: options.team)
        let effects = FleetEffects(scanner: scanner, store: options.store, refreshSeconds: options.configuration.refreshSeconds,
                                   toggles: toggles, team: options.team)
        let terminal = NcursesTerminal()
        let runner = Runner(terminal: terminal, state: state, registry: .standard, effects: effects, themes: .standard())
        effects.start(mailbox: runner.mailbox)
        var failure: Error?
        do {
            try runner.run()
        } catch {
            failure = error
        }
        await transport.shutdown()
        await cleanup()
        terminal.exitForPendingSignal()
        if let failure { throw failure }
    }
}
