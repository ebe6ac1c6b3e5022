import FlagModel
import Foundation
import GRDB

/// One action taken from flagdeck (a toggle, a deployment, a stop), recorded
/// whatever its outcome: the audit trail of who did what, where.
public struct JournalEntry: Sendable, Hashable {
    /// Assigned by the store; nil before appending.
    public var id: Int64?
    public var at: Date
    /// Who: the OS user.
    public var actor: String
    /// What, e.g. `toggle`, `start-deployment`, `stop-deployment`.
    public var action: String
    /// Where, e.g. `payments-prod/us-east-1/checkout/prod`.
    public var target: String
    /// e.g. `ok`, `failed`, `refused`.
    public var result: String
    /// Any JSON document with the specifics (flag, versions, deployment number, error).
    public var details: Data?

    public init(at: Date = Date(), actor: String = FleetStore.currentUser(), action: String, target: String,
                result: String, details: Data? = nil) {
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.result = result
        self.details = details
    }

    /// Same, with `details` encoded from any Encodable value.
    public init(at: Date = Date(), actor: String = FleetStore.currentUser(), action: String, target: String,
                result: String, encoding details: some Encodable) throws {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        self.init(at: at, actor: actor, action: action, target: target, result: result,
                  details: try encoder.encode(details))
    }

    init(row: Row) {
        id = row["id"]
        at = row["at"]
        actor = row["actor"]
        action = row["action"]
        target = row["target"]
        result = row["result"]
        details = row["details"]
    }
}

extension FleetStore {
    @discardableResult
    public func appendJournal(_ entry: JournalEntry) async throws -> JournalEntry {
        if let details = entry.details, (try? JSONSerialization.jsonObject(with: details, options: [.fragmentsAllowed])) == nil {
            throw FleetStoreError.invalidInput("journal details must be a JSON document")
        }
        let e = entry
        return try await write { db in
            try db.execute(sql: """
                INSERT INTO journal (at, actor, action, target, result, details) VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [e.at, e.actor, e.action, e.target, e.result, e.details])
            var stored = e
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    /// Newest first; `beforeId` pages further back.
    public func journal(limit: Int = 100, beforeId: Int64? = nil) async throws -> [JournalEntry] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM journal WHERE id < ? ORDER BY id DESC LIMIT ?
                """, arguments: [beforeId ?? Int64.max, limit]).map(JournalEntry.init(row:))
        }
    }

    /// Entries of `action` whose `details.operation` no entry of `endAction` shares: the
    /// operations that started and never recorded their end (flagdeck was killed, or the
    /// store failed mid-way). Oldest first.
    public func unfinished(action: String, endAction: String) async throws -> [JournalEntry] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM journal AS j
                WHERE j.action = ? AND NOT EXISTS (
                    SELECT 1 FROM journal AS e
                    WHERE e.action = ?
                      AND json_extract(CAST(e.details AS TEXT), '$.operation') = json_extract(CAST(j.details AS TEXT), '$.operation'))
                ORDER BY j.id
                """, arguments: [action, endAction]).map(JournalEntry.init(row:))
        }
    }
}

extension FleetStore {
    /// flagdeck's own changes, as the audit joins them: each toggle/retire step that
    /// started a deployment or created a version, with its actor and reason.
    public func journalNotes(limit: Int = 100_000) async throws -> [JournalNote] {
        let entries = try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM journal WHERE action = 'toggle' ORDER BY id DESC LIMIT ?",
                             arguments: [limit]).map(JournalEntry.init(row:))
        }
        return entries.compactMap { entry in
            guard let data = entry.details,
                  let d = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any] else { return nil }
            let deployment = d["deploymentNumber"] as? Int, version = d["newVersion"] as? Int
            guard deployment != nil || version != nil else { return nil }
            return JournalNote(target: entry.target, profile: d["profile"] as? String, deploymentNumber: deployment,
                               newVersion: version, actor: entry.actor, reason: d["reason"] as? String, flag: d["flag"] as? String)
        }
    }
}
