import FleetStore
import Foundation

/// Writes that did not reach the team store (the server was restarting, the network was
/// down), kept in memory and sent again before the next read or write, so a decision or
/// journal entry made while the server was away lands once it is back. Sending one twice
/// is harmless: the tables keep an existing row.
final class TeamBacklog: @unchecked Sendable {
    enum Write: Sendable {
        case decision(ReviewDecision)
        case journal(JournalEntry)
    }

    private let lock = NSLock()
    private var writes: [Write] = []
    private var flushing = false

    var count: Int { lock.withLock { writes.count } }

    func keep(_ write: Write) {
        lock.withLock { writes.append(write) }
    }

    /// Sends what is waiting, oldest first; stops at the first failure and keeps the rest.
    /// One caller at a time sends (another returns at once), so no write is skipped.
    func flush(_ send: (Write) async throws -> Void) async {
        let mine = lock.withLock { () -> Bool in
            if flushing { return false }
            flushing = true
            return true
        }
        guard mine else { return }
        defer { lock.withLock { flushing = false } }
        while let next = lock.withLock({ writes.first }) {
            do {
                try await send(next)
            } catch {
                return
            }
            lock.withLock { _ = writes.removeFirst() }
        }
    }
}
