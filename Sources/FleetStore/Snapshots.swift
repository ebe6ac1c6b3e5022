import FlagModel
import Foundation
import GRDB

/// One account/region (or one application in it) that a scan could not read; the rest
/// of the snapshot still holds.
public struct ScanFailure: Sendable, Hashable, Codable {
    public var account: String
    public var region: String
    public var application: String?
    public var environment: String?
    public var message: String

    public init(account: String, region: String, application: String? = nil, environment: String? = nil, message: String) {
        self.account = account
        self.region = region
        self.application = application
        self.environment = environment
        self.message = message
    }

    public init(_ error: ScanError) {
        self.init(account: error.account, region: error.region, application: error.application,
                  environment: error.environment, message: error.message)
    }
}

/// A stored snapshot's row without its body: cheap to list.
///
/// A stored snapshot stands for every scan that found the fleet the same, from the one
/// that stored it (`firstScannedAt`) to the last that saw it unchanged (`lastSeenAt`).
/// `scannedAt` and `asOf` are those of the scan it is read as: its last sighting, or
/// for `snapshot(atOrBefore:)` a moment before that, the last sighting known at or
/// before the moment asked (`firstScannedAt` when the run goes on past it).
public struct SnapshotInfo: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var scannedAt: Date
    public var asOf: Date
    public var flagCount: Int
    public var errorCount: Int
    /// The scan that stored it.
    public var firstScannedAt: Date
    /// The last scan that found the fleet unchanged (`firstScannedAt` if none did).
    public var lastSeenAt: Date
    /// How many scans found the fleet like this: 1 plus the unchanged rescans.
    public var seenCount: Int
    /// Kept whatever the retention rule: a review compared with it.
    public var pinned: Bool
    /// 0: stored before compact snapshots (one JSON body); 1: pieces.
    public var encoding: Int
    /// Read as its last sighting (`scannedAt == lastSeenAt`, a rescan's `asOf`).
    var isLastSighting: Bool

    /// `at`: the moment asked for, nil for "now".
    init(row: Row, at moment: Date? = nil) {
        id = row["id"]
        firstScannedAt = row["scanned_at"]
        let firstAsOf: Date = row["as_of"]
        flagCount = row["flag_count"]
        errorCount = row["error_count"]
        pinned = row["pinned"]
        encoding = row["encoding"]
        let lastSeen: Date? = row["last_seen_at"]
        let lastAsOf: Double? = row["last_as_of"]
        lastSeenAt = lastSeen ?? firstScannedAt
        seenCount = row["seen_count"] ?? 1
        if let lastSeen, let lastAsOf, moment.map({ lastSeen <= $0 }) ?? true {
            scannedAt = lastSeen
            asOf = Date(timeIntervalSinceReferenceDate: lastAsOf)
            isLastSighting = true
        } else {
            scannedAt = firstScannedAt
            asOf = firstAsOf
            isLastSighting = false
        }
    }
}

public struct StoredSnapshot: Sendable, Hashable {
    public var info: SnapshotInfo
    public var snapshot: FleetSnapshot
    public var errors: [ScanFailure]
}

/// A snapshot cut into content-addressed pieces, ready to store (see `saveSnapshot`).
struct EncodedSnapshot: Sendable {
    struct Piece: Sendable {
        var hash: [UInt8]
        var data: [UInt8]
    }
    /// The header first, then one piece per row in row order.
    var pieces: [Piece]
    var errors: Data
    /// Equal for two scans that found the same fleet, whatever their `asOf`.
    var fingerprint: [UInt8]

    init(_ snapshot: FleetSnapshot, errors: [ScanFailure]) throws {
        var index: [EnvironmentID: Int] = [:]
        for (i, e) in snapshot.environments.enumerated() where index[e.id] == nil { index[e.id] = i }
        var datas = [SnapshotCodec.encodeHeader(.init(environments: snapshot.environments, unreadable: snapshot.unreadable))]
        datas.reserveCapacity(snapshot.rows.count + 1)
        for row in snapshot.rows { datas.append(SnapshotCodec.encodeRow(row, environments: index)) }
        pieces = datas.map { Piece(hash: SHA256Digest.hash($0), data: $0) }
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.sortedKeys]
        self.errors = try encoder.encode(errors)
        var digest = SHA256Digest()
        digest.update(Array("flagdeck snapshot 1\n".utf8))
        for p in pieces { digest.update(p.hash) }
        digest.update(Array(self.errors))
        fingerprint = digest.finish()
    }

    /// The stored body: the first scan's exact `asOf` (the column keeps milliseconds),
    /// then the ids of the header and of the rows' pieces, in order.
    static func manifest(asOf: Date, _ ids: [Int64]) -> [UInt8] {
        var w = ByteWriter()
        w.byte(1)
        w.double(asOf.timeIntervalSinceReferenceDate)
        w.count(ids.count)
        var previous: Int64 = 0
        for id in ids {
            w.int(Int(id - previous))
            previous = id
        }
        return w.bytes
    }

    static func pieceIDs(manifest: [UInt8]) throws -> (asOf: Date, ids: [Int64]) {
        var r = ByteReader(manifest, from: 0)
        guard try r.byte() == 1 else { throw SnapshotCodec.CorruptPiece(reason: "unknown manifest version") }
        let asOf = Date(timeIntervalSinceReferenceDate: try r.double())
        let n = try r.count()
        guard n >= 1 else { throw SnapshotCodec.CorruptPiece(reason: "empty manifest") }
        var ids: [Int64] = []
        ids.reserveCapacity(n)
        var previous: Int64 = 0
        for _ in 0..<n {
            previous += Int64(try r.int())
            ids.append(previous)
        }
        try r.expectEnd()
        return (asOf, ids)
    }
}

extension FleetStore {
    /// Stores one scan's result; `scannedAt` is when the scan ran (its `asOf`
    /// may be another moment, `flagdeck scan --as-of`).
    ///
    /// Only what changed is stored. A scan that found the fleet exactly as the last
    /// stored snapshot (same pieces, same errors; `asOf` aside) stores nothing new: the
    /// snapshot records that it was seen again (`lastSeenAt`, `seenCount`). Otherwise a
    /// new snapshot row holds the list of its pieces; the pieces themselves (the header,
    /// one per flag row) are stored once and shared by every snapshot that has them, so
    /// a scan where one flag changed adds that flag's row, not the fleet.
    ///
    /// With `retention`, the rule is applied after the save, in the same transaction,
    /// relative to `scannedAt`.
    @discardableResult
    public func saveSnapshot(_ snapshot: FleetSnapshot, scannedAt: Date, errors: [ScanFailure] = [],
                             retention: SnapshotRetention? = nil) async throws -> SnapshotInfo {
        // Encoded outside the write transaction: it can take a while for a big fleet
        // and other writers should not wait for it.
        let encoded = try EncodedSnapshot(snapshot, errors: errors)
        let asOf = snapshot.asOf
        let flagCount = snapshot.rows.count
        return try await write { db in
            let info = try Self.store(encoded, scannedAt: scannedAt, asOf: asOf, flagCount: flagCount,
                                      errorCount: errors.count, in: db)
            if let retention { try Self.applyRetention(retention, now: scannedAt, in: db) }
            return info
        }
    }

    private static func store(_ encoded: EncodedSnapshot, scannedAt: Date, asOf: Date, flagCount: Int, errorCount: Int,
                              in db: Database) throws -> SnapshotInfo {
        let latest = try Row.fetchOne(db, sql: """
            SELECT s.id, s.fingerprint, COALESCE(seen.last_seen_at, s.scanned_at) AS seen_at
            FROM snapshot AS s LEFT JOIN snapshot_seen AS seen ON seen.snapshot_id = s.id
            ORDER BY s.id DESC LIMIT 1
            """)
        if let latest, let fingerprint = latest["fingerprint"] as Data?, fingerprint == Data(encoded.fingerprint),
           scannedAt >= latest["seen_at"] as Date {
            // Unchanged: one small row, written in place from the second rescan on.
            let id: Int64 = latest["id"]
            try db.execute(sql: """
                INSERT INTO snapshot_seen (snapshot_id, last_seen_at, last_as_of, seen_count) VALUES (?, ?, ?, 2)
                ON CONFLICT (snapshot_id) DO UPDATE SET
                    last_seen_at = excluded.last_seen_at, last_as_of = excluded.last_as_of, seen_count = seen_count + 1
                """, arguments: [id, scannedAt, asOf.timeIntervalSinceReferenceDate])
            return try info(id: id, in: db)
        }

        try db.execute(sql: """
            INSERT INTO snapshot (scanned_at, as_of, flag_count, error_count, body, errors, encoding, fingerprint)
            VALUES (?, ?, ?, ?, X'', ?, 1, ?)
            """, arguments: [scannedAt, asOf, flagCount, errorCount, encoded.errors, Data(encoded.fingerprint)])
        let id = db.lastInsertedRowID

        // Pieces held by the newest snapshot are "open" (last_used NULL). They stay open
        // when this one holds them too, close when it does not (last_used = id - 1: every
        // snapshot from first_used up to the previous one held it); a piece an older
        // snapshot held is reopened (its range then also spans snapshots that did not
        // hold it: kept a little longer, never too short), a new one inserted.
        var open: [Data: Int64] = [:]
        let openRows = try Row.fetchCursor(db, sql: "SELECT id, hash FROM snapshot_piece WHERE last_used IS NULL")
        while let row = try openRows.next() { open[row["hash"]] = row["id"] }
        var ids: [Int64] = []
        ids.reserveCapacity(encoded.pieces.count)
        var kept = Set<Int64>()
        let find = try db.cachedStatement(sql: "SELECT id FROM snapshot_piece WHERE hash = ?")
        let reopen = try db.cachedStatement(sql: "UPDATE snapshot_piece SET last_used = NULL WHERE id = ?")
        let insert = try db.cachedStatement(sql: """
            INSERT INTO snapshot_piece (hash, data, first_used, last_used) VALUES (?, ?, ?, NULL)
            """)
        for piece in encoded.pieces {
            let hash = Data(piece.hash)
            if let pieceID = open[hash] {
                ids.append(pieceID)
                kept.insert(pieceID)
            } else if let pieceID = try Int64.fetchOne(find, arguments: [hash]) {
                try reopen.execute(arguments: [pieceID])
                ids.append(pieceID)
                kept.insert(pieceID)
                open[hash] = pieceID
            } else {
                try insert.execute(arguments: [hash, Data(piece.data), id])
                let pieceID = db.lastInsertedRowID
                ids.append(pieceID)
                kept.insert(pieceID)
                open[hash] = pieceID
            }
        }
        let close = try db.cachedStatement(sql: "UPDATE snapshot_piece SET last_used = ? WHERE id = ?")
        for (_, pieceID) in open where !kept.contains(pieceID) {
            try close.execute(arguments: [id - 1, pieceID])
        }
        try db.execute(sql: "UPDATE snapshot SET body = ? WHERE id = ?",
                       arguments: [Data(EncodedSnapshot.manifest(asOf: asOf, ids)), id])
        return try info(id: id, in: db)
    }

    private static func info(id: Int64, in db: Database) throws -> SnapshotInfo {
        guard let row = try Row.fetchOne(db, sql: "\(infoSelect) WHERE s.id = ?", arguments: [id])
        else { throw FleetStoreError.corruptRecord("snapshot \(id) vanished") }
        return SnapshotInfo(row: row)
    }

    /// Snapshots, newest first.
    public func snapshots(limit: Int? = nil) async throws -> [SnapshotInfo] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                \(Self.infoSelect) ORDER BY s.scanned_at DESC, s.id DESC LIMIT ?
                """, arguments: [limit ?? -1]).map { SnapshotInfo(row: $0) }
        }
    }

    public func latestSnapshot() async throws -> StoredSnapshot? {
        try await loadSnapshot(where: "1", arguments: [], at: nil)
    }

    public func snapshot(id: Int64) async throws -> StoredSnapshot? {
        try await loadSnapshot(where: "s.id = ?", arguments: [id], at: nil)
    }

    /// The newest snapshot scanned at or before `date`: the baseline for
    /// "what changed since last month".
    public func snapshot(atOrBefore date: Date) async throws -> StoredSnapshot? {
        try await loadSnapshot(where: "s.scanned_at <= ?", arguments: [date], at: date)
    }

    /// Keeps the snapshot whatever the retention rule (a review compared with it).
    public func pinSnapshot(id: Int64) async throws {
        try await write { db in
            try db.execute(sql: "UPDATE snapshot SET pinned = 1 WHERE id = ? AND NOT pinned", arguments: [id])
        }
    }

    private struct Loaded: Sendable {
        var info: SnapshotInfo
        var body: Data
        var errors: Data
        var pieces: [[UInt8]]
        var asOf: Date?
    }

    private func loadSnapshot(where condition: String, arguments: StatementArguments, at moment: Date?) async throws -> StoredSnapshot? {
        let found = try await read { db -> Loaded? in
            guard let row = try Row.fetchOne(db, sql: """
                SELECT \(Self.infoColumns), s.body, s.errors \(Self.infoFrom)
                WHERE \(condition) ORDER BY s.scanned_at DESC, s.id DESC LIMIT 1
                """, arguments: arguments)
            else { return nil }
            let info = SnapshotInfo(row: row, at: moment)
            let body: Data = row["body"]
            var pieces: [[UInt8]] = []
            var asOf: Date?
            if info.encoding == 1 {
                let ids: [Int64]
                do {
                    let manifest = try EncodedSnapshot.pieceIDs(manifest: Array(body))
                    (asOf, ids) = (manifest.asOf, manifest.ids)
                } catch {
                    throw FleetStoreError.corruptRecord("snapshot \(info.id): \(error)")
                }
                let statement = try db.cachedStatement(sql: "SELECT data FROM snapshot_piece WHERE id = ?")
                pieces.reserveCapacity(ids.count)
                for pieceID in ids {
                    guard let data = try Data.fetchOne(statement, arguments: [pieceID]) else {
                        throw FleetStoreError.corruptRecord("snapshot \(info.id): piece \(pieceID) is missing")
                    }
                    pieces.append(Array(data))
                }
            }
            return Loaded(info: info, body: body, errors: row["errors"], pieces: pieces, asOf: asOf)
        }
        guard let found else { return nil }
        // Decoded outside the read: a big fleet's snapshot should not hold a reader.
        let info = found.info
        do {
            let errors = try Self.snapshotDecoder.decode([ScanFailure].self, from: found.errors)
            var snapshot: FleetSnapshot
            switch info.encoding {
            case 0:
                snapshot = try Self.snapshotDecoder.decode(FleetSnapshot.self, from: found.body)
            case 1:
                snapshot = try SnapshotCodec.snapshot(asOf: info.asOf, pieces: found.pieces)
            default:
                throw SnapshotCodec.CorruptPiece(reason: "unknown encoding \(info.encoding)")
            }
            // The scan it is read as: a rescan's asOf, else the first scan's, exact.
            if info.isLastSighting { snapshot.asOf = info.asOf } else if let asOf = found.asOf { snapshot.asOf = asOf }
            return StoredSnapshot(info: info, snapshot: snapshot, errors: errors)
        } catch {
            throw FleetStoreError.corruptRecord("snapshot \(info.id): \(error)")
        }
    }

    static let infoColumns = """
        s.id, s.scanned_at, s.as_of, s.flag_count, s.error_count, s.pinned, s.encoding,
        seen.last_seen_at, seen.last_as_of, seen.seen_count
        """
    static let infoFrom = "FROM snapshot AS s LEFT JOIN snapshot_seen AS seen ON seen.snapshot_id = s.id"
    static let infoSelect = "SELECT \(infoColumns) \(infoFrom)"

    // Default (Double) date coding: exact round trips of every Date in an old row's body.
    static var snapshotDecoder: JSONDecoder { JSONDecoder() }
}
