import Foundation
import Logging
import TerminalUI

/// Carries out effects outside the pure core and reports back through the mailbox.
public protocol EffectHandler: Sendable {
    func handle(_ effect: Effect, mailbox: Mailbox)
}

/// Owns the terminal on the calling thread: reads keys, drains the mailbox, runs
/// `update`, and redraws when something changed.
public final class Runner {
    public let mailbox = Mailbox()
    private let terminal: Terminal
    private let registry: KeyRegistry
    private let effects: EffectHandler
    private let themes: ThemeLocator
    private let logger: Logger
    public private(set) var state: AppState

    public init(terminal: Terminal, state: AppState, registry: KeyRegistry, effects: EffectHandler,
                themes: ThemeLocator, logger: Logger = Logger(label: "flagdeck.ui")) {
        self.terminal = terminal
        self.state = state
        self.registry = registry.active(readOnly: state.readOnly)
        self.effects = effects
        self.themes = themes
        self.logger = logger
    }

    /// Runs until the user quits. `maxIdlePolls` bounds headless runs in tests.
    public func run(pollMilliseconds: Int = 100, maxIdlePolls: Int? = nil) throws {
        try terminal.start()
        defer { terminal.stop() }
        state.size = terminal.size
        state.availableThemes = themes.availableThemes()
        apply(effect: .loadTheme(state.themeName))
        var dirty = true
        var idlePolls = 0
        // Relative times in the header ("refreshed 12s ago") age even when nothing happens.
        var lastFrame = Date.distantPast
        while !state.shouldQuit && !terminal.terminationRequested {
            for msg in mailbox.drain() {
                dispatch(msg)
                dirty = true
            }
            if state.shouldQuit { break }
            if dirty || Date().timeIntervalSince(lastFrame) >= 1 {
                terminal.present(Screen.render(state, registry: registry))
                dirty = false
                lastFrame = Date()
            }
            if let key = terminal.readKey(timeoutMilliseconds: pollMilliseconds) {
                idlePolls = 0
                if case .resize = key { dispatch(.resized(terminal.size)) }
                dispatch(.key(key))
                dirty = true
            } else if let maxIdlePolls {
                idlePolls += 1
                if idlePolls >= maxIdlePolls { break }
            }
        }
        logger.info("dashboard closed")
    }

    private func dispatch(_ msg: Msg) {
        for effect in update(&state, msg, registry: registry) { apply(effect: effect) }
    }

    private func apply(effect: Effect) {
        switch effect {
        case .loadTheme(let name):
            // Theme files are tiny and local: loading inline keeps the terminal on one thread.
            do {
                let (theme, warnings) = try themes.load(name)
                for warning in warnings { logger.warning("\(warning)") }
                terminal.setTheme(theme)
                dispatch(.themeLoaded(name: name, warnings: warnings.map(\.description)))
                if warnings.isEmpty, name == state.themeName, state.status?.text == "theme \(name)" { state.status = nil }
            } catch {
                logger.error("\(error)")
                dispatch(.themeFailed(name: name, reason: "\(error)"))
            }
        default:
            effects.handle(effect, mailbox: mailbox)
        }
    }
}
