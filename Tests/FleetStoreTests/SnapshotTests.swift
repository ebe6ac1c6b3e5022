import FlagModel
import Foundation
import Testing
@testable import FleetStore

@Suite struct SnapshotTests {
    @Test func aSnapshotRoundTripsWithItsErrors() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        #expect(try await store.latestSnapshot() == nil)
        let snapshot = try sampleSnapshot(asOf: day(100))
        #expect(snapshot.rows.count == 2)
        let errors = [ScanFailure(account: "search-prod", region: "us-east-1", message: "ExpiredToken")]
        let info = try await store.saveSnapshot(snapshot, scannedAt: day(100).addingTimeInterval(5), errors: errors)
        #expect(info.flagCount == 2 && info.errorCount == 1)
        #expect(info.scannedAt == day(100).addingTimeInterval(5) && info.asOf == day(100))
        let loaded = try #require(try await store.latestSnapshot())
        #expect(loaded.snapshot == snapshot)
        #expect(loaded.errors == errors)
        #expect(loaded.info == info)
        #expect(try await store.snapshot(id: info.id) == loaded)
    }

    @Test func listingIsNewestFirstAndNearestBeforePicksTheBaseline() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        // Saved out of order: the order comes from scannedAt, not insertion.
        var ids: [Int: Int64] = [:]
        for d in [30, 0, 60] {
            ids[d] = try await store.saveSnapshot(try sampleSnapshot(asOf: day(d), enabled: d != 60),
                                                  scannedAt: day(d)).id
        }
        let list = try await store.snapshots()
        #expect(list.map(\.scannedAt) == [day(60), day(30), day(0)])
        #expect(try await store.snapshots(limit: 1).map(\.id) == [ids[60]!])
        #expect(try await store.latestSnapshot()?.info.id == ids[60])

        // "What changed since last month", asked on day 60.
        #expect(try await store.snapshot(atOrBefore: day(60).addingTimeInterval(-30 * 86_400))?.info.id == ids[30])
        #expect(try await store.snapshot(atOrBefore: day(45))?.info.id == ids[30])
        #expect(try await store.snapshot(atOrBefore: day(29))?.info.id == ids[0])
        #expect(try await store.snapshot(atOrBefore: day(0))?.info.id == ids[0])
        #expect(try await store.snapshot(atOrBefore: day(-1)) == nil)
        #expect(try await store.snapshot(atOrBefore: day(1000))?.info.id == ids[60])
    }
}
