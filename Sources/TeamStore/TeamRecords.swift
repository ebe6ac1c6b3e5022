import FlagModel
import FleetStore
import Foundation
import PostgresNIO

/// Decisions and journal entries: inserted, never updated. A row already there (the same
/// flag, kind, author and moment; the same entry) is kept once, so copying a local store
/// again or retrying after a lost answer adds nothing.
extension TeamStore {
    /// Times as the local store keeps them (to the nearest millisecond: GRDB's
    /// `yyyy-MM-dd HH:mm:ss.SSS`): the same decision or entry written from memory and later
    /// copied from SQLite is then one row.
    static func millisecond(_ d: Date) -> Date {
        Date(timeIntervalSince1970: (d.timeIntervalSince1970 * 1000).rounded() / 1000)
    }

    /// Records a decision. When the server cannot be reached (the error's
    /// `serverUnreachable`) the decision waits in memory and is sent before the next read
    /// or write.
    @discardableResult
    public func recordDecision(_ d: ReviewDecision) async throws -> Bool {
        try await keepingOnFailure(.decision(d)) { try await insertDecision(d) }
    }

    /// Records a journal entry, or keeps it for later like `recordDecision`.
    @discardableResult
    public func appendJournal(_ e: JournalEntry) async throws -> Bool {
        try await keepingOnFailure(.journal(e)) { try await insertJournal(e) }
    }

    /// How many writes wait for the server.
    public var waitingWrites: Int { backlog.count }

    /// Sends the writes that wait, if the server takes them now.
    public func sendWaitingWrites() async {
        await backlog.flush { write in
            switch write {
            case .decision(let d): _ = try await insertDecision(d)
            case .journal(let e): _ = try await insertJournal(e)
            }
        }
    }

    private func keepingOnFailure(_ write: TeamBacklog.Write, _ insert: () async throws -> Bool) async throws -> Bool {
        await sendWaitingWrites()
        do {
            return try await insert()
        } catch let error as TeamStoreError where error.serverUnreachable {
            backlog.keep(write)
            throw error
        }
    }

    private func insertDecision(_ d: ReviewDecision) async throws -> Bool {
        let createdAt = Self.millisecond(d.createdAt)
        let checklist = String(decoding: try JSONEncoder().encode(d.checklist), as: UTF8.self)
        return try await run { connection in
            let rows = try await connection.query("""
                INSERT INTO decision (application, profile, flag_key, kind, owner, target_date, note, checklist, author, created_at)
                VALUES (\(d.flag.application), \(d.flag.profile), \(d.flag.key), \(d.kind.rawValue), \(d.owner), \(d.targetDate),
                        \(d.note), \(checklist)::jsonb, \(d.author), \(createdAt))
                ON CONFLICT DO NOTHING RETURNING id
                """, logger: logger)
            var inserted = false
            for try await _ in rows.decode(Int64.self) { inserted = true }
            return inserted
        }
    }

    /// Every decision, oldest first (the last of a flag is the one in force); waiting writes
    /// are sent first, so they are among them.
    public func decisions() async throws -> [ReviewDecision] {
        await sendWaitingWrites()
        return try await run { connection in
            let rows = try await connection.query("""
                SELECT id, application, profile, flag_key, kind, owner, target_date, note, checklist::text, author, created_at
                FROM decision ORDER BY created_at, id
                """, logger: logger)
            var out: [ReviewDecision] = []
            for try await (id, app, profile, key, kind, owner, target, note, checklist, author, at)
                in rows.decode((Int64, String, String, String, String, String?, String?, String?, String, String, Date).self) {
                guard let kind = DecisionKind(rawValue: kind) else { continue }  // a kind a newer flagdeck wrote
                var d = ReviewDecision(flag: FlagID(application: app, profile: profile, key: key), kind: kind, owner: owner,
                                       targetDate: target, note: note,
                                       checklist: (try? JSONDecoder().decode(ReviewChecklist.self, from: Data(checklist.utf8))) ?? ReviewChecklist(),
                                       author: author, createdAt: at)
                d.id = id
                out.append(d)
            }
            return out
        }
    }

    private func insertJournal(_ e: JournalEntry) async throws -> Bool {
        let details = e.details.map { String(decoding: $0, as: UTF8.self) }
        let at = Self.millisecond(e.at)
        return try await run { connection in
            let rows = try await connection.query("""
                INSERT INTO journal (at, actor, action, target, result, details)
                VALUES (\(at), \(e.actor), \(e.action), \(e.target), \(e.result), \(details)::jsonb)
                ON CONFLICT DO NOTHING RETURNING id
                """, logger: logger)
            var inserted = false
            for try await _ in rows.decode(Int64.self) { inserted = true }
            return inserted
        }
    }

    /// Newest first; waiting writes are sent first.
    public func journal(limit: Int = 500) async throws -> [JournalEntry] {
        await sendWaitingWrites()
        return try await run { connection in
            let rows = try await connection.query("""
                SELECT at, actor, action, target, result, details::text FROM journal ORDER BY at DESC, id DESC LIMIT \(limit)
                """, logger: logger)
            var out: [JournalEntry] = []
            for try await (at, actor, action, target, result, details) in rows.decode((Date, String, String, String, String, String?).self) {
                out.append(JournalEntry(at: at, actor: actor, action: action, target: target, result: result,
                                        details: details.map { Data($0.utf8) }))
            }
            return out
        }
    }
}

extension TeamStore {
    /// How many rows each table holds.
    public func counts() async throws -> (decisions: Int, journal: Int, snapshots: Int) {
        try await run { connection in
            let rows = try await connection.query("""
                SELECT (SELECT count(*) FROM decision), (SELECT count(*) FROM journal), (SELECT count(*) FROM snapshot)
                """, logger: logger)
            for try await (d, j, s) in rows.decode((Int, Int, Int).self) { return (d, j, s) }
            return (0, 0, 0)
        }
    }
}
