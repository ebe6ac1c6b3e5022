import Foundation
import GRDB

/// What the state directory holds (`flagdeck store stats`): files, and per kind of
/// record how many and how many bytes. Counts and sizes only: the store holds no
/// secrets and nothing here prints a record's content.
public struct StoreStats: Sendable, Hashable, Codable {
    public struct File: Sendable, Hashable, Codable {
        public var name: String
        public var bytes: Int64
    }

    /// `bytes`: the records' own data (blobs and text); `diskBytes`: the pages of the
    /// table and its indexes in the database file, when SQLite can tell (dbstat).
    public struct Records: Sendable, Hashable, Codable {
        public var count: Int
        public var bytes: Int64
        public var diskBytes: Int64?
    }

    public struct Snapshots: Sendable, Hashable, Codable {
        /// Stored snapshots (each a state of the fleet that some scan found).
        public var count: Int
        /// Scans they stand for: the stored ones plus the unchanged rescans.
        public var scans: Int
        public var pinned: Int
        /// Stored before compact snapshots, one JSON body each.
        public var legacy: Int
        public var oldestScannedAt: Date?
        /// The last scan that saved or saw the fleet.
        public var newestScannedAt: Date?
        /// The lists of pieces and the scan errors, per snapshot.
        public var bodyBytes: Int64
        /// Distinct pieces (header, flag rows) and their bytes, shared by the snapshots.
        public var pieces: Int
        public var pieceBytes: Int64
        /// The snapshot tables and indexes in the database file, when SQLite can tell.
        public var diskBytes: Int64?
        public var retention: String
    }

    public var directory: String
    /// Every file of the state directory (the database, its -wal and -shm, the log…).
    public var files: [File]
    public var pageSize: Int
    public var pages: Int
    /// Pages freed by deletions, reused before the file grows again.
    public var freePages: Int
    public var hostedVersions: Records
    public var deployments: Records
    public var snapshots: Snapshots
    public var decisions: Records
    public var journal: Records
    /// The team store the configuration names, when it does (filled in by the caller).
    public var teamStore: TeamStoreCounts?

    /// A team store's row counts, or why they could not be read.
    public struct TeamStoreCounts: Sendable, Hashable, Codable {
        public var location: String
        public var schemaVersion: Int?
        public var decisions: Int?
        public var journal: Int?
        public var snapshots: Int?
        public var problem: String?

        public init(location: String, schemaVersion: Int? = nil, decisions: Int? = nil, journal: Int? = nil,
                    snapshots: Int? = nil, problem: String? = nil) {
            self.location = location
            self.schemaVersion = schemaVersion
            self.decisions = decisions
            self.journal = journal
            self.snapshots = snapshots
            self.problem = problem
        }
    }
}

extension FleetStore {
    /// `files`: the directory's files as listed before the store was opened (else now).
    public func stats(retention: SnapshotRetention = .standard, files: [StoreStats.File]? = nil) async throws -> StoreStats {
        let directory = fileURL.deletingLastPathComponent()
        var stats = try await read { db -> StoreStats in
            let disk = try Self.diskBytesByTable(db)
            func diskBytes(_ tables: [String]) -> Int64? {
                disk.map { d in tables.reduce(0) { $0 + (d[$1] ?? 0) } }
            }
            func records(_ table: String, bytes: String, indexes: [String] = []) throws -> StoreStats.Records {
                let row = try Row.fetchOne(db, sql: "SELECT COUNT(*) AS n, COALESCE(SUM(\(bytes)), 0) AS b FROM \(table)")!
                return StoreStats.Records(count: row["n"], bytes: row["b"], diskBytes: diskBytes([table] + indexes))
            }
            let snapshotRow = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS n, COALESCE(SUM(COALESCE(seen.seen_count, 1)), 0) AS scans,
                       COALESCE(SUM(s.pinned), 0) AS pinned, COALESCE(SUM(s.encoding = 0), 0) AS legacy,
                       MIN(s.scanned_at) AS oldest, MAX(COALESCE(seen.last_seen_at, s.scanned_at)) AS newest,
                       COALESCE(SUM(length(s.body) + length(s.errors) + COALESCE(length(s.fingerprint), 0)), 0) AS bytes
                FROM snapshot AS s LEFT JOIN snapshot_seen AS seen ON seen.snapshot_id = s.id
                """)!
            let pieceRow = try Row.fetchOne(db, sql: """
                SELECT COUNT(*) AS n, COALESCE(SUM(length(data) + length(hash)), 0) AS b FROM snapshot_piece
                """)!
            let snapshots = StoreStats.Snapshots(
                count: snapshotRow["n"], scans: snapshotRow["scans"], pinned: snapshotRow["pinned"],
                legacy: snapshotRow["legacy"], oldestScannedAt: snapshotRow["oldest"], newestScannedAt: snapshotRow["newest"],
                bodyBytes: snapshotRow["bytes"], pieces: pieceRow["n"], pieceBytes: pieceRow["b"],
                diskBytes: diskBytes(["snapshot", "snapshot_scanned_at", "snapshot_seen", "snapshot_piece",
                                      "snapshot_piece_closed", "sqlite_autoindex_snapshot_piece_1"]),
                retention: retention.description)
            return StoreStats(
                directory: "", files: [],
                pageSize: try Int.fetchOne(db, sql: "PRAGMA page_size") ?? 0,
                pages: try Int.fetchOne(db, sql: "PRAGMA page_count") ?? 0,
                freePages: try Int.fetchOne(db, sql: "PRAGMA freelist_count") ?? 0,
                hostedVersions: try records("hosted_version",
                                            bytes: "length(content) + COALESCE(length(description), 0) + COALESCE(length(version_label), 0)",
                                            indexes: ["sqlite_autoindex_hosted_version_1"]),
                deployments: try records("final_deployment", bytes: "length(record)",
                                         indexes: ["sqlite_autoindex_final_deployment_1"]),
                snapshots: snapshots,
                decisions: try records("review_decision", bytes: """
                    length(application) + length(profile) + length(flag_key) + length(kind) + COALESCE(length(owner), 0)
                    + COALESCE(length(target_date), 0) + COALESCE(length(note), 0) + length(author)
                    """, indexes: ["review_decision_flag"]),
                journal: try records("journal", bytes: """
                    length(actor) + length(action) + length(target) + length(result) + COALESCE(length(details), 0)
                    """))
        }
        stats.directory = directory.path
        stats.files = files ?? Self.stateFiles(in: directory)
        return stats
    }

    /// The regular files of a state directory and their sizes, by name. Taken before
    /// opening the store, they are the sizes it left (opening one writes to the log).
    public static func stateFiles(in directory: URL) -> [StoreStats.File] {
        let fm = FileManager.default
        let names = (try? fm.contentsOfDirectory(atPath: directory.path)) ?? []
        return names.sorted().compactMap { name in
            let path = directory.appendingPathComponent(name).path
            guard let attributes = try? fm.attributesOfItem(atPath: path),
                  attributes[.type] as? FileAttributeType == .typeRegular else { return nil }
            return StoreStats.File(name: name, bytes: (attributes[.size] as? NSNumber)?.int64Value ?? 0)
        }
    }

    /// Bytes of pages per table and index, when this SQLite has the dbstat table.
    private static func diskBytesByTable(_ db: Database) throws -> [String: Int64]? {
        do {
            var out: [String: Int64] = [:]
            for row in try Row.fetchAll(db, sql: "SELECT name, SUM(pgsize) AS bytes FROM dbstat GROUP BY name") {
                out[row["name"]] = row["bytes"]
            }
            return out
        } catch {
            return nil
        }
    }

    /// Moves the write-ahead log into the database and truncates it (what `stats`
    /// and the size tests measure after).
    public func checkpoint() async throws {
        _ = try await pool.writeWithoutTransaction { db in
            try db.checkpoint(.truncate)
        }
    }
}
