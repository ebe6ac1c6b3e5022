import Foundation

/// The review meeting's minutes as data; the renderers only lay it out.
/// Codable field names are the JSON contract of `flagdeck report --format json`.
public struct ReviewReport: Sendable, Hashable, Codable {
    public struct Scan: Sendable, Hashable, Codable {
        public var scannedAt: String
        public var asOf: String
        public var flags: Int
        public var accounts: Int
        public var environments: Int
        /// `account/region: message` of what the scan could not read.
        public var failures: [String]
    }

    public struct VerdictCount: Sendable, Hashable, Codable {
        public var verdict: String
        public var flags: Int
    }

    /// Counts for one application or one account.
    public struct GroupCount: Sendable, Hashable, Codable {
        public var name: String
        public var flags: Int
        public var candidates: Int
        /// By verdict name (`short-term`, `stale`, …); zero counts left out.
        public var verdicts: [String: Int]
    }

    public struct Candidate: Sendable, Hashable, Codable {
        public var flag: String
        public var name: String?
        public var verdicts: [String]
        public var reasons: [String]
        /// Days since its last change in any environment; nil when unknown.
        public var daysUnchanged: Int?
        /// The current decision's badge, e.g. `retire → alice by 2026-12-31`.
        public var decision: String?
    }

    public struct Decision: Sendable, Hashable, Codable {
        public var flag: String
        public var kind: String
        public var badge: String
        /// `active`, `overdue`, `expired`, `done` (retired as decided), or `flag gone` for other decisions on a flag no longer in the fleet.
        public var status: String
        public var owner: String?
        public var targetDate: String?
        public var note: String?
        /// Rules of thumb 3–5 ticked: `3` positive feedback, `4` no refactors expected, `5` no longer needed.
        public var checklist: [Int]
        public var author: String
        public var createdAt: String
        /// Earlier decisions on the same flag.
        public var superseded: Int
    }

    public struct Retired: Sendable, Hashable, Codable {
        public var flag: String
        public var by: String
        public var on: String
        public var note: String?
    }

    public struct Overdue: Sendable, Hashable, Codable {
        public var flag: String
        public var owner: String?
        public var targetDate: String
        public var daysOverdue: Int
    }

    public struct Changes: Sendable, Hashable, Codable {
        public struct NewCandidate: Sendable, Hashable, Codable {
            public var flag: String
            public var reasons: [String]
        }
        /// `the previous review on 2026-10-20`, or the `--since` day.
        public var baseline: String
        /// When the baseline snapshot was scanned; nil when there is none.
        public var baselineScannedAt: String?
        /// Why nothing is compared, when there is no baseline.
        public var unavailable: String?
        public var newFlags: [String]
        public var removedFlags: [String]
        public var newCandidates: [NewCandidate]
        public var resolvedCandidates: [String]
    }

    public struct AgeBucket: Sendable, Hashable, Codable {
        public var label: String
        /// Inclusive bounds in days; both nil for flags never served.
        public var minDays: Int?
        public var maxDays: Int?
        public var flags: Int
    }

    /// The UTC day decisions are judged on.
    public var date: String
    public var scan: Scan
    public var verdictCounts: [VerdictCount]
    public var openCandidates: Int
    public var applications: [GroupCount]
    public var accounts: [GroupCount]
    /// Oldest unchanged first.
    public var candidates: [Candidate]
    /// Candidates a snooze or keep-until holds back for now.
    public var heldBack: [Candidate]
    /// The current decision of every flag that has one.
    public var decisions: [Decision]
    public var overdueRetirements: [Overdue]
    /// Flags retired (removed from AppConfig by flagdeck) since the previous review, or in
    /// the last 31 days without one; newest first.
    public var retired: [Retired]
    public var sinceLastReview: Changes
    public var shortTermAges: [AgeBucket]
}
