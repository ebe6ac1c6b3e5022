import FlagModel
import FleetStore
import Foundation
import Logging
import PostgresNIO

/// The team's shared store on PostgreSQL (issue 19): review decisions and the action
/// journal (append-only, with author and time) and published fleet snapshots. A few
/// connections, reopened by themselves after a server restart (`TeamConnections`).
public final class TeamStore: @unchecked Sendable {
    public enum Role: Sendable { case writer, reader }

    public let location: TeamStoreLocation
    let logger: Logger
    let connections: TeamConnections
    let backlog = TeamBacklog()

    private init(location: TeamStoreLocation, connections: TeamConnections, logger: Logger) {
        self.location = location
        self.connections = connections
        self.logger = logger
    }

    /// Connects, then applies missing migrations (a writer) or checks the schema (a reader).
    public static func open(_ location: TeamStoreLocation, password: String?, role: Role = .writer,
                            logger: Logger = TeamStore.quietLogger) async throws -> TeamStore {
        var configuration = PostgresConnection.Configuration(host: location.host, port: location.port, username: location.user,
                                                             password: password, database: location.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        let store = TeamStore(location: location, connections: TeamConnections(configuration: configuration, logger: logger),
                              logger: logger)
        do {
            switch role {
            case .writer: try await store.migrate()
            case .reader: try await store.checkSchema()
            }
            return store
        } catch {
            store.close()
            throw TeamStoreError.describe(error, at: location)
        }
    }

    /// PostgresNIO logs each failed connection attempt at info level; flagdeck reports the
    /// failure itself, once, with what to do.
    public static let quietLogger: Logger = {
        var l = Logger(label: "flagdeck.teamstore")
        l.logLevel = .error
        return l
    }()

    public func close() {
        connections.close()
    }

    /// The schema version the database is at (0: none yet).
    public func schemaVersion() async throws -> Int {
        try await run { connection in
            let rows = try await connection.query("SELECT to_regclass('flagdeck_schema') IS NOT NULL", logger: logger)
            var exists = false
            for try await (e) in rows.decode(Bool.self) { exists = e }
            guard exists else { return 0 }
            var version = 0
            for try await (v) in try await connection.query("SELECT COALESCE(max(version), 0) FROM flagdeck_schema",
                                                            logger: logger).decode(Int.self) {
                version = v
            }
            return version
        }
    }

    private func checkSchema() async throws {
        let version = try await schemaVersion()
        if version > TeamSchema.latest {
            throw TeamStoreError("team store \(location): its schema is version \(version), newer than this flagdeck knows "
                                 + "(\(TeamSchema.latest)): upgrade flagdeck")
        }
        if version < TeamSchema.latest {
            throw TeamStoreError("team store \(location): its schema is version \(version) and this flagdeck needs "
                                 + "\(TeamSchema.latest): a writer (`flagdeck scan --publish`, `flagdeck store migrate`) upgrades it")
        }
    }

    /// Applies what is missing, in one transaction per start, under an advisory lock: a
    /// second writer starting at the same time waits, then finds nothing to do.
    private func migrate() async throws {
        let user = FleetStore.currentUser()
        try await run { connection in
            try await connection.withTransaction(logger: logger) { connection in
                try await connection.query("SELECT pg_advisory_xact_lock(\(TeamSchema.lockKey))", logger: logger)
                try await connection.query("""
                    CREATE TABLE IF NOT EXISTS flagdeck_schema (
                        version INTEGER PRIMARY KEY, applied_at TIMESTAMPTZ NOT NULL DEFAULT now(), applied_by TEXT NOT NULL)
                    """, logger: logger)
                var current = 0
                for try await (v) in try await connection.query("SELECT COALESCE(max(version), 0) FROM flagdeck_schema",
                                                                logger: logger).decode(Int.self) {
                    current = v
                }
                if current > TeamSchema.latest {
                    throw TeamStoreError("team store \(self.location): its schema is version \(current), newer than this flagdeck "
                                         + "knows (\(TeamSchema.latest)): upgrade flagdeck")
                }
                for migration in TeamSchema.migrations where migration.version > current {
                    for statement in migration.sql { try await connection.query(PostgresQuery(unsafeSQL: statement), logger: logger) }
                    try await connection.query("INSERT INTO flagdeck_schema (version, applied_by) VALUES (\(migration.version), \(user))",
                                               logger: logger)
                }
            }
        }
    }

    /// Runs `body` on a connection, turning PostgreSQL's errors into ones that say why. A
    /// connection the server closed (a restart, a failover, an idle timeout) is only
    /// noticed when used, and a restarting server refuses connections for a moment: `body`
    /// then runs again on a new connection, for up to about four seconds. Every write here
    /// may run twice (inserts keep an existing row, migrations are under a lock and check
    /// the version), so nothing is lost and nothing doubled.
    func run<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        let pauses: [Duration] = [.milliseconds(200), .milliseconds(500), .seconds(1), .seconds(2)]
        var attempt = 0
        while true {
            do {
                return try await connections.with(body)
            } catch {
                let unreachable = Self.isDroppedConnection(error) || error is TeamConnections.TimedOut
                guard attempt < pauses.count, Self.isDroppedConnection(error) else {
                    var described = TeamStoreError.describe(error, at: location)
                    described.serverUnreachable = unreachable
                    throw described
                }
                try await Task.sleep(for: pauses[attempt])
                attempt += 1
            }
        }
    }

    /// One statement whose rows nobody reads (tests and administration).
    func execute(_ query: PostgresQuery) async throws {
        try await run { connection in _ = try await connection.query(query, logger: logger) }
    }

    static func isDroppedConnection(_ error: Error) -> Bool {
        if let t = error as? PostgresTransactionError, let inner = t.closureError ?? t.beginError ?? t.commitError {
            return isDroppedConnection(inner)
        }
        guard let p = error as? PSQLError else { return false }
        if let inner = p.underlying, isDroppedConnection(inner) { return true }
        if p.code == .serverClosedConnection || p.code == .connectionError || p.code == .uncleanShutdown { return true }
        // 57P01 admin_shutdown / 57P02 crash_shutdown / 57P03 cannot_connect_now: the server ended the session.
        return p.serverInfo?[.sqlState].map { $0.hasPrefix("57P") } ?? false
    }
}
