import Foundation
import GRDB

/// Which stored snapshots are kept. The rest are deleted after each save (the scan
/// paths pass `.standard`), in one statement, and the pieces no kept snapshot holds go.
///
/// Kept, relative to "now" (the scan just saved):
/// - the newest snapshot (by scan time, and the last one saved);
/// - every snapshot seen in the last `allDays` days (its last sighting, `lastSeenAt`);
/// - for each of the last `dailyDays` UTC days, the fleet as it was at the end of that
///   day: the newest snapshot stored on or before it (what `report --since DAY` reads);
/// - every snapshot a review used: the one "since last review" compares with (the newest
///   at or before the last decision of each day with decisions), and any pinned one
///   (`flagdeck report` pins the baseline it compared with).
///
/// Snapshots stored before compact snapshots (a full JSON body per scan, changed or not)
/// get no "every snapshot of the last days" rule: one per UTC day is what they keep.
public struct SnapshotRetention: Sendable, Hashable, Codable, CustomStringConvertible {
    public var allDays: Int
    public var dailyDays: Int

    public init(allDays: Int = 7, dailyDays: Int = 90) {
        self.allDays = allDays
        self.dailyDays = dailyDays
    }

    public static let standard = SnapshotRetention()

    public var description: String {
        "every snapshot seen in the last \(allDays) days; then the last of each UTC day for \(dailyDays) days; "
            + "plus the newest, every snapshot a review compared with, and every pinned one"
    }

    /// The start of the `allDays` window and of the first UTC day whose end-of-day
    /// snapshot is still kept.
    public func bounds(now: Date) -> (recent: Date, nextDayFrom: Date) {
        let day = 86_400.0
        let today = (now.timeIntervalSince1970 / day).rounded(.down) * day
        // A snapshot ends the day D when the next one starts on a later day; D is in the
        // window (today - dailyDays + 1 ... today) when that next one starts on or after
        // the day after the window's first.
        let nextDayFrom = today - Double(max(dailyDays, 1) - 2) * day
        return (now.addingTimeInterval(-Double(allDays) * day), Date(timeIntervalSince1970: nextDayFrom))
    }
}

/// What one application of the retention rule removed.
public struct RetentionOutcome: Sendable, Hashable {
    public var deletedSnapshots: Int
    public var deletedPieces: Int
}

extension FleetStore {
    /// Applies `policy` as of `now` (tests inject it; the scan paths use the scan time).
    @discardableResult
    public func applyRetention(_ policy: SnapshotRetention = .standard, now: Date) async throws -> RetentionOutcome {
        try await write { db in try Self.applyRetention(policy, now: now, in: db) }
    }

    @discardableResult
    static func applyRetention(_ policy: SnapshotRetention, now: Date, in db: Database) throws -> RetentionOutcome {
        let (recent, nextDayFrom) = policy.bounds(now: now)
        // Dates are stored as UTC text ('YYYY-MM-DD HH:MM:SS.SSS'): text order is time
        // order and the first ten characters are the UTC day.
        try db.execute(sql: """
            WITH info AS (
                SELECT s.id, s.pinned, s.encoding,
                       COALESCE(seen.last_seen_at, s.scanned_at) AS seen_at,
                       LEAD(s.scanned_at) OVER (ORDER BY s.scanned_at, s.id) AS next_at,
                       ROW_NUMBER() OVER (PARTITION BY substr(s.scanned_at, 1, 10)
                                          ORDER BY s.scanned_at DESC, s.id DESC) AS day_rank
                FROM snapshot AS s LEFT JOIN snapshot_seen AS seen ON seen.snapshot_id = s.id
            ),
            reviewed AS (
                SELECT (SELECT s.id FROM snapshot AS s WHERE s.scanned_at <= d.at
                        ORDER BY s.scanned_at DESC, s.id DESC LIMIT 1) AS id
                FROM (SELECT MAX(created_at) AS at FROM review_decision GROUP BY substr(created_at, 1, 10)) AS d
            )
            DELETE FROM snapshot WHERE id IN (
                SELECT id FROM info
                WHERE NOT pinned
                  AND next_at IS NOT NULL
                  AND id <> (SELECT MAX(id) FROM snapshot)
                  AND NOT (encoding <> 0 AND seen_at >= :recent)
                  AND NOT (day_rank = 1 AND next_at >= :nextDayFrom)
                  AND id NOT IN (SELECT id FROM reviewed WHERE id IS NOT NULL)
            )
            """, arguments: ["recent": recent, "nextDayFrom": nextDayFrom])
        let deletedSnapshots = db.changesCount
        guard deletedSnapshots > 0 else { return RetentionOutcome(deletedSnapshots: 0, deletedPieces: 0) }
        // A closed piece was held by every snapshot from first_used to last_used: it goes
        // when none of them is left. Open pieces belong to the newest, which stays.
        try db.execute(sql: """
            DELETE FROM snapshot_piece WHERE last_used IS NOT NULL AND NOT EXISTS (
                SELECT 1 FROM snapshot AS s WHERE s.id BETWEEN snapshot_piece.first_used AND snapshot_piece.last_used)
            """)
        return RetentionOutcome(deletedSnapshots: deletedSnapshots, deletedPieces: db.changesCount)
    }
}
