import FlagModel
import Foundation

/// How long short-term flags have been around: the tail of "temporary" flags
/// that never left is what the meeting is for.
enum AgeHistogram {
    /// Inclusive day ranges; the last is open-ended.
    static let bounds: [(min: Int, max: Int?)] = [(0, 29), (30, 59), (60, 89), (90, 179), (180, 364), (365, nil)]

    static func buckets(_ rows: [FlagRow], asOf: Date) -> [ReviewReport.AgeBucket] {
        let ages = rows.map { Candidates.daysServed($0, asOf: asOf).map { max(0, $0) } }
        var out = bounds.map { b in
            ReviewReport.AgeBucket(label: b.max.map { "\(b.min)–\($0) days" } ?? "\(b.min)+ days", minDays: b.min,
                                   maxDays: b.max, flags: ages.filter { age in
                                       guard let age else { return false }
                                       return age >= b.min && b.max.map { age <= $0 } ?? true
                                   }.count)
        }
        out.append(ReviewReport.AgeBucket(label: "never served", minDays: nil, maxDays: nil,
                                          flags: ages.filter { $0 == nil }.count))
        return out
    }
}
