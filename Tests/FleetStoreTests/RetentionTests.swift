import FlagModel
import Foundation
import GRDB
import Testing
@testable import FleetStore

@Suite struct RetentionTests {
    static let now = utc("2026-11-30T12:00:00Z")

    /// Scan time → kept at `now` (7 days all, 90 days one per UTC day; the window's
    /// first day is 2026-09-02).
    static let plan: [(String, Bool, String)] = [
        ("2026-07-01T10:00:00Z", true, "the snapshot the 2026-07-01 review decided on"),
        ("2026-07-01T12:00:00Z", false, "last of a day before the window, followed by another such day"),
        ("2026-08-01T10:00:00Z", true, "pinned"),
        ("2026-08-02T10:00:00Z", true, "the fleet at the end of 2026-09-02…09-04 (no snapshot on those days)"),
        ("2026-09-05T09:00:00Z", false, "not the last of its day"),
        ("2026-09-05T10:00:00Z", true, "last of a day in the window"),
        ("2026-11-20T08:00:00Z", false, "not the last of its day, older than 7 days"),
        ("2026-11-20T20:00:00Z", true, "last of its day"),
        ("2026-11-23T11:00:00Z", false, "7 days and 1 hour old, not the last of its day"),
        ("2026-11-23T13:00:00Z", true, "less than 7 days old"),
        ("2026-11-29T10:00:00Z", true, "less than 7 days old"),
        ("2026-11-29T11:00:00Z", true, "the newest"),
    ]

    /// Each scan found a different fleet (its `since` dates move with `asOf`).
    func filledStore(_ tmp: TempDirectory) async throws -> (FleetStore, [String: (Int64, FleetSnapshot)]) {
        let store = try FleetStore(directory: tmp.url)
        var saved: [String: (Int64, FleetSnapshot)] = [:]
        for (i, (at, _, _)) in Self.plan.enumerated() {
            let snapshot = try sampleSnapshot(asOf: utc(at), enabled: i % 2 == 0)
            saved[at] = (try await store.saveSnapshot(snapshot, scannedAt: utc(at)).id, snapshot)
        }
        try await store.pinSnapshot(id: saved["2026-08-01T10:00:00Z"]!.0)
        try await store.recordDecision(ReviewDecision(flag: FlagID(application: "checkout", profile: "flags", key: "kill_switch"),
                                                      kind: .permanent, author: "alice",
                                                      createdAt: utc("2026-07-01T11:00:00Z")))
        return (store, saved)
    }

    @Test func keepsTheRightSnapshotsAtAGivenNow() async throws {
        let tmp = TempDirectory()
        let (store, saved) = try await filledStore(tmp)
        let piecesBefore = try await store.count("SELECT COUNT(*) FROM snapshot_piece")
        let outcome = try await store.applyRetention(.standard, now: Self.now)
        let kept = Set(try await store.snapshots().map(\.id))
        for (at, keep, why) in Self.plan {
            #expect(kept.contains(saved[at]!.0) == keep, "\(at): \(why)")
        }
        #expect(outcome.deletedSnapshots == Self.plan.filter { !$0.1 }.count)
        #expect(outcome.deletedPieces > 0)
        #expect(try await store.count("SELECT COUNT(*) FROM snapshot_piece") == piecesBefore - outcome.deletedPieces)

        // Every kept snapshot still loads whole, and no piece is left that none holds.
        var held = Set<Int64>()
        for (at, keep, _) in Self.plan where keep {
            let (id, snapshot) = saved[at]!
            #expect(try await store.snapshot(id: id)?.snapshot == snapshot, "\(at)")
            let body = try await store.read { db in try Data.fetchOne(db, sql: "SELECT body FROM snapshot WHERE id = ?", arguments: [id])! }
            held.formUnion(try EncodedSnapshot.pieceIDs(manifest: Array(body)).ids)
        }
        #expect(Set(try await store.read { db in try Int64.fetchAll(db, sql: "SELECT id FROM snapshot_piece") }) == held)

        // Applying it again changes nothing; "since 2026-09-03" still finds the fleet of that day.
        #expect(try await store.applyRetention(.standard, now: Self.now).deletedSnapshots == 0)
        #expect(try await store.snapshot(atOrBefore: utc("2026-09-03T23:59:59Z"))?.info.id == saved["2026-08-02T10:00:00Z"]!.0)
    }

    @Test func theScanPathsApplyItAfterEachSave() async throws {
        let tmp = TempDirectory()
        let (store, saved) = try await filledStore(tmp)
        let snapshot = try sampleSnapshot(asOf: Self.now, enabled: false)
        let info = try await store.saveSnapshot(snapshot, scannedAt: Self.now, retention: .standard)
        let kept = Set(try await store.snapshots().map(\.id))
        #expect(kept.contains(info.id))
        for (at, keep, why) in Self.plan {
            #expect(kept.contains(saved[at]!.0) == keep, "\(at): \(why)")
        }
    }

    @Test func pinnedAndReviewedSnapshotsSurviveAnyAge() async throws {
        let tmp = TempDirectory()
        let (store, saved) = try await filledStore(tmp)
        try await store.applyRetention(.standard, now: utc("2028-01-01T00:00:00Z"))
        let kept = Set(try await store.snapshots().map(\.id))
        #expect(kept == [saved["2026-07-01T10:00:00Z"]!.0, saved["2026-08-01T10:00:00Z"]!.0,
                         saved["2026-11-29T11:00:00Z"]!.0])
        #expect(try await store.snapshots().filter(\.pinned).map(\.id) == [saved["2026-08-01T10:00:00Z"]!.0])
    }

    @Test func aSnapshotSeenUnchangedLatelyIsRecentWhateverItsFirstScan() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        let a = try sampleSnapshot(asOf: utc("2026-11-01T10:00:00Z"))
        let old = try await store.saveSnapshot(a, scannedAt: utc("2026-11-01T10:00:00Z")).id
        let run = try await store.saveSnapshot(try sampleSnapshot(asOf: utc("2026-11-01T11:00:00Z")), scannedAt: utc("2026-11-01T11:00:00Z")).id
        // Rescans found it unchanged for four weeks.
        var same = try await store.snapshot(id: run)!.snapshot
        same.asOf = utc("2026-11-29T11:00:00Z")
        #expect(try await store.saveSnapshot(same, scannedAt: utc("2026-11-29T11:00:00Z")).id == run)
        try await store.applyRetention(.standard, now: Self.now)
        // 10:00 is not the last of its day and was last seen 29 days ago: gone.
        #expect(try await store.snapshots().map(\.id) == [run])
        #expect(old != run)
    }

    @Test func oldFormatRowsKeepOnePerDay() async throws {
        let tmp = TempDirectory()
        try FileManager.default.createDirectory(at: tmp.url, withIntermediateDirectories: true)
        let path = tmp.url.appendingPathComponent(FleetStore.fileName).path
        let s = try sampleSnapshot(asOf: utc("2026-11-29T10:00:00Z"))
        do {
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: "v2-deployment-completion")
            try await queue.write { db in
                for at in ["2026-11-29T10:00:00Z", "2026-11-29T10:01:00Z", "2026-11-29T10:02:00Z", "2026-11-30T09:00:00Z"] {
                    try db.execute(sql: """
                        INSERT INTO snapshot (scanned_at, as_of, flag_count, error_count, body, errors) VALUES (?, ?, 2, 0, ?, '[]')
                        """, arguments: [utc(at), utc(at), try JSONEncoder().encode(s)])
                }
            }
            try queue.close()
        }
        let store = try FleetStore(directory: tmp.url)
        try await store.applyRetention(.standard, now: Self.now)
        // Stored on every scan, changed or not: the last of each day is what they keep.
        #expect(try await store.snapshots().map(\.firstScannedAt) == [utc("2026-11-30T09:00:00Z"), utc("2026-11-29T10:02:00Z")])
    }
}
