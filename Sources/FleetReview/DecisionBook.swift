import FlagModel
import FleetStore
import Foundation

/// Every recorded decision, and what they add up to per flag. Pure: built from
/// the store's history (or a file's), asked by the UI, the report and the merge.
///
/// The current decision of a flag is its newest by `createdAt` (the store's
/// order breaks ties). Not insertion order: an import appends a colleague's
/// older entries after newer local ones, and those must not take over.
public struct DecisionBook: Sendable, Hashable {
    /// Oldest first per flag.
    public private(set) var histories: [FlagID: [ReviewDecision]]

    public init(_ decisions: [ReviewDecision] = []) {
        var grouped: [FlagID: [(offset: Int, decision: ReviewDecision)]] = [:]
        for (i, d) in decisions.enumerated() { grouped[d.flag, default: []].append((i, d)) }
        histories = grouped.mapValues { entries in
            entries.sorted { Self.precedes($0, $1) }.map(\.decision)
        }
    }

    private static func precedes(_ a: (offset: Int, decision: ReviewDecision),
                                 _ b: (offset: Int, decision: ReviewDecision)) -> Bool {
        if a.decision.createdAt != b.decision.createdAt { return a.decision.createdAt < b.decision.createdAt }
        switch (a.decision.id, b.decision.id) {
        case let (x?, y?) where x != y: return x < y
        default: return a.offset < b.offset
        }
    }

    /// Every decision, oldest first (flag order breaks ties): the export order,
    /// stable so a file kept in git only grows at the end.
    public var all: [ReviewDecision] {
        histories.values.joined().sorted {
            ($0.createdAt, $0.flag, $0.author, $0.kind.rawValue) < ($1.createdAt, $1.flag, $1.author, $1.kind.rawValue)
        }
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
        case .permanent: return d
        case .snooze, .keepUntil:
            guard let until = d.targetDate.flatMap(ReviewDay.init) else { return nil }
            return day < until ? d : nil
        case .retire: return nil
        }
    }

    /// Adds decisions as the store would after recording them.
    public mutating func insert(_ decision: ReviewDecision) {
        self = DecisionBook(all + [decision])
    }
}
