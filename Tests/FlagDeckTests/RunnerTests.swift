import Foundation
import Testing
import TerminalUI
@testable import FlagDeck

final class RecordingEffects: EffectHandler, @unchecked Sendable {
    private let lock = NSLock()
    private var _handled: [Effect] = []
    var handled: [Effect] { lock.lock(); defer { lock.unlock() }; return _handled }

    func handle(_ effect: Effect, mailbox: Mailbox) {
        lock.lock(); _handled.append(effect); lock.unlock()
        if effect == .refresh { mailbox.post(.status(StatusMessage("refreshed"))) }
    }
}

@Suite struct RunnerTests {
    let themes = ThemeLocator(searchDirectories: [])

    @Test func runsKeysThroughUpdateAndRedrawsOnResizeUntilQuit() throws {
        let terminal = HeadlessTerminal(size: Size(width: 80, height: 24))
        terminal.enqueue(.char("?"))
        terminal.resize(to: Size(width: 60, height: 15))
        terminal.enqueue(.escape)
        terminal.resize(to: Size(width: 20, height: 5))
        terminal.enqueue(.char("q"))
        let runner = Runner(terminal: terminal, state: AppState(readOnly: true, size: Size(width: 1, height: 1)),
                            registry: .standard, effects: RecordingEffects(), themes: themes)
        try runner.run(pollMilliseconds: 1, maxIdlePolls: 50)
        #expect(terminal.started && terminal.stopped)
        #expect(runner.state.shouldQuit)
        let sizes = terminal.frames.map(\.size)
        #expect(sizes.first == Size(width: 80, height: 24))
        #expect(sizes.contains(Size(width: 60, height: 15)))
        #expect(terminal.frames.contains { $0.text.contains("─ Keys ─") })
        #expect(terminal.lastFrame?.text.contains("Terminal too small") == true)
        #expect(terminal.lastFrame?.size == Size(width: 20, height: 5))
    }

    @Test func effectResultsArriveThroughTheMailbox() throws {
        let terminal = HeadlessTerminal(size: Size(width: 80, height: 24))
        terminal.enqueue(.ctrl("r"))
        let effects = RecordingEffects()
        let runner = Runner(terminal: terminal, state: AppState(readOnly: false, size: Size(width: 80, height: 24)),
                            registry: .standard, effects: effects, themes: themes)
        try runner.run(pollMilliseconds: 1, maxIdlePolls: 5)
        #expect(effects.handled == [.refresh])
        #expect(terminal.lastFrame?.line(22).hasPrefix("refreshed") == true)
    }

    @Test func unknownThemeIsReportedNotFatal() throws {
        let terminal = HeadlessTerminal(size: Size(width: 80, height: 24))
        let runner = Runner(terminal: terminal, state: AppState(readOnly: false, size: Size(width: 80, height: 24), themeName: "nope"),
                            registry: .standard, effects: RecordingEffects(), themes: themes)
        try runner.run(pollMilliseconds: 1, maxIdlePolls: 2)
        #expect(runner.state.status?.kind == .error)
        #expect(terminal.lastFrame?.line(22).hasPrefix("theme \"nope\" not found") == true)
        #expect(terminal.theme == Theme.builtinDefault)
    }
}
