import FlagModel
import FleetStore
import Foundation
import PostgresNIO

/// A fleet snapshot as published to the team store, read as its last sighting.
public struct PublishedSnapshot: Sendable {
    public var snapshot: FleetSnapshot
    /// The last scan that found the fleet like this.
    public var scannedAt: Date
    /// The scan that first published it.
    public var firstScannedAt: Date
    public var publishedBy: String
    public var errors: [ScanFailure]
}

/// What `publish` did.
public enum PublishOutcome: Sendable, Equatable {
    /// A new snapshot row: the fleet changed (or it is the first).
    case stored
    /// The fleet was as in the latest snapshot: only its sighting (and audit) moved on.
    case unchanged
    /// This very scan was published before.
    case alreadyPublished
}

/// Snapshots in the team store as the local store keeps them: compact, one row per
/// change of the fleet, thinned by the same retention rule (`SnapshotRetention`).
extension TeamStore {
    /// Publishes one scan, with the audit rows of it when given (`flagdeck audit
    /// --from-store` and the Audit view read them). Publishing the same scan twice, or two
    /// publishers at once, leave one row: the latest is read and written under a lock.
    @discardableResult
    public func publish(_ snapshot: FleetSnapshot, scannedAt: Date, errors: [ScanFailure], audit: PublishedAudit? = nil,
                        by author: String = FleetStore.currentUser(),
                        retention: SnapshotRetention = .standard) async throws -> PublishOutcome {
        let (body, fingerprint) = try SnapshotBlob.encode(snapshot, errors: errors)
        let errorText = String(decoding: try JSONEncoder().encode(errors), as: UTF8.self)
        let auditBody = try audit.map { ByteBuffer(bytes: try Self.auditEncoder.encode($0)) }
        let scannedAt = Self.millisecond(scannedAt)
        return try await run { connection in
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(TeamSchema.lockKey + 1))", logger: logger)
                let latest = try await Self.latestSighting(connection, logger)
                if let latest, (latest.firstScannedAt...latest.scannedAt).contains(scannedAt),
                   latest.fingerprint == fingerprint || latest.firstScannedAt == scannedAt {
                    return .alreadyPublished
                }
                if let latest, scannedAt > latest.scannedAt, latest.fingerprint == fingerprint {
                    try await connection.query("""
                        UPDATE snapshot SET last_seen_at = \(scannedAt), last_as_of = \(snapshot.asOf), seen_count = seen_count + 1,
                                            audit = COALESCE(\(auditBody), audit)
                        WHERE id = \(latest.id)
                        """, logger: logger)
                    return .unchanged
                }
                // Older than the latest: a copy of an earlier scan (`store migrate`), kept in time order.
                let inserted = try await connection.query("""
                    INSERT INTO snapshot (scanned_at, as_of, flag_count, error_count, published_by, body, errors, encoding,
                                          fingerprint, audit)
                    VALUES (\(scannedAt), \(snapshot.asOf), \(snapshot.rows.count), \(errors.count), \(author),
                            \(ByteBuffer(bytes: body)), \(errorText)::jsonb, 1, \(ByteBuffer(bytes: fingerprint)), \(auditBody))
                    ON CONFLICT (scanned_at) DO NOTHING RETURNING id
                    """, logger: logger)
                var stored = false
                for try await _ in inserted.decode(Int64.self) { stored = true }
                guard stored else { return .alreadyPublished }
                try await Self.applyRetention(retention, now: max(scannedAt, latest?.scannedAt ?? scannedAt), connection, logger)
                return .stored
            }
        }
    }

    private struct Sighting {
        var id: Int64
        var firstScannedAt: Date
        var scannedAt: Date
        var fingerprint: [UInt8]?
    }

    private static func latestSighting(_ connection: PostgresConnection, _ logger: Logger) async throws -> Sighting? {
        let rows = try await connection.query("""
            SELECT id, scanned_at, COALESCE(last_seen_at, scanned_at), fingerprint FROM snapshot
            ORDER BY scanned_at DESC, id DESC LIMIT 1
            """, logger: logger)
        for try await (id, first, seen, fingerprint) in rows.decode((Int64, Date, Date, ByteBuffer?).self) {
            return Sighting(id: id, firstScannedAt: first, scannedAt: seen, fingerprint: fingerprint.map { Array(buffer: $0) })
        }
        return nil
    }

    /// The newest snapshot, as its last sighting.
    public func latestSnapshot() async throws -> PublishedSnapshot? {
        try await snapshot(atOrBefore: .distantFuture)
    }

    /// The audit published with the latest snapshot; nil when it has none (published by a
    /// flagdeck from before audits were, or copied by `store migrate`).
    public func latestAudit() async throws -> (audit: PublishedAudit, scannedAt: Date)? {
        try await run { connection in
            let rows = try await connection.query("""
                SELECT audit, COALESCE(last_seen_at, scanned_at) FROM snapshot ORDER BY scanned_at DESC, id DESC LIMIT 1
                """, logger: logger)
            for try await (audit, at) in rows.decode((ByteBuffer?, Date).self) {
                guard let audit else { return nil }
                return (try Self.auditDecoder.decode(PublishedAudit.self, from: Data(buffer: audit)), at)
            }
            return nil
        }
    }

    /// The fleet as it was at `moment`: the newest snapshot first published at or before it
    /// (what `report --since DAY` and "since the last review" compare with), read as its
    /// last sighting when that is also at or before `moment`.
    public func snapshot(atOrBefore moment: Date) async throws -> PublishedSnapshot? {
        try await run { connection in
            let rows = try await connection.query("""
                SELECT body, encoding, scanned_at, last_seen_at, last_as_of, published_by, errors::text
                FROM snapshot WHERE scanned_at <= \(moment) ORDER BY scanned_at DESC, id DESC LIMIT 1
                """, logger: logger)
            for try await (body, encoding, first, seen, lastAsOf, by, errors) in
                rows.decode((ByteBuffer, Int16, Date, Date?, Date?, String, String).self) {
                var snapshot: FleetSnapshot
                switch encoding {
                case 0: snapshot = try JSONDecoder().decode(FleetSnapshot.self, from: Data(buffer: body))
                case 1: snapshot = try SnapshotBlob.decode(Array(buffer: body))
                default:
                    throw TeamStoreError("team store \(location): a snapshot in encoding \(encoding), which this flagdeck "
                                         + "does not know: upgrade flagdeck")
                }
                var scannedAt = first  // and the body's own asOf
                if let seen, let lastAsOf, seen <= moment {
                    scannedAt = seen
                    snapshot.asOf = lastAsOf
                }
                let failures = (try? JSONDecoder().decode([ScanFailure].self, from: Data(errors.utf8))) ?? []
                return PublishedSnapshot(snapshot: snapshot, scannedAt: scannedAt, firstScannedAt: first, publishedBy: by,
                                         errors: failures)
            }
            return nil
        }
    }

    /// The local store's rule (see `SnapshotRetention`), in PostgreSQL's words: the newest,
    /// every snapshot seen in the last days, the last of each UTC day for months, and each
    /// one a review compared with (the newest at or before the last decision of a day).
    private static func applyRetention(_ policy: SnapshotRetention, now: Date, _ connection: PostgresConnection,
                                       _ logger: Logger) async throws {
        let (recent, nextDayFrom) = policy.bounds(now: now)
        try await connection.query("""
            WITH info AS (
                SELECT id, encoding, COALESCE(last_seen_at, scanned_at) AS seen_at,
                       LEAD(scanned_at) OVER (ORDER BY scanned_at, id) AS next_at,
                       ROW_NUMBER() OVER (PARTITION BY (scanned_at AT TIME ZONE 'UTC')::date
                                          ORDER BY scanned_at DESC, id DESC) AS day_rank
                FROM snapshot
            ),
            reviewed AS (
                SELECT (SELECT s.id FROM snapshot AS s WHERE s.scanned_at <= d.at
                        ORDER BY s.scanned_at DESC, s.id DESC LIMIT 1) AS id
                FROM (SELECT max(created_at) AS at FROM decision GROUP BY (created_at AT TIME ZONE 'UTC')::date) AS d
            )
            DELETE FROM snapshot WHERE id IN (
                SELECT id FROM info
                WHERE next_at IS NOT NULL
                  AND id <> (SELECT max(id) FROM snapshot)
                  AND NOT (encoding <> 0 AND seen_at >= \(recent))
                  AND NOT (day_rank = 1 AND next_at >= \(nextDayFrom))
                  AND id NOT IN (SELECT id FROM reviewed WHERE id IS NOT NULL)
            )
            """, logger: logger)
    }

    static let auditEncoder: JSONEncoder = {
        let e = JSONEncoder()
        e.dateEncodingStrategy = .millisecondsSince1970
        return e
    }()

    static let auditDecoder: JSONDecoder = {
        let d = JSONDecoder()
        d.dateDecodingStrategy = .millisecondsSince1970
        return d
    }()
}
