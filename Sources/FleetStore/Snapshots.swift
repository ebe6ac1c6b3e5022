import FlagModel
import Foundation
import GRDB

/// One account/region (or one application in it) that a scan could not read; the rest
/// of the snapshot still holds.
public struct ScanFailure: Sendable, Hashable, Codable {
    public var account: String
    public var region: String
    public var application: String?
    public var message: String

    public init(account: String, region: String, application: String? = nil, message: String) {
        self.account = account
        self.region = region
        self.application = application
        self.message = message
    }

    public init(_ error: ScanError) {
        self.init(account: error.account, region: error.region, application: error.application, message: error.message)
    }
}

/// A stored snapshot's row without its body: cheap to list.
public struct SnapshotInfo: Sendable, Hashable, Identifiable {
    public var id: Int64
    public var scannedAt: Date
    public var asOf: Date
    public var flagCount: Int
    public var errorCount: Int

    init(row: Row) {
        id = row["id"]
        scannedAt = row["scanned_at"]
        asOf = row["as_of"]
        flagCount = row["flag_count"]
        errorCount = row["error_count"]
    }
}

public struct StoredSnapshot: Sendable, Hashable {
    public var info: SnapshotInfo
    public var snapshot: FleetSnapshot
    public var errors: [ScanFailure]
}

extension FleetStore {
    /// Stores one scan's result; `scannedAt` is when the scan ran (its `asOf`
    /// may be another moment, `flagdeck scan --as-of`).
    @discardableResult
    public func saveSnapshot(_ snapshot: FleetSnapshot, scannedAt: Date,
                             errors: [ScanFailure] = []) async throws -> SnapshotInfo {
        // Encoded outside the write transaction: it can take a while for a big fleet
        // and other writers should not wait for it.
        let body = try Self.snapshotEncoder.encode(snapshot)
        let errorBody = try Self.snapshotEncoder.encode(errors)
        return try await write { db in
            try db.execute(sql: """
                INSERT INTO snapshot (scanned_at, as_of, flag_count, error_count, body, errors)
                VALUES (?, ?, ?, ?, ?, ?)
                """, arguments: [scannedAt, snapshot.asOf, snapshot.rows.count, errors.count, body, errorBody])
            let id = db.lastInsertedRowID
            guard let row = try Row.fetchOne(db, sql: "SELECT \(Self.infoColumns) FROM snapshot WHERE id = ?",
                                             arguments: [id])
            else { throw FleetStoreError.corruptRecord("snapshot \(id) vanished") }
            return SnapshotInfo(row: row)
        }
    }

    /// Snapshots, newest first.
    public func snapshots(limit: Int? = nil) async throws -> [SnapshotInfo] {
        try await read { db in
            try Row.fetchAll(db, sql: """
                SELECT \(Self.infoColumns) FROM snapshot ORDER BY scanned_at DESC, id DESC LIMIT ?
                """, arguments: [limit ?? -1]).map(SnapshotInfo.init(row:))
        }
    }

    public func latestSnapshot() async throws -> StoredSnapshot? {
        try await loadSnapshot(where: "1", arguments: [])
    }

    public func snapshot(id: Int64) async throws -> StoredSnapshot? {
        try await loadSnapshot(where: "id = ?", arguments: [id])
    }

    /// The newest snapshot scanned at or before `date`: the baseline for
    /// "what changed since last month".
    public func snapshot(atOrBefore date: Date) async throws -> StoredSnapshot? {
        try await loadSnapshot(where: "scanned_at <= ?", arguments: [date])
    }

    private func loadSnapshot(where condition: String, arguments: StatementArguments) async throws -> StoredSnapshot? {
        let found = try await read { db -> (SnapshotInfo, Data, Data)? in
            try Row.fetchOne(db, sql: """
                SELECT \(Self.infoColumns), body, errors FROM snapshot WHERE \(condition)
                ORDER BY scanned_at DESC, id DESC LIMIT 1
                """, arguments: arguments).map { (SnapshotInfo(row: $0), $0["body"], $0["errors"]) }
        }
        guard let (info, body, errorBody) = found else { return nil }
        // Decoded outside the read: a big fleet's snapshot should not hold a reader.
        do {
            let snapshot = try Self.snapshotDecoder.decode(FleetSnapshot.self, from: body)
            let errors = try Self.snapshotDecoder.decode([ScanFailure].self, from: errorBody)
            return StoredSnapshot(info: info, snapshot: snapshot, errors: errors)
        } catch {
            throw FleetStoreError.corruptRecord("snapshot \(info.id): \(error)")
        }
    }

    static let infoColumns = "id, scanned_at, as_of, flag_count, error_count"

    // Default (Double) date coding: exact round trips of every Date in the snapshot.
    static var snapshotEncoder: JSONEncoder { JSONEncoder() }
    static var snapshotDecoder: JSONDecoder { JSONDecoder() }
}
