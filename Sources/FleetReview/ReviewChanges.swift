import FlagModel
import FleetStore
import Foundation

/// What changed in the fleet between the baseline snapshot (the previous
/// review's, or a chosen date's) and the current one. Pure.
public struct ReviewChanges: Sendable, Hashable {
    public struct NewCandidate: Sendable, Hashable {
        public var flag: FlagID
        public var verdicts: [Verdict]
    }

    /// Present now, not in the baseline.
    public var newFlags: [FlagID]
    /// Present in the baseline, gone now.
    public var removedFlags: [FlagID]
    /// Candidates now (and not exempted by a decision) that were not in the baseline.
    public var newCandidates: [NewCandidate]
    /// Candidates in the baseline, still present, that no rule flags any more
    /// (removed ones are in `removedFlags`).
    public var resolvedCandidates: [FlagID]
    /// Retirements decided on whose day passed with the flag still present.
    public var overdueRetirements: [OverdueRetirement]

    public var isEmpty: Bool {
        newFlags.isEmpty && removedFlags.isEmpty && newCandidates.isEmpty && resolvedCandidates.isEmpty
            && overdueRetirements.isEmpty
    }

    public static func compare(baseline: FleetSnapshot, current: FleetSnapshot, book: DecisionBook,
                               on day: ReviewDay) -> ReviewChanges {
        let before = index(baseline), now = index(current)
        let newFlags = now.keys.filter { before[$0] == nil }.sorted()
        let removed = before.keys.filter { now[$0] == nil }.sorted()
        let newCandidates = now.values.compactMap { row -> NewCandidate? in
            guard case .candidate(let verdicts) = Candidates.candidacy(row, book: book, on: day) else { return nil }
            if let old = before[row.flag], Candidates.isRuleCandidate(old) { return nil }
            return NewCandidate(flag: row.flag, verdicts: verdicts)
        }.sorted { $0.flag < $1.flag }
        let resolved = before.values.filter(Candidates.isRuleCandidate).map(\.flag).filter { flag in
            now[flag].map { !Candidates.isRuleCandidate($0) } ?? false
        }.sorted()
        return ReviewChanges(newFlags: newFlags, removedFlags: removed, newCandidates: newCandidates,
                             resolvedCandidates: resolved,
                             overdueRetirements: OverdueRetirement.find(in: current, book: book, on: day))
    }

    private static func index(_ snapshot: FleetSnapshot) -> [FlagID: FlagRow] {
        Dictionary(snapshot.rows.filter(Candidates.isPresent).map { ($0.flag, $0) }, uniquingKeysWith: { a, _ in a })
    }
}
