import FlagModel
import Foundation
import GRDB

/// What the review meeting decided for a flag.
public enum DecisionKind: String, Sendable, Hashable, Codable, CaseIterable {
    case retire
    /// Keep until `targetDate`, then review again.
    case keepUntil
    /// Exempt from the retirement rules (kill switches, operational flags).
    case permanent
    /// Hide from the candidates until `targetDate`.
    case snooze
}

/// The human rules of thumb (3–5 of DESIGN.md); rules 1–2 are computed.
public struct ReviewChecklist: Sendable, Hashable, Codable {
    /// Rule 3: positive customer feedback.
    public var positiveFeedback: Bool
    /// Rule 4: no refactors expected.
    public var noRefactorsExpected: Bool
    /// Rule 5: product no longer needs it.
    public var noLongerNeeded: Bool

    public init(positiveFeedback: Bool = false, noRefactorsExpected: Bool = false, noLongerNeeded: Bool = false) {
        self.positiveFeedback = positiveFeedback
        self.noRefactorsExpected = noRefactorsExpected
        self.noLongerNeeded = noLongerNeeded
    }
}

/// One recorded decision. Decisions are never edited: a new one supersedes
/// the previous, so the history of a flag reads like the minutes did.
public struct ReviewDecision: Sendable, Hashable {
    /// Assigned by the store; nil before recording.
    public var id: Int64?
    public var flag: FlagID
    public var kind: DecisionKind
    public var owner: String?
    /// `YYYY-MM-DD` (UTC day), for keepUntil and snooze.
    public var targetDate: String?
    public var note: String?
    public var checklist: ReviewChecklist
    public var author: String
    public var createdAt: Date

    public init(flag: FlagID, kind: DecisionKind, owner: String? = nil, targetDate: String? = nil,
                note: String? = nil, checklist: ReviewChecklist = ReviewChecklist(),
                author: String = FleetStore.currentUser(), createdAt: Date = Date()) {
        self.flag = flag
        self.kind = kind
        self.owner = owner
        self.targetDate = targetDate
        self.note = note
        self.checklist = checklist
        self.author = author
        self.createdAt = createdAt
    }

    init(row: Row) throws {
        id = row["id"]
        flag = FlagID(application: row["application"], profile: row["profile"], key: row["flag_key"])
        let kindText: String = row["kind"]
        guard let kind = DecisionKind(rawValue: kindText) else {
            throw FleetStoreError.corruptRecord("review decision \(id ?? 0): unknown kind \(kindText)")
        }
        self.kind = kind
        owner = row["owner"]
        targetDate = row["target_date"]
        note = row["note"]
        checklist = ReviewChecklist(positiveFeedback: row["positive_feedback"],
                                    noRefactorsExpected: row["no_refactors_expected"],
                                    noLongerNeeded: row["no_longer_needed"])
        author = row["author"]
        createdAt = row["created_at"]
    }
}

extension FleetStore {
    /// Appends a decision; it becomes the flag's current one.
    @discardableResult
    public func recordDecision(_ decision: ReviewDecision) async throws -> ReviewDecision {
        if let date = decision.targetDate, !UTCDate.isValidDate(date) {
            throw FleetStoreError.invalidDate(date)
        }
        let d = decision
        return try await write { db in
            try db.execute(sql: """
                INSERT INTO review_decision
                    (application, profile, flag_key, kind, owner, target_date, note,
                     positive_feedback, no_refactors_expected, no_longer_needed, author, created_at)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                """, arguments: [d.flag.application, d.flag.profile, d.flag.key, d.kind.rawValue, d.owner,
                                 d.targetDate, d.note, d.checklist.positiveFeedback,
                                 d.checklist.noRefactorsExpected, d.checklist.noLongerNeeded, d.author,
                                 d.createdAt])
            var stored = d
            stored.id = db.lastInsertedRowID
            return stored
        }
    }

    /// The latest decision of every flag that has one. "Latest" is by
    /// insertion order, not `createdAt`, so clock skew between machines cannot
    /// resurrect an older decision.
    public func currentDecisions() async throws -> [FlagID: ReviewDecision] {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM review_decision WHERE id IN
                    (SELECT MAX(id) FROM review_decision GROUP BY application, profile, flag_key)
                """)
            var out: [FlagID: ReviewDecision] = [:]
            for row in rows {
                let d = try ReviewDecision(row: row)
                out[d.flag] = d
            }
            return out
        }
    }

    public func currentDecision(for flag: FlagID) async throws -> ReviewDecision? {
        try await read { db in
            try Row.fetchOne(db, sql: """
                SELECT * FROM review_decision WHERE application = ? AND profile = ? AND flag_key = ?
                ORDER BY id DESC LIMIT 1
                """, arguments: [flag.application, flag.profile, flag.key]).map(ReviewDecision.init(row:))
        }
    }

    /// Every decision for a flag, oldest first.
    public func decisionHistory(for flag: FlagID) async throws -> [ReviewDecision] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM review_decision WHERE application = ? AND profile = ? AND flag_key = ?
                ORDER BY id
                """, arguments: [flag.application, flag.profile, flag.key]).map(ReviewDecision.init(row:))
        }
    }
}
