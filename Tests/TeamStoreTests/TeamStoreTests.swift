import FlagModel
import FleetStore
import Foundation
import Testing
@testable import TeamStore

/// Where the store is and where its password comes from: no server needed.
@Suite struct TeamStoreLocationTests {
    @Test func aURLWithoutPasswordIsTheWholeLocation() throws {
        let l = try TeamStoreLocation("postgres://flagdeck_writer@db.internal:6432/flags", source: "FLAGDECK_STORE")
        #expect(l.user == "flagdeck_writer" && l.host == "db.internal" && l.port == 6432 && l.database == "flags")
        #expect(try TeamStoreLocation("postgresql://a@h/d", source: "x").port == 5432)
        #expect(l.description == "postgres://flagdeck_writer@db.internal:6432/flags")
    }

    @Test func aPasswordInTheURLIsRefusedAndNeverRepeated() {
        do {
            _ = try TeamStoreLocation("postgres://u:hunter2@h/d", source: "FLAGDECK_STORE")
            Issue.record("accepted a password in the URL")
        } catch {
            let text = "\(error)"
            #expect(text.hasPrefix("FLAGDECK_STORE: a password in the URL is refused") && !text.contains("hunter2"))
        }
        for bad in ["mysql://u@h/d", "postgres://h/d", "postgres://u@h/", "postgres://u@h:70000/d"] {
            #expect(throws: TeamStoreLocation.Problem.self) { try TeamStoreLocation(bad, source: "--store") }
        }
    }

    @Test func pgpassIsReadLikeLibpqReadsIt() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("pgpass-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let file = dir.appendingPathComponent("pgpass").path
        try """
            # comment
            other:5432:*:u:nope
            db.internal:*:flags:u:pa\\:ss
            *:*:*:*:fallback
            """.write(toFile: file, atomically: true, encoding: .utf8)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file)
        let l = try TeamStoreLocation("postgres://u@db.internal:6432/flags", source: "x")
        #expect(PGPassword.find(for: l, environment: ["PGPASSFILE": file]) == "pa:ss")
        #expect(PGPassword.find(for: try TeamStoreLocation("postgres://v@elsewhere/x", source: "x"), environment: ["PGPASSFILE": file]) == "fallback")
        #expect(PGPassword.find(for: l, environment: ["PGPASSFILE": file, "PGPASSWORD": "env"]) == "env")
        try FileManager.default.setAttributes([.posixPermissions: 0o644], ofItemAtPath: file)
        var warned: [String] = []
        #expect(PGPassword.find(for: l, environment: ["PGPASSFILE": file]) { warned.append($0) } == nil)
        #expect(warned.first?.contains("chmod 600") == true)
    }
}

/// Against a real PostgreSQL (scripts/pg_test_cluster.sh, started by scripts/test.sh).
@Suite(.enabled(if: TeamStoreServer.available, "needs FLAGDECK_TEST_POSTGRES (scripts/test.sh starts a private cluster)"),
       .serialized)
struct TeamStoreServerTests {
    @Test func twoWritersStartingAtOnceMigrateOnceAndAReaderChecks() async throws {
        let db = try await TeamStoreServer.scratchDatabase()
        async let a = TeamStore.open(db, password: TeamStoreServer.password(db))
        async let b = TeamStore.open(db, password: TeamStoreServer.password(db))
        let (first, second) = try await (a, b)
        defer { first.close(); second.close() }
        #expect(try await first.schemaVersion() == TeamSchema.latest)
        #expect(try await second.counts() == (0, 0, 0))
    }

    @Test func twoPeopleDecidingAtOnceBothLandAndTheLatestIsInForce() async throws {
        let db = try await TeamStoreServer.scratchDatabase()
        let store = try await TeamStore.open(db, password: TeamStoreServer.password(db))
        defer { store.close() }
        let flag = FlagID(application: "checkout", profile: "flags", key: "express_pay")
        let now = Date()
        async let alice = store.recordDecision(ReviewDecision(flag: flag, kind: .retire, note: "dead since June", author: "alice", createdAt: now))
        async let bob = store.recordDecision(ReviewDecision(flag: flag, kind: .keepUntil, targetDate: "2027-01-31", note: "Q1 promo",
                                                            author: "bob", createdAt: now.addingTimeInterval(0.001)))
        #expect(try await (alice, bob) == (true, true))
        let all = try await store.decisions()
        #expect(all.map(\.author) == ["alice", "bob"] && all.last?.kind == .keepUntil && all.last?.targetDate == "2027-01-31")
        // The same decision again (a retry after a lost answer) is kept once.
        #expect(try await store.recordDecision(all[0]) == false)
        #expect(try await store.decisions().count == 2)
    }

    @Test func aPublishedSnapshotReadsBackAndPublishingTwiceKeepsOne() async throws {
        let db = try await TeamStoreServer.scratchDatabase()
        let store = try await TeamStore.open(db, password: TeamStoreServer.password(db))
        defer { store.close() }
        let scannedAt = Date(timeIntervalSince1970: 1_795_000_000)
        let snapshot = try sampleSnapshot(asOf: scannedAt)
        let failure = ScanFailure(account: "search-prod", region: "us-east-1", message: "AccessDenied")
        #expect(try await store.publish(snapshot, scannedAt: scannedAt, errors: [failure], by: "cron") == .stored)
        #expect(try await store.publish(snapshot, scannedAt: scannedAt, errors: [failure], by: "cron") == .alreadyPublished)
        let latest = try #require(try await store.latestSnapshot())
        #expect(latest.snapshot == snapshot && latest.errors == [failure] && latest.publishedBy == "cron" && latest.scannedAt == scannedAt)
        #expect(try await store.counts().snapshots == 1)
    }

    /// The scale issue's rule, in the team store too: an unchanged rescan extends the last
    /// snapshot's sighting (no new row), a change stores one, old ones are thinned out, and
    /// "the fleet as it was then" still reads the right one.
    @Test func unchangedRescansAddNoSnapshotAndOldOnesAreThinnedByTheRetentionRule() async throws {
        let db = try await TeamStoreServer.scratchDatabase()
        let store = try await TeamStore.open(db, password: TeamStoreServer.password(db))
        defer { store.close() }
        let start = Date(timeIntervalSince1970: 1_795_000_000)
        func at(_ days: Double) -> Date { start.addingTimeInterval(days * 86_400) }
        let first = try sampleSnapshot(asOf: at(0))
        #expect(try await store.publish(first, scannedAt: at(0), errors: []) == .stored)
        // The same fleet scanned twelve hours later: only asOf moved.
        var rescan = first
        rescan.asOf = at(0.5)
        #expect(try await store.publish(rescan, scannedAt: at(0.5), errors: []) == .unchanged)
        var latest = try #require(try await store.latestSnapshot())
        #expect(latest.scannedAt == at(0.5) && latest.firstScannedAt == at(0) && latest.snapshot.asOf == at(0.5))
        #expect(try await store.counts().snapshots == 1)

        // A change every day for 20 days: days 1...20 alternate the flag.
        for d in 1...20 {
            #expect(try await store.publish(try sampleSnapshot(asOf: at(Double(d)), enabled: d % 2 == 0), scannedAt: at(Double(d)),
                                            errors: []) == .stored)
        }
        latest = try #require(try await store.latestSnapshot())
        #expect(latest.scannedAt == at(20))
        // Kept: the last 7 days' (14...20) and the end of each earlier day (one per day here):
        // with one snapshot per day the daily rule keeps them all, so nothing older than 90 days goes.
        #expect(try await store.counts().snapshots == 21)
        // The fleet as it was on day 3 (noon): the one published on day 3.
        let then = try #require(try await store.snapshot(atOrBefore: at(3.5)))
        #expect(then.scannedAt == at(3) && then.snapshot.rows.first { $0.flag.key == "new_checkout" } != nil)
        // Before the first: nothing.
        #expect(try await store.snapshot(atOrBefore: at(-1)) == nil)

        // Several changes in one day long ago: only that day's last survives once it is older than 7 days.
        let busy = try await TeamStoreServer.scratchDatabase()
        let busyStore = try await TeamStore.open(busy, password: TeamStoreServer.password(busy))
        defer { busyStore.close() }
        for h in 0..<6 {
            _ = try await busyStore.publish(try sampleSnapshot(asOf: at(0), enabled: h % 2 == 0),
                                            scannedAt: at(Double(h) / 24), errors: [])
        }
        #expect(try await busyStore.counts().snapshots == 6)
        _ = try await busyStore.publish(try sampleSnapshot(asOf: at(10), enabled: true), scannedAt: at(10), errors: [])
        #expect(try await busyStore.counts().snapshots == 2)
    }

    @Test func theAuditPublishedWithASnapshotReadsBack() async throws {
        let db = try await TeamStoreServer.scratchDatabase()
        let store = try await TeamStore.open(db, password: TeamStoreServer.password(db))
        defer { store.close() }
        let scannedAt = Date(timeIntervalSince1970: 1_795_000_000)
        #expect(try await store.latestAudit() == nil)
        _ = try await store.publish(try sampleSnapshot(asOf: scannedAt), scannedAt: scannedAt, errors: [])
        #expect(try await store.latestAudit() == nil)  // published without one
        let audit = sampleAudit(at: scannedAt)
        _ = try await store.publish(try sampleSnapshot(asOf: scannedAt), scannedAt: scannedAt.addingTimeInterval(60), errors: [],
                                    audit: audit)
        let read = try #require(try await store.latestAudit())
        #expect(read.audit == audit && read.scannedAt == scannedAt.addingTimeInterval(60))
        #expect(read.audit.trail.status == .loaded && read.audit.rows.first?.whoText == "alice")
    }

    @Test func aSchemaNewerThanThisFlagdeckIsRefusedWithWhatToDo() async throws {
        let db = try await TeamStoreServer.scratchDatabase()
        let store = try await TeamStore.open(db, password: TeamStoreServer.password(db))
        try await store.execute("INSERT INTO flagdeck_schema (version, applied_by) VALUES (99, 'the future')")
        store.close()
        for role in [TeamStore.Role.writer, .reader] {
            do {
                _ = try await TeamStore.open(db, password: TeamStoreServer.password(db), role: role)
                Issue.record("opened a version 99 schema as \(role)")
            } catch {
                #expect("\(error)".contains("newer than this flagdeck knows") && "\(error)".contains("upgrade flagdeck"))
            }
        }
    }

    @Test func theReaderRoleReadsAndCannotWrite() async throws {
        let writerLocation = try TeamStoreServer.location()
        let writer = try await TeamStore.open(writerLocation, password: TeamStoreServer.password(writerLocation))
        writer.close()
        let readerLocation = try TeamStoreServer.readerLocation()
        let reader = try await TeamStore.open(readerLocation, password: TeamStoreServer.password(readerLocation), role: .reader)
        defer { reader.close() }
        _ = try await reader.decisions()
        do {
            try await reader.recordDecision(ReviewDecision(flag: FlagID(application: "a", profile: "p", key: "k"), kind: .retire, author: "auditor"))
            Issue.record("the reader wrote a decision")
        } catch {
            #expect("\(error)".contains("permission denied") && "\(error)".contains("may only read"))
        }
        let wrongPassword = await Result { try await TeamStore.open(readerLocation, password: "wrong", role: .reader) }
        if case .failure(let error) = wrongPassword {
            #expect("\(error)".contains("password") && !"\(error)".contains("wrong\""))
        } else {
            Issue.record("a wrong password was accepted")
        }
    }

    /// What a restart does to a client: every connection is cut by the server. (With
    /// PostgresNIO's pool a call after the cut hung in about 3 runs of 10: TeamConnections.)
    @Test func connectionsCutByTheServerAreReopenedAndNothingIsLost() async throws {
        let db = try await TeamStoreServer.scratchDatabase()
        let store = try await TeamStore.open(db, password: TeamStoreServer.password(db))
        defer { store.close() }
        let flag = FlagID(application: "a", profile: "p", key: "k")
        #expect(try await store.recordDecision(ReviewDecision(flag: flag, kind: .retire, author: "before")))
        try await TeamStoreServer.dropConnections(to: db)
        // The pool's connections died as in a server restart; the next calls reconnect.
        #expect(try await store.recordDecision(ReviewDecision(flag: flag, kind: .keepUntil, targetDate: "2027-02-01", author: "after")))
        #expect(try await store.decisions().map(\.author) == ["before", "after"])
    }
}

extension Result where Failure == Error {
    init(catching body: () async throws -> Success) async {
        do { self = .success(try await body()) } catch { self = .failure(error) }
    }
}
