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
    /// Done: removed from every environment where its profile was deployed (`flagdeck
    /// retire` or `R`, recorded once every deployment completed). The flag leaves the review.
    case retired
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

/// The order of decisions, and so which one is a flag's current decision: the
/// one rule, shared by the store's queries and the review's `DecisionBook`.
///
/// A flag's decisions are ordered by `createdAt`, ties by insertion order (the
/// store's row id); its current decision is the last. Not insertion order
/// alone: `flagdeck decisions import` appends a colleague's older entries after
/// newer local ones, and those must not take over.
extension ReviewDecision {
    /// The rule as an SQL ordering of `review_decision` rows, oldest first.
    /// `created_at` is stored as UTC text to the millisecond, whose text order is
    /// its time order, and is read back as the `createdAt` compared below.
    static let orderSQL = "created_at, id"
    /// The same, newest first.
    static let newestFirstSQL = "created_at DESC, id DESC"

    /// `decisions` in decision order, oldest first: by `createdAt`, ties by
    /// insertion. A recorded decision was inserted when its id was assigned;
    /// one not recorded yet (no id) counts as inserted after every recorded
    /// one, in the order given. So a flag's current decision is the last of
    /// its decisions in this order, exactly as the store picks it.
    public static func chronological<S: Sequence>(_ decisions: S) -> [ReviewDecision] where S.Element == ReviewDecision {
        decisions.enumerated()
            .sorted { ($0.element.createdAt, $0.element.id ?? .max, $0.offset) < ($1.element.createdAt, $1.element.id ?? .max, $1.offset) }
            .map(\.element)
    }
}

extension FleetStore {
    /// Appends a decision. It becomes the flag's current one unless the flag has
    /// one created later (see `ReviewDecision.chronological`).
    @discardableResult
    public func recordDecision(_ decision: ReviewDecision) async throws -> ReviewDecision {
        try await recordDecisions([decision])[0]
    }

    /// Appends every decision, in the order given, in one write transaction: all
    /// of them are recorded or, if any is rejected (a target date that is not a
    /// day) or the write fails, none. Returns them with their ids.
    @discardableResult
    public func recordDecisions(_ decisions: [ReviewDecision]) async throws -> [ReviewDecision] {
        guard !decisions.isEmpty else { return [] }
        return try await write { db in
            try decisions.map { d in
                if let date = d.targetDate, !UTCDate.isValidDate(date) {
                    throw FleetStoreError.invalidDate(date)
                }
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
    }

    /// The current decision of every flag that has one: its latest by
    /// `createdAt`, ties by insertion (`ReviewDecision.chronological`).
    public func currentDecisions() async throws -> [FlagID: ReviewDecision] {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM review_decision AS d WHERE d.id =
                    (SELECT e.id FROM review_decision AS e
                     WHERE e.application = d.application AND e.profile = d.profile AND e.flag_key = d.flag_key
                     ORDER BY \(ReviewDecision.newestFirstSQL) LIMIT 1)
                """)
            var out: [FlagID: ReviewDecision] = [:]
            for row in rows {
                let d = try ReviewDecision(row: row)
                out[d.flag] = d
            }
            return out
        }
    }

    /// The flag's current decision: its latest by `createdAt`, ties by insertion.
    public func currentDecision(for flag: FlagID) async throws -> ReviewDecision? {
        try await read { db in
            try Row.fetchOne(db, sql: """
                SELECT * FROM review_decision WHERE application = ? AND profile = ? AND flag_key = ?
                ORDER BY \(ReviewDecision.newestFirstSQL) LIMIT 1
                """, arguments: [flag.application, flag.profile, flag.key]).map(ReviewDecision.init(row:))
        }
    }

    /// Every decision for a flag in decision order, oldest first (the current one last).
    public func decisionHistory(for flag: FlagID) async throws -> [ReviewDecision] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT * FROM review_decision WHERE application = ? AND profile = ? AND flag_key = ?
                ORDER BY \(ReviewDecision.orderSQL)
                """, arguments: [flag.application, flag.profile, flag.key]).map(ReviewDecision.init(row:))
        }
    }

    /// Every decision of every flag in decision order, oldest first, in one read.
    public func decisionLog() async throws -> [ReviewDecision] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM review_decision ORDER BY \(ReviewDecision.orderSQL)")
                .map(ReviewDecision.init(row:))
        }
    }
}
