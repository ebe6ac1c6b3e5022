import FleetStore
import Foundation
import Testing
@testable import TeamStore

/// The writes a team store keeps while its server is away: sent oldest first, kept from the
/// first that fails, none sent twice by two callers flushing at once.
@Suite struct TeamBacklogTests {
    static func entry(_ n: Int) -> JournalEntry {
        JournalEntry(at: Date(timeIntervalSince1970: Double(n)), actor: "carol", action: "toggle", target: "t\(n)", result: "ok")
    }

    static func target(_ write: TeamBacklog.Write) -> String {
        if case .journal(let e) = write { return e.target }
        return "decision"
    }

    @Test func writesGoOldestFirstAndStayFromTheFirstFailure() async {
        let backlog = TeamBacklog()
        for n in 1...4 { backlog.keep(.journal(Self.entry(n))) }
        var sent: [String] = []
        await backlog.flush { write in
            if Self.target(write) == "t3" { throw TeamStoreError("down", serverUnreachable: true) }
            sent.append(Self.target(write))
        }
        #expect(sent == ["t1", "t2"] && backlog.count == 2)
        await backlog.flush { sent.append(Self.target($0)) }
        #expect(sent == ["t1", "t2", "t3", "t4"] && backlog.count == 0)
    }

    @Test func twoFlushesAtOnceSendEachWriteOnce() async {
        let backlog = TeamBacklog()
        for n in 1...50 { backlog.keep(.journal(Self.entry(n))) }
        let sent = Sent()
        await withTaskGroup(of: Void.self) { group in
            for _ in 0..<4 {
                group.addTask {
                    await backlog.flush { write in
                        try await Task.sleep(for: .milliseconds(1))
                        sent.add(Self.target(write))
                    }
                }
            }
        }
        // A flush that found another running returned at once: whatever is left is sent by the next.
        await backlog.flush { sent.add(Self.target($0)) }
        #expect(sent.all == (1...50).map { "t\($0)" })
    }

    final class Sent: @unchecked Sendable {
        private let lock = NSLock()
        private var items: [String] = []
        func add(_ s: String) { lock.withLock { items.append(s) } }
        var all: [String] { lock.withLock { items } }
    }
}

@Suite struct RecordedAuthorTests {
    @Test func aNameIsTrimmedAndANameThatWouldNotReadWellIsRefused() throws {
        #expect(try RecordedAuthor.validated("  oncall-lead ") == "oncall-lead")
        for bad in ["", "   ", String(repeating: "x", count: 65), "eve\u{1B}[31m"] {
            #expect(throws: RecordedAuthor.Invalid.self) { try RecordedAuthor.validated(bad) }
        }
    }
}
