import Foundation

/// Messages from background work to the UI thread. ncurses is not thread-safe, so
/// async results never draw: they are posted here and drained by the runner.
public final class Mailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var messages: [Msg] = []

    public init() {}

    public func post(_ msg: Msg) {
        lock.lock()
        messages.append(msg)
        lock.unlock()
    }

    public func drain() -> [Msg] {
        lock.lock()
        defer { lock.unlock() }
        let drained = messages
        messages.removeAll()
        return drained
    }
}
