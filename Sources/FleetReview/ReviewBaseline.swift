import FlagModel
import FleetStore
import Foundation

/// The snapshot "since last review" compares against, and why that one.
public struct ReviewBaseline: Sendable, Hashable {
    public enum Origin: Sendable, Hashable, CustomStringConvertible {
        /// The day decisions were last recorded before today.
        case previousReview(ReviewDay)
        /// `--since DATE`: the fleet as it was at the end of that day.
        case chosenDate(ReviewDay)

        public var description: String {
            switch self {
            case .previousReview(let d): "the previous review on \(d)"
            case .chosenDate(let d): "\(d)"
            }
        }
    }

    public var origin: Origin
    public var snapshot: FleetSnapshot
    public var scannedAt: Date

    public init(origin: Origin, snapshot: FleetSnapshot, scannedAt: Date) {
        self.origin = origin
        self.snapshot = snapshot
        self.scannedAt = scannedAt
    }
}

/// Looking up a baseline, with the reason when there is none.
public enum BaselineLookup: Sendable, Hashable {
    case found(ReviewBaseline)
    /// No decision was recorded before today, so there is no "last review".
    case noPreviousReview
    /// No snapshot was stored on or before the moment wanted.
    case noSnapshot(ReviewBaseline.Origin)

    public var baseline: ReviewBaseline? { if case .found(let b) = self { b } else { nil } }

    /// Why there is nothing to compare with, for the minutes.
    public var explanation: String? {
        switch self {
        case .found: nil
        case .noPreviousReview: "no previous review recorded (no decisions before today); pass --since DATE to compare with a date"
        case .noSnapshot(let origin): "no snapshot stored on or before \(origin)"
        }
    }

    /// Which moment to compare with and why: the end of `since` when given, else the
    /// previous review; nil when there is neither.
    public static func wanted(since: ReviewDay?, book: DecisionBook, today: ReviewDay) -> (origin: ReviewBaseline.Origin, moment: Date)? {
        if let since { return (.chosenDate(since), since.adding(days: 1).start.addingTimeInterval(-0.001)) }
        if let previous = previousReview(in: book, before: today) { return (.previousReview(previous.day), previous.at) }
        return nil
    }

    /// The moment of the previous review: the last decision recorded on the
    /// latest day before `today` that has any. Today's decisions belong to the
    /// meeting in progress, not to the one to compare with.
    public static func previousReview(in book: DecisionBook, before today: ReviewDay) -> (day: ReviewDay, at: Date)? {
        let earlier = book.all.filter { ReviewDay($0.createdAt) < today }
        guard let last = earlier.max(by: { $0.createdAt < $1.createdAt }) else { return nil }
        return (ReviewDay(last.createdAt), last.createdAt)
    }
}

extension FleetStore {
    /// The baseline for "since last review": the snapshot scanned at or before
    /// the end of `since` when given, else the one the previous review looked at.
    /// The snapshot found is pinned (kept by the retention rule).
    public func reviewBaseline(since: ReviewDay?, book: DecisionBook, today: ReviewDay) async throws -> BaselineLookup {
        guard let (origin, moment) = BaselineLookup.wanted(since: since, book: book, today: today) else { return .noPreviousReview }
        guard let stored = try await snapshot(atOrBefore: moment) else { return .noSnapshot(origin) }
        // A review compared with it: the retention rule keeps it from now on.
        try? await pinSnapshot(id: stored.info.id)
        return .found(ReviewBaseline(origin: origin, snapshot: stored.snapshot, scannedAt: stored.info.scannedAt))
    }
}
