import CNcurses
import Foundation
#if canImport(Glibc)
import Glibc
#endif

/// Set while curses owns the screen, so exit paths (atexit, fatal signals) know to
/// restore it. Only touched from the UI thread and from signal handlers.
nonisolated(unsafe) private var cursesActive = false

/// A termination signal (INT, TERM, HUP, QUIT) waiting to be honoured by the UI
/// loop. The handler only stores it: curses calls are not async-signal-safe.
nonisolated(unsafe) private var pendingTerminationSignal: Int32 = 0

private func restoreTerminalOnce() {
    if cursesActive {
        cursesActive = false
        endwin()
    }
}

/// The real terminal through ncurses: wide characters, colours from the theme,
/// decoded keys, and the screen restored on every way out.
public final class NcursesTerminal: Terminal, @unchecked Sendable {
    public private(set) var colorMode: ColorMode = .none
    private var theme: Theme = .builtinDefault
    private var pairCache: [Int64: Int32] = [:]
    private let noColor: Bool

    public enum StartError: Error, CustomStringConvertible {
        case notATerminal
        case initFailed

        public var description: String {
            switch self {
            case .notATerminal: return "flagdeck's dashboard needs an interactive terminal (stdin and stdout must be a TTY); use `flagdeck scan` for scripts"
            case .initFailed: return "could not initialise the terminal (is TERM set to a known terminal type?)"
            }
        }
    }

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        // https://no-color.org: any non-empty value disables colour.
        noColor = !(environment["NO_COLOR"] ?? "").isEmpty
    }

    public var size: Size {
        guard cursesActive, let screen = fd_stdscr() else { return Size(width: 80, height: 24) }
        return Size(width: Int(getmaxx(screen)), height: Int(getmaxy(screen)))
    }

    public func start() throws {
        guard isatty(STDIN_FILENO) == 1, isatty(STDOUT_FILENO) == 1 else { throw StartError.notATerminal }
        // Without a UTF-8 locale ncurses garbles every non-ASCII glyph.
        setlocale(LC_ALL, "")
        if !DisplayWidth.unicodeAvailable { setlocale(LC_ALL, "C.UTF-8") }
        // An exported LINES/COLUMNS (pytest, some shells) would pin curses to that size
        // and make it ignore resizes: the terminal's own size must win.
        unsetenv("LINES")
        unsetenv("COLUMNS")
        guard initscr() != nil, let screen = fd_stdscr() else { throw StartError.initFailed }
        cursesActive = true
        Self.installExitHooks()
        raw()
        noecho()
        nonl()
        keypad(screen, true)
        set_escdelay(25)
        curs_set(0)
        if has_colors() {
            start_color()
            use_default_colors()
        }
        colorMode = ColorMode(colors: has_colors() ? Int(fd_colors()) : 0, noColor: noColor)
    }

    public func stop() {
        restoreTerminalOnce()
    }

    public func setTheme(_ theme: Theme) {
        self.theme = theme
        pairCache.removeAll()
        if theme.name == "monochrome" { colorMode = .none }
    }

    public func present(_ frame: CellBuffer) {
        guard cursesActive, let screen = fd_stdscr() else { return }
        let current = size
        // A frame rendered for an older size would wrap: skip it, a resize message follows.
        guard frame.size == current else { return }
        for y in 0..<frame.size.height {
            var x = 0
            while x < frame.size.width {
                let style = frame[x, y].style
                var run = ""
                let start = x
                while x < frame.size.width, frame[x, y].style == style {
                    run += frame[x, y].grapheme
                    x += 1
                }
                apply(style)
                if y == frame.size.height - 1, x == frame.size.width, let last = run.last {
                    // Writing the bottom-right cell would scroll the screen; inserting
                    // it does not move the cursor past the end.
                    run.removeLast()
                    _ = mvwaddstr(screen, Int32(y), Int32(start), run)
                    _ = mvwinsstr(screen, Int32(y), Int32(frame.size.width - 1), String(last))
                } else {
                    _ = mvwaddstr(screen, Int32(y), Int32(start), run)
                }
            }
        }
        wattrset(screen, 0)
        wrefresh(screen)
    }

    private func apply(_ style: CellStyle) {
        guard let screen = fd_stdscr() else { return }
        let look = theme.appearance(of: style, mode: colorMode)
        var attributes: UInt32 = fd_a_normal()
        if look.attributes.contains(.bold) { attributes |= fd_a_bold() }
        if look.attributes.contains(.dim) { attributes |= fd_a_dim() }
        if look.attributes.contains(.underline) { attributes |= fd_a_underline() }
        if look.attributes.contains(.reverse) { attributes |= fd_a_reverse() }
        if look.attributes.contains(.italic) { attributes |= fd_a_italic() }
        var pair: Int32 = 0
        if colorMode != .none {
            let fg = Int32(ColorDownsampler.terminalColor(look.foreground, mode: colorMode))
            let bg = Int32(ColorDownsampler.terminalColor(look.background, mode: colorMode))
            let key = Int64(fg) << 32 | Int64(UInt32(bitPattern: bg))
            if let cached = pairCache[key] {
                pair = cached
            } else {
                pair = max(0, alloc_pair(fg, bg))
                pairCache[key] = pair
            }
        }
        wattr_set(screen, attr_t(attributes), Int16(truncatingIfNeeded: pair), nil)
    }

    public func readKey(timeoutMilliseconds: Int) -> Key? {
        guard cursesActive, let screen = fd_stdscr() else { return nil }
        wtimeout(screen, Int32(timeoutMilliseconds))
        var code: wint_t = 0
        let result = wget_wch(screen, &code)
        if result == KEY_CODE_YES { return Self.decodeFunctionKey(Int32(code)) }
        if result == OK { return Key.fromCharacterCode(UInt32(code)) }
        return nil
    }

    static func decodeFunctionKey(_ code: Int32) -> Key? {
        switch code {
        case KEY_UP: return .up
        case KEY_DOWN: return .down
        case KEY_LEFT: return .left
        case KEY_RIGHT: return .right
        case KEY_HOME: return .home
        case KEY_END: return .end
        case KEY_PPAGE: return .pageUp
        case KEY_NPAGE: return .pageDown
        case KEY_DC: return .delete
        case KEY_IC: return .insert
        case KEY_BACKSPACE: return .backspace
        case KEY_ENTER: return .enter
        case KEY_BTAB: return .backTab
        case KEY_RESIZE: return .resize
        case fd_key_f(1)...fd_key_f(24): return .function(Int(code - fd_key_f(0)))
        default: return nil
        }
    }

    nonisolated(unsafe) private static var hooksInstalled = false

    /// The termination signal received, if any; the runner stops and the command
    /// then calls `exitForPendingSignal()`.
    public var terminationRequested: Bool { pendingTerminationSignal != 0 }

    /// After the terminal is restored, dies of the received signal as the default
    /// action would have (exit status 128+N for the parent shell).
    public func exitForPendingSignal() {
        let sig = pendingTerminationSignal
        guard sig != 0 else { return }
        stop()
        signal(sig, SIG_DFL)
        // Worker threads block signals; make sure this one can receive it.
        var set = sigset_t()
        sigemptyset(&set)
        sigaddset(&set, sig)
        pthread_sigmask(SIG_UNBLOCK, &set, nil)
        raise(sig)
    }

    /// Restores the screen on exit() and on crashes; termination signals are turned
    /// into a flag the UI loop polls, so the screen is restored from the main thread.
    private static func installExitHooks() {
        guard !hooksInstalled else { return }
        hooksInstalled = true
        atexit { restoreTerminalOnce() }
        for sig in [SIGINT, SIGTERM, SIGHUP, SIGQUIT] {
            signal(sig) { received in pendingTerminationSignal = received }
        }
        // A crash is past saving: restoring the tty is the one useful thing left.
        for sig in [SIGABRT, SIGSEGV, SIGBUS, SIGILL, SIGTRAP, SIGFPE] {
            signal(sig) { received in
                restoreTerminalOnce()
                signal(received, SIG_DFL)
                raise(received)
            }
        }
    }
}
