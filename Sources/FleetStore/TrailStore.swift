import FlagModel
import Foundation
import GRDB

/// How far one account/region's CloudTrail history has been read.
public struct TrailCursor: Sendable, Hashable {
    public var accountId: String
    public var region: String
    /// Every event up to this moment is stored (nil: never read whole).
    public var readUntil: Date?
    /// Why the last lookup failed (AccessDenied...), nil when it worked.
    public var unreadable: String?
    public var checkedAt: Date
}

/// The CloudTrail events the audit has read (tables `cloudtrail_event`, `cloudtrail_cursor`).
/// Kept past CloudTrail's 90 days: the store becomes the longer record.
extension FleetStore {
    private static let trailEncoder: JSONEncoder = {
        let e = JSONEncoder()
        e.outputFormatting = [.sortedKeys]
        e.dateEncodingStrategy = .secondsSince1970
        return e
    }()

    private static func trailDecoder() -> JSONDecoder {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .secondsSince1970
        return d
    }

    /// Stores `events` (an event already stored is kept once) and moves the cursor to
    /// `readUntil`, in one transaction: a cursor never runs ahead of the events.
    public func saveTrail(accountId: String, region: String, events: [TrailEvent], readUntil: Date, checkedAt: Date = Date()) async throws {
        let encoded = try events.map { ($0, try Self.trailEncoder.encode($0)) }
        try await write { db in
            let insert = try db.cachedStatement(sql: """
                INSERT OR IGNORE INTO cloudtrail_event (account_id, region, event_id, event_name, event_time, event)
                VALUES (?, ?, ?, ?, ?, ?)
                """)
            for (event, data) in encoded {
                try insert.execute(arguments: [accountId, region, event.eventId, event.eventName, event.time.timeIntervalSince1970, data])
            }
            try db.execute(sql: """
                INSERT INTO cloudtrail_cursor (account_id, region, read_until, unreadable, checked_at) VALUES (?, ?, ?, NULL, ?)
                ON CONFLICT (account_id, region) DO UPDATE SET
                    read_until = MAX(COALESCE(read_until, 0), excluded.read_until), unreadable = NULL, checked_at = excluded.checked_at
                """, arguments: [accountId, region, readUntil.timeIntervalSince1970, checkedAt.timeIntervalSince1970])
        }
    }

    /// Records why an account/region's history could not be read; what was read stays.
    public func markTrailUnreadable(accountId: String, region: String, message: String, checkedAt: Date = Date()) async throws {
        try await write { db in
            try db.execute(sql: """
                INSERT INTO cloudtrail_cursor (account_id, region, read_until, unreadable, checked_at) VALUES (?, ?, NULL, ?, ?)
                ON CONFLICT (account_id, region) DO UPDATE SET unreadable = excluded.unreadable, checked_at = excluded.checked_at
                """, arguments: [accountId, region, message, checkedAt.timeIntervalSince1970])
        }
    }

    public func trailCursors() async throws -> [TrailCursor] {
        try await read { db in
            try Row.fetchAll(db, sql: "SELECT * FROM cloudtrail_cursor ORDER BY account_id, region").map { row in
                TrailCursor(accountId: row["account_id"], region: row["region"],
                            readUntil: (row["read_until"] as Double?).map(Date.init(timeIntervalSince1970:)),
                            unreadable: row["unreadable"], checkedAt: Date(timeIntervalSince1970: row["checked_at"]))
            }
        }
    }

    /// The stored events, oldest first; `since` leaves older ones out.
    public func trailEvents(since: Date? = nil) async throws -> [TrailEvent] {
        let rows: [Data] = try await read { db in
            try Data.fetchAll(db, sql: "SELECT event FROM cloudtrail_event WHERE event_time >= ? ORDER BY event_time, event_id",
                              arguments: [since?.timeIntervalSince1970 ?? -Double.greatestFiniteMagnitude])
        }
        let decoder = Self.trailDecoder()
        return try rows.map { try decoder.decode(TrailEvent.self, from: $0) }
    }

    /// The stored events and the account/regions whose history is unreadable now.
    public func auditTrail(since: Date? = nil) async throws -> AuditTrail {
        let gaps = try await trailCursors().compactMap { c in
            c.unreadable.map { AuditTrail.Gap(accountId: c.accountId, region: c.region, message: $0) }
        }
        return AuditTrail(events: try await trailEvents(since: since), gaps: gaps)
    }
}
