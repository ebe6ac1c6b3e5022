import FlagModel
import Foundation
import Testing
@testable import FleetStore

/// One snapshot as one value (what the team store keeps): it reads back equal, is much
/// smaller than its JSON, and its fingerprint ignores only `asOf`.
@Suite struct SnapshotBlobTests {
    @Test func aSnapshotReadsBackEqualAndItsFingerprintFollowsTheFleetNotTheClock() throws {
        let t0 = Date(timeIntervalSince1970: 1_795_000_000)
        let snapshot = try syntheticSnapshot(accounts: 3, asOf: t0)
        let errors = [ScanFailure(account: "search-prod", region: "us-east-1", message: "AccessDenied")]
        let (body, fingerprint) = try SnapshotBlob.encode(snapshot, errors: errors)
        #expect(try SnapshotBlob.decode(body) == snapshot)
        let json = try JSONEncoder().encode(snapshot)
        #expect(body.count * 4 < json.count, "blob \(body.count) bytes, JSON \(json.count)")

        var later = snapshot
        later.asOf = t0.addingTimeInterval(3600)
        let again = try SnapshotBlob.encode(later, errors: errors)
        #expect(again.fingerprint == fingerprint)
        #expect(try SnapshotBlob.decode(again.body).asOf == later.asOf)
        #expect(try SnapshotBlob.encode(snapshot, errors: []).fingerprint != fingerprint)
        var changed = snapshot
        changed.rows.removeLast()
        #expect(try SnapshotBlob.encode(changed, errors: errors).fingerprint != fingerprint)
    }

    @Test func aDamagedBlobIsAnErrorNotACrash() throws {
        let (body, _) = try SnapshotBlob.encode(try sampleSnapshot(asOf: day(1)), errors: [])
        for cut in [0, 1, 9, body.count / 2, body.count - 1] {
            #expect(throws: (any Error).self) { try SnapshotBlob.decode(Array(body.prefix(cut))) }
        }
        var wrongVersion = body
        wrongVersion[0] = 9
        #expect(throws: (any Error).self) { try SnapshotBlob.decode(wrongVersion) }
    }
}
