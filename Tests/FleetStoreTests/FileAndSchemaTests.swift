import Foundation
import GRDB
import Testing
@testable import FleetStore

@Suite struct FileAndSchemaTests {
    @Test func theDatabaseAndItsCompanionsAreOwnerOnly() async throws {
        let tmp = TempDirectory()
        let dir = tmp.url.appendingPathComponent("state/flagdeck")
        let store = try FleetStore(directory: dir)
        try await store.appendJournal(JournalEntry(actor: "alice", action: "toggle", target: "x", result: "ok"))
        #expect(store.fileURL.lastPathComponent == "flagdeck.sqlite")
        #expect(try mode(of: store.fileURL.path) == 0o600)
        for suffix in ["-wal", "-shm"] where FileManager.default.fileExists(atPath: store.fileURL.path + suffix) {
            #expect(try mode(of: store.fileURL.path + suffix) == 0o600, "\(suffix)")
        }
        #expect(try mode(of: dir.path) == 0o700)
        let journalMode = try await store.read { db in try String.fetchOne(db, sql: "PRAGMA journal_mode") }
        #expect(journalMode == "wal")
    }

    @Test func aWorldReadableFileIsTightenedOnOpen() async throws {
        let tmp = TempDirectory()
        try FileManager.default.createDirectory(at: tmp.url, withIntermediateDirectories: true)
        let path = tmp.url.appendingPathComponent(FleetStore.fileName).path
        #expect(FileManager.default.createFile(atPath: path, contents: nil, attributes: [.posixPermissions: 0o644]))
        _ = try FleetStore(directory: tmp.url)
        #expect(try mode(of: path) == 0o600)
    }

    @Test func reopeningRunsNoMigrationTwiceAndKeepsData() async throws {
        let tmp = TempDirectory()
        do {
            let store = try FleetStore(directory: tmp.url)
            try await store.appendJournal(JournalEntry(actor: "alice", action: "toggle", target: "x", result: "ok"))
            try store.close()
        }
        for _ in 0..<3 {
            let store = try FleetStore(directory: tmp.url)
            let applied = try await store.read { db in try Schema.migrator.appliedIdentifiers(db) }
            #expect(Set(applied) == ["v1", "v2-deployment-completion", "v3-compact-snapshots", "v4-account-discovery",
                                   "v5-code-references", "v6-cloudtrail"])
            #expect(try await store.journal().count == 1)
            let complete = try await store.read { db in try Schema.migrator.hasCompletedMigrations(db) }
            #expect(complete)
            try store.close()
        }
    }

    @Test func anUnopenableLocationIsAClearError() async throws {
        let tmp = TempDirectory()
        try FileManager.default.createDirectory(at: tmp.url, withIntermediateDirectories: true)
        // A directory where the database file should be.
        try FileManager.default.createDirectory(at: tmp.url.appendingPathComponent(FleetStore.fileName),
                                                withIntermediateDirectories: true)
        #expect(throws: FleetStoreError.self) { _ = try FleetStore(directory: tmp.url) }
    }
}
