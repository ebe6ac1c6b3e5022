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
    /// True once SIGINT/SIGTERM/SIGHUP asked the program to end.
    var terminationRequested: Bool { get }
}

/// A terminal in memory: keys are queued by the test, frames are recorded.
public final class HeadlessTerminal: Terminal, @unchecked Sendable {
    public private(set) var size: Size
    public var colorMode: ColorMode = .indexed256
    public private(set) var frames: [CellBuffer] = []
    public private(set) var started = false
    public private(set) var stopped = false
    public private(set) var theme: Theme = .builtinDefault
    public var terminationRequested = false
    /// A queued resize carries its new size, applied when read, as SIGWINCH would.
    private enum Input { case key(Key), resize(Size) }
    private var pending: [Input] = []

    public init(size: Size) { self.size = size }

    public var lastFrame: CellBuffer? { frames.last }

    public func enqueue(_ keys: Key...) { pending += keys.map(Input.key) }
    public func enqueue(_ keys: [Key]) { pending += keys.map(Input.key) }

    /// Types each character of `text` as a key press.
    public func type(_ text: String) { pending += text.map { Input.key(.char($0)) } }

    /// Queues a size change, delivered as a resize key like ncurses does on SIGWINCH.
    public func resize(to newSize: Size) { pending.append(.resize(newSize)) }

    public func start() throws { started = true }
    public func stop() { stopped = true }
    public func setTheme(_ theme: Theme) { self.theme = theme }
    public func present(_ frame: CellBuffer) { frames.append(frame) }

    public func readKey(timeoutMilliseconds: Int) -> Key? {
        guard !pending.isEmpty else { return nil }
        switch pending.removeFirst() {
        case .key(let key): return key
        case .resize(let newSize):
            size = newSize
            return .resize
        }
    }

    public var hasPendingInput: Bool { !pending.isEmpty }
}
