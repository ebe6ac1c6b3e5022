import Foundation
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
    /// not meet each other.
    static func scratchDatabase() async throws -> TeamStoreLocation {
        var admin = try location()
        let name = "flagdeck_t_" + UUID().uuidString.prefix(8).lowercased()
        try run(["psql", "-q", "-h", admin.host, "-p", String(admin.port), "-U", admin.user, "-d", admin.database,
                 "-v", "ON_ERROR_STOP=1", "-c", "CREATE DATABASE \(name)"])
        admin.database = name
        return admin
    }

    /// Cuts every connection to `database`, as a server restart does (the cluster's admin
    /// terminates them). A real `pg_ctl restart` cannot be run from here: the new server
    /// would inherit Foundation's child-watching descriptor and `Process` would never see
    /// the script end.
    static func dropConnections(to database: String) throws {
        let writer = try location()
        try run(["psql", "-q", "-h", writer.host, "-p", String(writer.port), "-U", "flagdeck_admin", "-d", "postgres",
                 "-v", "ON_ERROR_STOP=1", "-c",
                 "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity WHERE datname = '\(database)' AND pid <> pg_backend_pid()"])
    }

    static func run(_ arguments: [String]) throws {
        let p = Process()
        p.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        p.arguments = arguments
        var env = ProcessInfo.processInfo.environment
        env["PGPASSFILE"] = environment["FLAGDECK_TEST_PGPASSFILE"]
        p.environment = env
        // The restarted server must not inherit the test runner's output pipe.
        p.standardInput = FileHandle.nullDevice
        p.standardOutput = FileHandle.nullDevice
        p.standardError = FileHandle.nullDevice
        try p.run()
        p.waitUntilExit()
        guard p.terminationStatus == 0 else { throw TeamStoreError("\(arguments[0]) failed with \(p.terminationStatus)") }
    }
}
