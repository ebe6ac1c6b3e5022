import Foundation
import GRDB

/// flagdeck's local state in one SQLite file: the immutable caches (hosted
/// versions, final deployments), fleet snapshots, review decisions and the
/// journal of actions. WAL plus one transaction per write means a flagdeck
/// killed mid-write leaves either the whole write or none of it.
///
/// Safe to share between tasks: reads run concurrently, writes are serialised.
public final class FleetStore: Sendable {
    public static let fileName = "flagdeck.sqlite"

    public let fileURL: URL
    let pool: DatabasePool

    /// Opens (creating if needed) `directory/flagdeck.sqlite` with mode 0600
    /// and brings its schema up to date. The directory is created 0700 when missing.
    public init(directory: URL) throws {
        fileURL = directory.appendingPathComponent(Self.fileName)
        try FilePermissions.prepare(directory: directory, file: fileURL)
        var config = Configuration()
        config.label = "flagdeck.store"
        // Another flagdeck (say a cron `flagdeck scan`) may hold the write lock for a moment.
        config.busyMode = .timeout(10)
        config.prepareDatabase { db in
            try db.execute(sql: "PRAGMA foreign_keys = ON")
        }
        do {
            pool = try DatabasePool(path: fileURL.path, configuration: config)
            try Schema.migrator.migrate(pool)
        } catch {
            throw FleetStoreError.open(path: fileURL.path, underlying: String(describing: error))
        }
        // SQLite creates -wal/-shm with the database's mode; this holds even if it did not.
        FilePermissions.restrictCompanions(of: fileURL)
    }

    /// Releases the file. Further calls fail; not calling it is fine too.
    public func close() throws {
        try pool.close()
    }

    /// SQLite's own consistency check: `["ok"]` for a healthy file (for `flagdeck doctor`).
    public func integrityCheck() async throws -> [String] {
        try await read { db in try String.fetchAll(db, sql: "PRAGMA integrity_check") }
    }

    // Every write goes through here: one transaction, committed whole or rolled back whole.
    func write<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.write(body)
    }

    func read<T: Sendable>(_ body: @escaping @Sendable (Database) throws -> T) async throws -> T {
        try await pool.read(body)
    }

    /// Who decisions, journal entries and published snapshots are recorded as: the name
    /// given with `--as` (`RecordedAuthor`), else the OS user.
    public static func currentUser() -> String {
        if let name = RecordedAuthor.name { return name }
        if let pw = getpwuid(geteuid()), let name = pw.pointee.pw_name {
            return String(cString: name)
        }
        return ProcessInfo.processInfo.environment["USER"] ?? "uid \(geteuid())"
    }
}

public enum FleetStoreError: Error, Sendable, Equatable, CustomStringConvertible {
    case open(path: String, underlying: String)
    case notFinalDeployment(state: String)
    case invalidDate(String)
    case corruptRecord(String)
    case invalidInput(String)

    public var description: String {
        switch self {
        case .open(let path, let e): return "cannot open the state database \(path): \(e)"
        case .notFinalDeployment(let s):
            return "deployment in state \(s) is not final and cannot be cached (only COMPLETE, ROLLED_BACK, REVERTED)"
        case .invalidDate(let d): return "invalid date '\(d)': expected YYYY-MM-DD"
        case .corruptRecord(let m): return "unreadable record in the state database: \(m)"
        case .invalidInput(let m): return m
        }
    }
}
