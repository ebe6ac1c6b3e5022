import Foundation
import GRDB
import Testing
@testable import FleetStore

/// "Survives being killed mid-write" (issue 6), shown two ways: a write that
/// fails inside its transaction, and a real second process writing in a loop
/// that gets SIGKILL at an arbitrary moment.
@Suite struct CrashSafetyTests {
    struct Boom: Error {}

    @Test func aFailureInsideTheTransactionLeavesNothingHalfWritten() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        await #expect(throws: Boom.self) {
            try await store.write { db in
                for n in 0..<10 {
                    try db.execute(sql: """
                        INSERT INTO hosted_version VALUES ('a', 'r', 'app', 'prf', ?, x'00', NULL, NULL, NULL, '2026-01-01 00:00:00.000')
                        """, arguments: [n])
                }
                try db.execute(sql: "INSERT INTO journal (at, actor, action, target, result) VALUES ('2026-01-01', 'a', 'b', 'c', 'd')")
                throw Boom()
            }
        }
        #expect(try await store.cachedVersions(accountId: "a", region: "r", applicationId: "app", profileId: "prf").isEmpty)
        #expect(try await store.journal().isEmpty)
    }

    static let childEnvironmentKey = "FLEETSTORE_CRASH_WRITER_DIR"
    static let rowsPerBatch = 40

    /// The writer, run only inside the child process the next test starts
    /// (the test binary itself, filtered to this test). A no-op otherwise.
    @Test func killedWriterChild() async throws {
        guard let dir = ProcessInfo.processInfo.environment[Self.childEnvironmentKey] else { return }
        let store = try FleetStore(directory: URL(fileURLWithPath: dir))
        let deadline = Date().addingTimeInterval(90)
        var batch = 0
        while Date() < deadline {
            let versions = (0..<Self.rowsPerBatch).map { n in
                CachedVersion(key: VersionKey(accountId: "acct", region: "r", applicationId: "app",
                                              profileId: "batch-\(batch)", versionNumber: n),
                              content: Data(repeating: UInt8(truncatingIfNeeded: n), count: 2048), fetchedAt: Date())
            }
            try await store.storeVersions(versions)
            batch += 1
        }
    }

    @Test(.timeLimit(.minutes(3)))
    func aWriterKilledWithSIGKILLLeavesOnlyWholeBatches() async throws {
        let tmp = TempDirectory()
        try FleetStore(directory: tmp.url).close()

        let child = Process()
        child.executableURL = URL(fileURLWithPath: CommandLine.arguments[0])
        child.arguments = ["--testing-library", "swift-testing", "--filter", "killedWriterChild"]
        var env = ProcessInfo.processInfo.environment
        env[Self.childEnvironmentKey] = tmp.url.path
        child.environment = env
        child.standardOutput = FileHandle.nullDevice
        child.standardError = FileHandle.nullDevice
        try child.run()

        // Let it commit a good number of batches, then kill it wherever it is.
        let wanted = 150
        var seen = 0
        let deadline = Date().addingTimeInterval(60)
        while seen < wanted, Date() < deadline, child.isRunning {
            try await Task.sleep(nanoseconds: 50_000_000)
            seen = (try? Self.batchCounts(tmp.url).count) ?? 0
        }
        let wasRunning = child.isRunning
        kill(child.processIdentifier, SIGKILL)
        child.waitUntilExit()
        try #require(wasRunning, "the writer process stopped by itself (status \(child.terminationStatus))")
        try #require(seen >= wanted, "the writer committed only \(seen) batches in 60 s")
        #expect(child.terminationReason == .uncaughtSignal)

        // Reopen as flagdeck would after the crash: recovery, then check.
        let store = try FleetStore(directory: tmp.url)
        #expect(try await store.integrityCheck() == ["ok"])
        let counts = try Self.batchCounts(tmp.url)
        // Every batch seen committed before the kill survived it.
        #expect(counts.count >= seen)
        #expect(counts.values.allSatisfy { $0 == Self.rowsPerBatch }, "a batch was half-written: \(counts)")
        // Batches commit in order, so the survivors are exactly 0..<n.
        #expect(Set(counts.keys) == Set((0..<counts.count).map { "batch-\($0)" }))
        // And the store still takes writes.
        try await store.appendJournal(JournalEntry(actor: "t", action: "after-crash", target: "-", result: "ok"))
    }

    /// Rows per batch, read through a separate short-lived connection.
    static func batchCounts(_ dir: URL) throws -> [String: Int] {
        let queue = try DatabaseQueue(path: dir.appendingPathComponent(FleetStore.fileName).path)
        defer { try? queue.close() }
        return try queue.read { db in
            let rows = try Row.fetchAll(db, sql: "SELECT profile_id, COUNT(*) AS n FROM hosted_version GROUP BY profile_id")
            return Dictionary(uniqueKeysWithValues: rows.map { ($0["profile_id"] as String, $0["n"] as Int) })
        }
    }
}
