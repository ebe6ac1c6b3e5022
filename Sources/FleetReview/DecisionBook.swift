import FlagModel
import FleetStore
import Foundation

/// Every recorded decision, and what they add up to per flag. Pure: built from
/// the store's history (or a file's), asked by the UI, the report and the merge.
///
/// A flag's history is in decision order and its current decision is the
/// last: the newest by `createdAt`, ties by insertion. The rule is the store's
/// (`ReviewDecision.chronological`), so the book and `FleetStore.currentDecision`
/// always name the same decision.
public struct DecisionBook: Sendable, Hashable {
    /// Per flag, in decision order (oldest first).
    public private(set) var histories: [FlagID: [ReviewDecision]]

    /// Decisions without an id (not recorded yet, or from a file) count as
    /// inserted after the recorded ones, in the order given.
    public init(_ decisions: [ReviewDecision] = []) {
        var histories: [FlagID: [ReviewDecision]] = [:]
        for d in ReviewDecision.chronological(decisions) { histories[d.flag, default: []].append(d) }
        self.histories = histories
    }

    /// Every decision, oldest first (flag order, then each flag's history order,
    /// break ties): the export order, stable so a file kept in git only grows at
    /// the end, and read back into the same histories.
    public var all: [ReviewDecision] {
        histories.values
            .flatMap { $0.enumerated().map { (rank: $0.offset, decision: $0.element) } }
            .sorted { ($0.decision.createdAt, $0.decision.flag, $0.rank) < ($1.decision.createdAt, $1.decision.flag, $1.rank) }
            .map(\.decision)
    }

    public var flags: [FlagID] { histories.keys.sorted() }

    public var isEmpty: Bool { histories.isEmpty }

    public func history(of flag: FlagID) -> [ReviewDecision] { histories[flag] ?? [] }

    public func current(_ flag: FlagID) -> ReviewDecision? { histories[flag]?.last }

    public var currentDecisions: [FlagID: ReviewDecision] { histories.compactMapValues(\.last) }

    /// Flags the meeting made permanent, for `RetirementPolicy.permanentKeys`.
    public var permanentFlags: Set<FlagID> {
        Set(histories.compactMap { $0.value.last?.kind == .permanent ? $0.key : nil })
    }

    /// The decision that keeps the flag off the candidate list on `day`, if any:
    /// permanent always; snooze and keep-until before their date (on it, the
    /// flag is back for review).
    public func exemption(_ flag: FlagID, on day: ReviewDay) -> ReviewDecision? {
        guard let d = current(flag) else { return nil }
        switch d.kind {
        case .permanent, .retired: return d
        case .snooze, .keepUntil:
            guard let until = d.targetDate.flatMap(ReviewDay.init) else { return nil }
            return day < until ? d : nil
        case .retire: return nil
        }
    }

    /// Adds a decision as the store would after recording it: inserted last,
    /// current unless its flag has a decision created later.
    public mutating func insert(_ decision: ReviewDecision) {
        histories[decision.flag] = ReviewDecision.chronological(history(of: decision.flag) + [decision])
    }
}
