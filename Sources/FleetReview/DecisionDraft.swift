import FlagModel
import FleetStore
import Foundation

/// What the operator typed in the Review view before it becomes a decision.
/// `decision(for:author:now:)` is the one gate every new decision passes.
public struct DecisionDraft: Sendable, Hashable {
    public var kind: DecisionKind
    public var owner: String?
    /// `YYYY-MM-DD`: the retirement target, the keep-until or the snooze-until day.
    public var targetDate: String?
    /// Snooze only, instead of `targetDate`: hide for this many days from today.
    public var snoozeDays: Int?
    public var note: String?
    public var checklist: ReviewChecklist

    public init(kind: DecisionKind, owner: String? = nil, targetDate: String? = nil, snoozeDays: Int? = nil,
                note: String? = nil, checklist: ReviewChecklist = ReviewChecklist()) {
        self.kind = kind
        self.owner = owner
        self.targetDate = targetDate
        self.snoozeDays = snoozeDays
        self.note = note
        self.checklist = checklist
    }

    public static func retire(owner: String, by date: String, note: String? = nil,
                              checklist: ReviewChecklist = ReviewChecklist()) -> DecisionDraft {
        DecisionDraft(kind: .retire, owner: owner, targetDate: date, note: note, checklist: checklist)
    }

    public static func keep(until date: String, note: String? = nil,
                            checklist: ReviewChecklist = ReviewChecklist()) -> DecisionDraft {
        DecisionDraft(kind: .keepUntil, targetDate: date, note: note, checklist: checklist)
    }

    public static func permanent(owner: String? = nil, note: String? = nil) -> DecisionDraft {
        DecisionDraft(kind: .permanent, owner: owner, note: note)
    }

    public static func snooze(days: Int, note: String? = nil) -> DecisionDraft {
        DecisionDraft(kind: .snooze, snoozeDays: days, note: note)
    }

    /// The longest snooze accepted: beyond a year it is a keep-until in disguise.
    public static let maxSnoozeDays = 366

    /// A validated decision, dated `now`, or the first thing wrong with the draft.
    /// Dates are judged against the UTC day of `now`.
    public func decision(for flag: FlagID, author: String, now: Date) throws(DecisionDraftError) -> ReviewDecision {
        let today = ReviewDay(now)
        let owner = owner.flatMap(Self.trimmed)
        var target: String?
        switch kind {
        case .retire:
            guard owner != nil else { throw .missingOwner }
            let day = try Self.day(targetDate, kind: kind)
            // Today is fine (retire it today); a past target would be overdue on arrival.
            if day < today { throw .dateInPast(day.description, today: today.description) }
            target = day.description
        case .keepUntil:
            let day = try Self.day(targetDate, kind: kind)
            if day <= today { throw .dateNotInFuture(day.description, today: today.description) }
            target = day.description
        case .snooze:
            if let days = snoozeDays {
                guard (1...Self.maxSnoozeDays).contains(days) else { throw .invalidSnoozeDays(days) }
                target = today.adding(days: days).description
            } else {
                let day = try Self.day(targetDate, kind: kind)
                if day <= today { throw .dateNotInFuture(day.description, today: today.description) }
                target = day.description
            }
        case .permanent, .retired:
            // Permanent has no end, and a retirement is recorded when it is done: a date would only mislead.
            target = nil
        }
        return ReviewDecision(flag: flag, kind: kind, owner: owner, targetDate: target, note: note.flatMap(Self.trimmed),
                              checklist: checklist, author: author, createdAt: now)
    }

    private static func day(_ text: String?, kind: DecisionKind) throws(DecisionDraftError) -> ReviewDay {
        guard let text = text.flatMap(trimmed) else { throw .missingTargetDate(kind) }
        guard let day = ReviewDay(text) else { throw .invalidDate(text) }
        return day
    }

    private static func trimmed(_ s: String) -> String? {
        let t = s.trimmingCharacters(in: .whitespacesAndNewlines)
        return t.isEmpty ? nil : t
    }
}

/// Why a draft cannot be recorded, worded for the status line.
public enum DecisionDraftError: Error, Sendable, Hashable, CustomStringConvertible {
    case missingOwner
    case missingTargetDate(DecisionKind)
    case invalidDate(String)
    case dateInPast(String, today: String)
    case dateNotInFuture(String, today: String)
    case invalidSnoozeDays(Int)

    public var description: String {
        switch self {
        case .missingOwner: "retire needs an owner: who removes the flag from the code"
        case .missingTargetDate(let kind): "\(kind.rawValue) needs a date (YYYY-MM-DD)"
        case .invalidDate(let d): "'\(d)' is not a date: expected YYYY-MM-DD"
        case .dateInPast(let d, let today): "\(d) is in the past (today is \(today))"
        case .dateNotInFuture(let d, let today): "\(d) must be after today (\(today))"
        case .invalidSnoozeDays(let n): "snooze for 1 to \(DecisionDraft.maxSnoozeDays) days, not \(n)"
        }
    }
}
