import FlagModel
import Foundation
import GRDB
import Testing
@testable import FleetStore

@Suite struct CompactSnapshotTests {
    @Test func sha256MatchesTheStandardVectors() {
        func hex(_ b: [UInt8]) -> String { b.map { String(format: "%02x", $0) }.joined() }
        #expect(hex(SHA256Digest.hash([UInt8]())) == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")
        #expect(hex(SHA256Digest.hash(Array("abc".utf8))) == "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad")
        let long = Array("abcdbcdecdefdefgefghfghighijhijkijkljklmklmnlmnomnopnopq".utf8)
        #expect(hex(SHA256Digest.hash(long)) == "248d6a61d20638b8e5c026930c3e6039a33ce45964ff2167f6ecedd419db06c1")
        let million = [UInt8](repeating: UInt8(ascii: "a"), count: 1_000_000)
        #expect(hex(SHA256Digest.hash(million)) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
        // Fed in uneven chunks: the same digest.
        var d = SHA256Digest()
        var i = 0, step = 1
        while i < million.count {
            d.update(million[i..<min(i + step, million.count)])
            i += step
            step = step * 3 % 1000 + 1
        }
        #expect(hex(d.finish()) == "cdc76e5c9914fb9281a1c7e284d73e67f1809a48a497200e046d39ccc7112cd0")
    }

    /// Fails when the model gains a field the compact codec does not write: it then
    /// stores JSON pieces (lossless, bigger) until SnapshotCodec learns the field.
    @Test func theCodecKnowsEveryFieldOfTheModel() throws {
        #expect(try SnapshotCodec.modelFieldCounts() == SnapshotCodec.knownFieldCounts)
        #expect(SnapshotCodec.isComplete)
    }

    @Test func everyFieldRoundTripsExactly() async throws {
        let snapshot = try richSnapshot()
        let errors = [ScanFailure(account: "search-prod", region: "us-east-1", application: "search", message: "Throttling")]
        let encoded = try EncodedSnapshot(snapshot, errors: errors)
        #expect(encoded.pieces.count == snapshot.rows.count + 1)
        #expect(encoded.pieces.allSatisfy { $0.data.first != SnapshotCodec.Format.json.rawValue })

        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        let info = try await store.saveSnapshot(snapshot, scannedAt: day(100), errors: errors)
        #expect(info.encoding == 1 && info.flagCount == snapshot.rows.count && info.errorCount == 1)
        let loaded = try #require(try await store.latestSnapshot())
        #expect(loaded.snapshot == snapshot)
        #expect(loaded.errors == errors)
        // A fresh store reads the same.
        try store.close()
        let again = try #require(try await FleetStore(directory: tmp.url).snapshot(id: info.id))
        #expect(again.snapshot == snapshot)
    }

    @Test func asOfComesBackExactForTheFirstScanAndForARescan() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        var s = try sampleSnapshot(asOf: day(5))
        s.asOf = day(5).addingTimeInterval(0.000_123_456)
        let first = try await store.saveSnapshot(s, scannedAt: day(5).addingTimeInterval(1))
        #expect(try await store.latestSnapshot()?.snapshot == s)
        var rescan = s
        rescan.asOf = day(5).addingTimeInterval(60.000_987_654)
        #expect(try await store.saveSnapshot(rescan, scannedAt: day(5).addingTimeInterval(61)).id == first.id)
        #expect(try await store.latestSnapshot()?.snapshot == rescan)
        #expect(try await store.snapshot(atOrBefore: day(5).addingTimeInterval(30))?.snapshot == s)
    }

    @Test func anUnchangedRescanAddsAtMostOneKilobyteAndIsRemembered() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        let t0 = Date(timeIntervalSince1970: 1_795_000_000)
        let first = try syntheticSnapshot(accounts: 10, asOf: t0)
        let stored = try await store.saveSnapshot(first, scannedAt: t0, retention: .standard)
        var size = try await storedBytes(store)
        for minute in 1...5 {
            let at = t0.addingTimeInterval(Double(minute) * 60)
            // The same fleet scanned a minute later: only asOf moved.
            var rescan = first
            rescan.asOf = at
            let info = try await store.saveSnapshot(rescan, scannedAt: at, retention: .standard)
            #expect(info.id == stored.id)
            #expect(info.seenCount == minute + 1 && info.lastSeenAt == at && info.firstScannedAt == t0)
            let now = try await storedBytes(store)
            #expect(now - size <= 1024, "an unchanged rescan added \(now - size) bytes")
            size = now
        }
        #expect(try await store.count("SELECT COUNT(*) FROM snapshot") == 1)

        // Read as the last scan that saw it...
        let latest = try #require(try await store.latestSnapshot())
        let last = t0.addingTimeInterval(300)
        #expect(latest.info.scannedAt == last && latest.info.asOf == last && latest.snapshot.asOf == last)
        var expected = first
        expected.asOf = last
        #expect(latest.snapshot == expected)
        // ...and, for a moment inside the run, as the scan that stored it (a scan at or before it).
        let middle = try #require(try await store.snapshot(atOrBefore: t0.addingTimeInterval(150)))
        #expect(middle.info.scannedAt == t0 && middle.snapshot == first)
        #expect(try await store.snapshot(atOrBefore: t0.addingTimeInterval(-1)) == nil)
        #expect(try await store.snapshot(atOrBefore: last)?.info.scannedAt == last)
    }

    @Test func aChangedScanStoresOnlyTheRowsThatChanged() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        let t0 = Date(timeIntervalSince1970: 1_795_000_000)
        let a = try syntheticSnapshot(accounts: 10, asOf: t0)
        try await store.saveSnapshot(a, scannedAt: t0)
        let pieces = try await store.count("SELECT COUNT(*) FROM snapshot_piece")
        #expect(pieces == a.rows.count + 1)
        let before = try await storedBytes(store)

        // One cell of one flag starts rolling out.
        var b = a
        b.asOf = t0.addingTimeInterval(60)
        b.rows[7].cells[3].rollingOutPercent = 20
        b.rows[7].cells[3].rollingOutVersion = 4
        let changed = try await store.saveSnapshot(b, scannedAt: b.asOf)
        #expect(try await store.count("SELECT COUNT(*) FROM snapshot") == 2)
        #expect(try await store.count("SELECT COUNT(*) FROM snapshot_piece") == pieces + 1)
        let rowBytes = try await store.count("SELECT length(data) FROM snapshot_piece ORDER BY id DESC LIMIT 1")
        let added = try await storedBytes(store) - before
        print("changed scan (1 of \(a.rows.count) rows, \(a.rows[7].cells.count) cells): row piece \(rowBytes) bytes, database +\(added) bytes")
        #expect(added <= 16 * 1024)

        // Back to the first state: a new snapshot, no new piece.
        var c = a
        c.asOf = t0.addingTimeInterval(120)
        let back = try await store.saveSnapshot(c, scannedAt: c.asOf)
        #expect(back.id != changed.id)
        #expect(try await store.count("SELECT COUNT(*) FROM snapshot_piece") == pieces + 1)
        #expect(try await store.count("SELECT COUNT(*) FROM snapshot_piece WHERE last_used IS NULL") == pieces)

        var expectedA = a
        expectedA.asOf = t0
        #expect(try await store.snapshot(atOrBefore: t0.addingTimeInterval(30))?.snapshot == expectedA)
        #expect(try await store.snapshot(id: changed.id)?.snapshot == b)
        #expect(try await store.latestSnapshot()?.snapshot == c)
    }

    @Test func newErrorsAloneMakeANewSnapshotSharingEveryPiece() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        let s = try sampleSnapshot(asOf: day(10))
        try await store.saveSnapshot(s, scannedAt: day(10))
        try await store.saveSnapshot(s, scannedAt: day(10).addingTimeInterval(60),
                                     errors: [ScanFailure(account: "a", region: "us-east-1", message: "ExpiredToken")])
        #expect(try await store.count("SELECT COUNT(*) FROM snapshot") == 2)
        #expect(try await store.count("SELECT COUNT(*) FROM snapshot_piece") == 3)
        #expect(try await store.latestSnapshot()?.errors.count == 1)
    }

    @Test func rowsStoredBeforeCompactSnapshotsStillLoad() async throws {
        let tmp = TempDirectory()
        try FileManager.default.createDirectory(at: tmp.url, withIntermediateDirectories: true)
        let path = tmp.url.appendingPathComponent(FleetStore.fileName).path
        let old = try sampleSnapshot(asOf: day(50))
        let errors = [ScanFailure(account: "search-prod", region: "us-east-1", message: "ExpiredToken")]
        do {
            // A database as the previous version left it: migrated to v2, a JSON body per scan.
            let queue = try DatabaseQueue(path: path)
            try Schema.migrator.migrate(queue, upTo: "v2-deployment-completion")
            try await queue.write { db in
                for (i, at) in [day(49), day(50)].enumerated() {
                    var s = old
                    s.asOf = at
                    try db.execute(sql: """
                        INSERT INTO snapshot (scanned_at, as_of, flag_count, error_count, body, errors) VALUES (?, ?, ?, ?, ?, ?)
                        """, arguments: [at.addingTimeInterval(5), at, s.rows.count, i, try JSONEncoder().encode(s),
                                         try JSONEncoder().encode(Array(errors.prefix(i)))])
                }
            }
            try queue.close()
        }
        let store = try FleetStore(directory: tmp.url)
        let legacy = try #require(try await store.latestSnapshot())
        #expect(legacy.info.encoding == 0 && legacy.info.scannedAt == day(50).addingTimeInterval(5))
        #expect(legacy.snapshot == old && legacy.errors == errors)
        #expect(try await store.snapshot(atOrBefore: day(50))?.snapshot.asOf == day(49))

        // The next scan is stored compactly even when nothing changed (an old row has no
        // fingerprint), the one after is a rescan of it.
        let info = try await store.saveSnapshot(old, scannedAt: day(51), errors: errors)
        #expect(info.encoding == 1)
        #expect(try await store.saveSnapshot(old, scannedAt: day(51).addingTimeInterval(60), errors: errors).id == info.id)
        #expect(try await store.snapshots().map(\.encoding) == [1, 0, 0])
        #expect(try await store.snapshot(atOrBefore: day(50).addingTimeInterval(10))?.snapshot == old)
    }

    /// Bytes per cell, old JSON against compact pieces, for the synthetic fleet of
    /// `--seed synthetic:accounts=100` (100 accounts × 2 regions × 5 applications × 3
    /// environments, 250 flags, 150,000 cells). A measurement printed, not a timing.
    @Test func bytesPerCellOnALargeSyntheticFleet() async throws {
        let snapshot = try syntheticSnapshot(accounts: 100)
        let cells = snapshot.rows.reduce(0) { $0 + $1.cells.count }
        let json = try JSONEncoder().encode(snapshot).count
        let encoded = try EncodedSnapshot(snapshot, errors: [])
        let pieces = encoded.pieces.reduce(0) { $0 + $1.data.count }
        let manifest = EncodedSnapshot.manifest(asOf: snapshot.asOf, encoded.pieces.indices.map { Int64($0 + 1) }).count
        let compact = pieces + manifest
        print("""
            synthetic fleet: \(snapshot.rows.count) flags, \(snapshot.environments.count) environments, \(cells) cells
              JSON (before): \(json) bytes, \(String(format: "%.1f", Double(json) / Double(cells))) bytes/cell
              compact (after): \(compact) bytes (header \(encoded.pieces[0].data.count), rows \(pieces - encoded.pieces[0].data.count), piece list \(manifest)), \(String(format: "%.2f", Double(compact) / Double(cells))) bytes/cell
            """)
        #expect(compact * 20 < json)

        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        let empty = try await storedBytes(store)
        let clock = ContinuousClock()
        let saveFirst = try await clock.measure { try await store.saveSnapshot(snapshot, scannedAt: snapshot.asOf) }
        let first = try await storedBytes(store)
        var rescan = snapshot
        rescan.asOf = snapshot.asOf.addingTimeInterval(60)
        let saveAgain = try await clock.measure {
            try await store.saveSnapshot(rescan, scannedAt: rescan.asOf, retention: .standard)
        }
        let second = try await storedBytes(store)
        var loaded: StoredSnapshot?
        let load = try await clock.measure { loaded = try await store.latestSnapshot() }
        print("  database: first scan +\(first - empty) bytes, unchanged rescan +\(second - first) bytes")
        print("  times (this build): save \(saveFirst), unchanged save \(saveAgain), load \(load)")
        #expect(second - first <= 1024)
        #expect(loaded?.snapshot == rescan)
    }
}

/// Every optional field set somewhere, dates that are not whole milliseconds, a cell in
/// an environment the header does not list, unreadable parts, JSON attributes whose
/// number text and key order must survive.
func richSnapshot() throws -> FleetSnapshot {
    var s = try sampleSnapshot(asOf: day(100))
    let env = s.environments[0].id
    let other = EnvironmentID(accountName: "search-prod", accountId: "222222222222", region: "us-east-1",
                              applicationName: "checkout", environmentName: "prod")
    s.environments[0].problems = ["flags: version 7 was not fetched"]
    s.environments[0].lastReadAt = day(99).addingTimeInterval(0.000_123_4)
    s.unreadable = [UnreadablePart(account: "search-prod", accountId: "222222222222", region: "us-east-1")]
    var row = s.rows[0]
    var cell = row.cells[0]
    cell.servedVersion = 7
    cell.since = Date(timeIntervalSinceReferenceDate: 1234.567_891_23)
    cell.stateSince = day(-3)
    cell.sinceIsLowerBound = true
    cell.rollingOutPercent = 40.25
    cell.rollingOutVersion = 8
    cell.pendingVersion = -1
    cell.attributes = try JSONParser.parse(#"{"z":1.50,"a":"ünï \"q\" ✓","n":[1e3,null,true]}"#)
    cell.note = "served version unreadable"
    cell.bakingVersion = 8
    cell.bakeEndsAt = day(101)
    cell.lastReadAt = day(98)
    var inline = cell
    inline.environment = other
    inline.state = .unknown
    inline.lastReadAt = nil
    row.cells = [cell, inline, row.cells[0]]
    row.unreadable = s.unreadable
    row.notes = ["absent in prod: not promoted"]
    row.problems = ["malformed deprecation date"]
    row.deprecationDates = ["2026-03-31", "2026-04-30"]
    row.verdicts.append(Verdict(.drift, "on in prod, off in prod-eu"))
    s.rows[0] = row
    _ = env
    return s
}
