import FlagModel
import FleetStore
import Foundation
import Logging
import PostgresNIO

/// The team's shared store on PostgreSQL (issue 19): review decisions and the action
/// journal (append-only, with author and time) and published fleet snapshots. One pool of
/// connections, reconnecting by itself after a server restart.
public final class TeamStore: @unchecked Sendable {
    public enum Role: Sendable { case writer, reader }

    public let location: TeamStoreLocation
    let configuration: PostgresClient.Configuration
    let logger: Logger
    private let lock = NSLock()
    private var pool: (client: PostgresClient, runner: Task<Void, Never>)

    /// The connection pool in use; replaced by a new one when the server dropped connections.
    var client: PostgresClient { lock.withLock { pool.client } }

    private init(location: TeamStoreLocation, configuration: PostgresClient.Configuration, logger: Logger) {
        self.location = location
        self.configuration = configuration
        self.logger = logger
        pool = Self.makePool(configuration, logger)
    }

    private static func makePool(_ configuration: PostgresClient.Configuration, _ logger: Logger) -> (PostgresClient, Task<Void, Never>) {
        let client = PostgresClient(configuration: configuration, backgroundLogger: logger)
        return (client, Task { await client.run() })
    }

    /// A new pool: the old one may still hand out connections the server has closed.
    private func reconnect(replacing old: PostgresClient) {
        lock.withLock {
            guard pool.client === old else { return }  // another caller already did
            pool.runner.cancel()
            pool = Self.makePool(configuration, logger)
        }
    }

    /// Connects, then applies missing migrations (a writer) or checks the schema (a reader).
    public static func open(_ location: TeamStoreLocation, password: String?, role: Role = .writer,
                            logger: Logger = TeamStore.quietLogger) async throws -> TeamStore {
        // One connection first: a wrong password or an unknown database fails at once with
        // the server's reason, where the pool would retry with backoff for a minute.
        do {
            let probe = try await PostgresConnection.connect(
                configuration: .init(host: location.host, port: location.port, username: location.user, password: password,
                                     database: location.database, tls: .disable),
                id: 0, logger: logger)
            try await probe.close().get()
        } catch {
            throw TeamStoreError.describe(error, at: location)
        }
        var configuration = PostgresClient.Configuration(host: location.host, port: location.port, username: location.user,
                                                         password: password, database: location.database, tls: .disable)
        configuration.options.connectTimeout = .seconds(10)
        configuration.options.maximumConnections = 4
        let store = TeamStore(location: location, configuration: configuration, logger: logger)
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
        lock.withLock { pool.runner.cancel() }
    }

    /// The schema version the database is at (0: none yet).
    public func schemaVersion() async throws -> Int {
        try await wrap {
            let rows = try await client.query("SELECT to_regclass('flagdeck_schema') IS NOT NULL", logger: logger)
            var exists = false
            for try await (e) in rows.decode(Bool.self) { exists = e }
            guard exists else { return 0 }
            var version = 0
            for try await (v) in try await client.query("SELECT COALESCE(max(version), 0) FROM flagdeck_schema", logger: logger).decode(Int.self) {
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
        try await wrap {
            try await client.withTransaction(logger: logger) { connection in
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

    /// Runs `body`, turning PostgreSQL's errors into ones that say why. A connection the
    /// server closed (a restart, a failover, an idle timeout) is only noticed when used:
    /// `body` then runs again on a new one. Every write here may run twice (inserts keep an
    /// existing row, migrations are under a lock and check the version), so nothing is lost
    /// and nothing doubled.
    func wrap<T>(_ body: () async throws -> T) async throws -> T {
        var attempt = 0
        while true {
            let used = client
            do {
                return try await body()
            } catch {
                attempt += 1
                if attempt < 3, Self.isDroppedConnection(error) {
                    reconnect(replacing: used)
                    try? await Task.sleep(for: .milliseconds(100 * attempt))
                    continue
                }
                throw TeamStoreError.describe(error, at: location)
            }
        }
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
