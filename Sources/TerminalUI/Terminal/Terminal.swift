/// Where frames go and keys come from. The ncurses implementation is the only code
/// that touches the real terminal; tests use `HeadlessTerminal`.
public protocol Terminal: AnyObject {
    /// Current size in cells; changes after a `.resize` key.
    var size: Size { get }
    /// How many colours are available, once started.
    var colorMode: ColorMode { get }

    func start() throws
    /// Restores the terminal. Safe to call more than once.
    func stop()
    func setTheme(_ theme: Theme)
    func present(_ frame: CellBuffer)
    /// Waits up to `timeoutMilliseconds` for a key; nil on time-out.
    func readKey(timeoutMilliseconds: Int) -> Key?
}

/// A terminal in memory: keys are queued by the test, frames are recorded.
public final class HeadlessTerminal: Terminal, @unchecked Sendable {
    public private(set) var size: Size
    public var colorMode: ColorMode = .indexed256
    public private(set) var frames: [CellBuffer] = []
    public private(set) var started = false
    public private(set) var stopped = false
    public private(set) var theme: Theme = .builtinDefault
    private var pendingKeys: [Key] = []

    public init(size: Size) { self.size = size }

    public var lastFrame: CellBuffer? { frames.last }

    public func enqueue(_ keys: Key...) { pendingKeys += keys }
    public func enqueue(_ keys: [Key]) { pendingKeys += keys }

    /// Types each character of `text` as a key press.
    public func type(_ text: String) { pendingKeys += text.map { Key.char($0) } }

    /// Changes the size and delivers a resize key, as ncurses does on SIGWINCH.
    public func resize(to newSize: Size) {
        size = newSize
        pendingKeys.append(.resize)
    }

    public func start() throws { started = true }
    public func stop() { stopped = true }
    public func setTheme(_ theme: Theme) { self.theme = theme }
    public func present(_ frame: CellBuffer) { frames.append(frame) }

    public func readKey(timeoutMilliseconds: Int) -> Key? {
        if pendingKeys.isEmpty { return nil }
        let key = pendingKeys.removeFirst()
        if case .resize = key {} else { return key }
        return .resize
    }

    public var hasPendingKeys: Bool { !pendingKeys.isEmpty }
}
