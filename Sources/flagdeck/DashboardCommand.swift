import ArgumentParser
import FlagDeck
import Foundation
import Logging
import TerminalUI

struct DashboardCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "dashboard",
        abstract: "Open the dashboard on the fleet of the configuration file (the default command)."
    )

    @Option(name: .long, help: "Configuration file (else $FLAGDECK_CONFIG, else $XDG_CONFIG_HOME/flagdeck/config.yaml).")
    var config: String?

    @OptionGroup var options: DashboardOptions

    /// The UI loop blocks in curses between keys: it runs on the main thread so it
    /// never ties up a thread of the (small) cooperative pool that scans use.
    @MainActor
    func run() async throws {
        let logPath = try Logs.bootstrap()
        let location = ConfigLocation.resolve(explicit: config)
        var state = AppState(readOnly: options.effectiveReadOnly, size: Size(width: 80, height: 24),
                             themeName: options.theme ?? "default")
        if let found = location.found {
            state.notice = ["Configuration: \(found)",
                            "Reading the configuration file is not implemented in this build yet;",
                            "try `flagdeck demo` once it lands."]
        } else {
            state.notice = ["No configuration file found. Looked in:"]
                + location.candidates.map { "  \($0)" }
                + ["", "Create one from your AWS profiles with `flagdeck init`,",
                   "or try flagdeck on a local emulator with `flagdeck demo`."]
        }
        let terminal = NcursesTerminal()
        let runner = Runner(terminal: terminal, state: state, registry: .standard,
                            effects: NoFleetEffects(), themes: .standard())
        do {
            try runner.run()
        } catch {
            throw ValidationError("\(error) (log: \(logPath))")
        }
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
        }
    }
}
