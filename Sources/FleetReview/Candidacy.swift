import FlagModel
import FleetStore
import Foundation

/// Where a flag stands for the review meeting.
public enum Candidacy: Sendable, Hashable {
    /// No retirement rule fires (or a configured pattern exempts it).
    case notCandidate
    /// Up for retirement, with the verdicts that say why (stale, dead, overdue).
    case candidate([Verdict])
    /// A rule fires, but a decision keeps it off the list: permanent, or a
    /// snooze / keep-until whose day has not come.
    case exempt([Verdict], by: ReviewDecision)

    public var isCandidate: Bool { if case .candidate = self { true } else { false } }
}

public enum Candidates {
    /// The verdicts that make a flag a retirement candidate. Short-term alone is
    /// a plan, drift a warning: neither asks for a decision by itself.
    public static let retirementKinds: Set<VerdictKind> = [.stale, .dead, .overdue]

    /// Served (or unreadable) in at least one environment. A removed flag keeps a
    /// row of `absent` cells as long as old deployments mention it: it is gone.
    public static func isPresent(_ row: FlagRow) -> Bool { row.cells.contains { $0.state != .absent } }

    public static func retirementVerdicts(_ row: FlagRow) -> [Verdict] {
        row.verdicts.filter { retirementKinds.contains($0.kind) }
    }

    /// Verdicts alone, no decisions: "was it a candidate in last month's snapshot".
    public static func isRuleCandidate(_ row: FlagRow) -> Bool { !retirementVerdicts(row).isEmpty }

    public static func candidacy(_ row: FlagRow, book: DecisionBook, on day: ReviewDay) -> Candidacy {
        let verdicts = retirementVerdicts(row)
        guard !verdicts.isEmpty else { return .notCandidate }
        if let d = book.exemption(row.flag, on: day) { return .exempt(verdicts, by: d) }
        return .candidate(verdicts)
    }

    /// Whole days the flag has served its current state everywhere: since the
    /// newest change in any environment where it exists. nil when unknown (never
    /// served, or an environment without a start date).
    public static func daysUnchanged(_ row: FlagRow, asOf: Date) -> Int? {
        var latest: Date?
        for c in row.cells where c.state.isServed {
            guard let since = c.state == .on ? (c.since ?? c.stateSince) : (c.stateSince ?? c.since) else { return nil }
            latest = max(latest ?? since, since)
        }
        return latest.map { UTCDate.wholeDays(from: $0, to: asOf) }
    }

    /// Whole days since the flag was first served anywhere in its present run:
    /// a lower bound of its age, as far as the snapshot can tell (older history
    /// than the current run is not in it).
    public static func daysServed(_ row: FlagRow, asOf: Date) -> Int? {
        let starts = row.cells.compactMap { c -> Date? in
            guard c.state.isServed else { return nil }
            return c.stateSince ?? c.since
        }
        return starts.min().map { UTCDate.wholeDays(from: $0, to: asOf) }
    }
}

/// A retirement decided on, whose target day has passed with the flag still in the fleet.
public struct OverdueRetirement: Sendable, Hashable {
    public var decision: ReviewDecision
    public var daysOverdue: Int

    /// Retire decisions past their day whose flag the snapshot still holds, most overdue first.
    public static func find(in snapshot: FleetSnapshot, book: DecisionBook, on day: ReviewDay) -> [OverdueRetirement] {
        let present = Set(snapshot.rows.filter(Candidates.isPresent).map(\.flag))
        return book.currentDecisions.values.compactMap { d -> OverdueRetirement? in
            guard d.kind == .retire, present.contains(d.flag),
                  let target = d.targetDate.flatMap(ReviewDay.init), target < day else { return nil }
            return OverdueRetirement(decision: d, daysOverdue: day.dayNumber - target.dayNumber)
        }.sorted { ($0.daysOverdue, $1.decision.flag) > ($1.daysOverdue, $0.decision.flag) }
    }
}
