import Foundation
import PostgresNIO
@testable import TeamStore

/// The private cluster scripts/pg_test_cluster.sh started (scripts/test.sh does), found
/// through the environment it printed.
enum TeamStoreServer {
    static let environment = ProcessInfo.processInfo.environment
    static var available: Bool { environment["FLAGDECK_TEST_POSTGRES"] != nil }

    static func location() throws -> TeamStoreLocation {
        try TeamStoreLocation(environment["FLAGDECK_TEST_POSTGRES"] ?? "", source: "FLAGDECK_TEST_POSTGRES")
    }

    static func readerLocation() throws -> TeamStoreLocation {
        try TeamStoreLocation(environment["FLAGDECK_TEST_POSTGRES_READER"] ?? "", source: "FLAGDECK_TEST_POSTGRES_READER")
    }

    static func password(_ location: TeamStoreLocation) -> String? {
        PGPassword.find(for: location, environment: ["PGPASSFILE": environment["FLAGDECK_TEST_PGPASSFILE"] ?? ""])
    }

    /// A database of this test's own (the writer may create databases), so schema tests do
    /// not meet each other. Through PostgresNIO, not `psql`: Foundation's `Process` can hang
    /// waiting for a child while the rest of the suite runs in parallel.
    static func scratchDatabase() async throws -> TeamStoreLocation {
        var location = try self.location()
        let name = "flagdeck_t_" + UUID().uuidString.prefix(8).lowercased()
        let admin = try await TeamStore.open(location, password: password(location))
        defer { admin.close() }
        try await admin.execute(PostgresQuery(unsafeSQL: "CREATE DATABASE \(name)"))
        location.database = name
        return location
    }

    /// Cuts every other connection to `location`'s database, as a server restart does to
    /// its clients (a role may end its own sessions). A real `pg_ctl restart` cannot be run
    /// from here: the new server would inherit Foundation's child-watching descriptor.
    static func dropConnections(to location: TeamStoreLocation) async throws {
        let other = try await TeamStore.open(location, password: password(location))
        defer { other.close() }
        try await other.execute("""
            SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
            WHERE datname = \(location.database) AND usename = \(location.user) AND pid <> pg_backend_pid()
            """)
    }
}
