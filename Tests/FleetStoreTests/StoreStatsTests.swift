import FlagModel
import Foundation
import GRDB
import Testing
@testable import FleetStore

@Suite struct StoreStatsTests {
    @Test func statsCountWhatIsStored() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        let empty = try await store.stats()
        #expect(empty.snapshots.count == 0 && empty.snapshots.oldestScannedAt == nil && empty.journal.count == 0)

        try await store.storeVersions((1...3).map { n in
            CachedVersion(key: VersionKey(accountId: "111111111111", region: "eu-west-1", applicationId: "abc1234",
                                          profileId: "prf1234", versionNumber: n),
                          content: Data(repeating: 0x7b, count: 100 * n), description: "v\(n)", fetchedAt: day(0))
        })
        try await store.storeDeployment(CachedDeployment(
            key: DeploymentKey(accountId: "111111111111", region: "eu-west-1", applicationId: "abc1234",
                               environmentId: "env1234", deploymentNumber: 1),
            state: "ROLLED_BACK", record: Data(repeating: 0x7b, count: 250), storedAt: day(0)))
        let a = try sampleSnapshot(asOf: day(10))
        let first = try await store.saveSnapshot(a, scannedAt: day(10))
        for minute in 1...3 {
            var same = a
            same.asOf = day(10).addingTimeInterval(Double(minute) * 60)
            try await store.saveSnapshot(same, scannedAt: same.asOf)
        }
        try await store.saveSnapshot(try sampleSnapshot(asOf: day(11), enabled: false), scannedAt: day(11))
        try await store.pinSnapshot(id: first.id)
        let flag = FlagID(application: "checkout", profile: "flags", key: "new_checkout")
        try await store.recordDecision(ReviewDecision(flag: flag, kind: .permanent, note: "kill switch", author: "alice", createdAt: day(10)))
        try await store.recordDecision(ReviewDecision(flag: flag, kind: .retire, owner: "bob", targetDate: "2026-12-01",
                                                      author: "alice", createdAt: day(11)))
        try await store.appendJournal(JournalEntry(at: day(11), actor: "alice", action: "toggle", target: "x/y", result: "ok",
                                                   details: Data(#"{"operation":"op1"}"#.utf8)))

        let s = try await store.stats()
        #expect(s.directory == tmp.url.path)
        #expect(s.hostedVersions.count == 3 && s.hostedVersions.bytes == 600 + 6)
        #expect(s.deployments.count == 1 && s.deployments.bytes == 250)
        #expect(s.decisions.count == 2)
        func length(_ texts: [String]) -> Int64 { Int64(texts.reduce(0) { $0 + $1.utf8.count }) }
        let shared = length(["checkout", "flags", "new_checkout", "alice"])
        let decisionBytes: Int64 = 2 * shared + length(["permanent", "kill switch", "retire", "bob", "2026-12-01"])
        #expect(s.decisions.bytes == decisionBytes)
        let journalBytes = length(["alice", "toggle", "x/y", "ok", #"{"operation":"op1"}"#])
        #expect(s.journal.count == 1 && s.journal.bytes == journalBytes)

        #expect(s.snapshots.count == 2 && s.snapshots.scans == 5 && s.snapshots.pinned == 1 && s.snapshots.legacy == 0)
        #expect(s.snapshots.oldestScannedAt == day(10) && s.snapshots.newestScannedAt == day(11))
        let pieceRows = try await store.read { db in
            try Row.fetchAll(db, sql: "SELECT length(data) AS n FROM snapshot_piece").map { $0["n"] as Int64 }
        }
        #expect(s.snapshots.pieces == pieceRows.count)
        #expect(s.snapshots.pieceBytes == pieceRows.reduce(0, +) + Int64(32 * pieceRows.count))
        #expect(s.snapshots.retention == SnapshotRetention.standard.description)
        if let disk = s.snapshots.diskBytes { #expect(disk >= s.snapshots.pieceBytes) }

        #expect(s.pageSize > 0 && s.pages > 0)
        let names = s.files.map(\.name)
        #expect(names.contains(FleetStore.fileName))
        let size = try FileManager.default.attributesOfItem(atPath: store.fileURL.path)[.size] as! NSNumber
        #expect(s.files.first { $0.name == FleetStore.fileName }?.bytes == size.int64Value)
    }
}
