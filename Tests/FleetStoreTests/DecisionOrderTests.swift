import FlagModel
import Foundation
import Testing
@testable import FleetStore

/// One definition of a flag's current decision: the latest by `createdAt`,
/// ties by insertion (row id), in SQL and in `ReviewDecision.chronological`.
@Suite struct DecisionOrderTests {
    static let flag = FlagID(application: "checkout", profile: "flags", key: "new_checkout")
    static let other = FlagID(application: "checkout", profile: "flags", key: "kill_switch")

    static func decision(_ kind: DecisionKind, flag: FlagID = flag, author: String, at: Date,
                         target: String? = nil) -> ReviewDecision {
        ReviewDecision(flag: flag, kind: kind, targetDate: target, author: author, createdAt: at)
    }

    /// An import appends a colleague's older decision after the newer local one:
    /// the newer stays current. (Insertion order alone would pick the older.)
    @Test func anOlderDecisionInsertedLaterDoesNotTakeOver() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        let newer = try await store.recordDecision(Self.decision(.permanent, author: "alice", at: day(10)))
        let older = try await store.recordDecision(Self.decision(.retire, author: "bob", at: day(2)))
        #expect(older.id! > newer.id!)

        #expect(try await store.currentDecision(for: Self.flag) == newer)
        #expect(try await store.currentDecisions()[Self.flag] == newer)
        #expect(try await store.decisionHistory(for: Self.flag) == [older, newer])
        #expect(try await store.decisionLog() == [older, newer])
        #expect(ReviewDecision.chronological([newer, older]) == [older, newer])
    }

    @Test func equalCreationTimesFallBackToInsertionOrder() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        let first = try await store.recordDecision(Self.decision(.snooze, author: "zed", at: day(3), target: "2026-12-01"))
        let second = try await store.recordDecision(Self.decision(.permanent, author: "amy", at: day(3)))
        #expect(try await store.currentDecision(for: Self.flag) == second)
        #expect(try await store.currentDecisions()[Self.flag] == second)
        #expect(try await store.decisionHistory(for: Self.flag) == [first, second])
        // The Swift rule, whatever order it is given the rows in.
        #expect(ReviewDecision.chronological([second, first]) == [first, second])
        // Not recorded yet: after every recorded decision of the same instant, in the order given.
        let pendingA = Self.decision(.retire, author: "a", at: day(3)), pendingB = Self.decision(.retire, author: "b", at: day(3))
        #expect(ReviewDecision.chronological([pendingA, second, pendingB, first]) == [first, second, pendingA, pendingB])
    }

    /// The SQL ordering and `chronological` agree on a mixed history: several
    /// flags, ties, decisions recorded out of creation order.
    @Test func theStoreAndTheSwiftRuleAgree() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        var rng = SplitMix(seed: 13)
        var recorded: [ReviewDecision] = []
        for i in 0..<60 {
            let flag = [Self.flag, Self.other][Int(rng.next() % 2)]
            let kind = DecisionKind.allCases.filter { $0 != .snooze && $0 != .keepUntil }[Int(rng.next() % 2)]
            let at = Date(timeIntervalSince1970: 1_780_000_000 + Double(rng.next() % 5))
            recorded.append(try await store.recordDecision(Self.decision(kind, flag: flag, author: "u\(i)", at: at)))
        }
        let log = try await store.decisionLog()
        #expect(log == ReviewDecision.chronological(recorded.reversed()))
        let current = try await store.currentDecisions()
        for flag in [Self.flag, Self.other] {
            let history = ReviewDecision.chronological(recorded.filter { $0.flag == flag })
            #expect(try await store.decisionHistory(for: flag) == history)
            #expect(try await store.currentDecision(for: flag) == history.last)
            #expect(current[flag] == history.last)
        }
    }

    @Test func manyDecisionsAreRecordedInOneTransaction() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        let existing = try await store.recordDecision(Self.decision(.permanent, author: "alice", at: day(0)))
        let batch = [Self.decision(.retire, author: "bob", at: day(1)),
                     Self.decision(.permanent, flag: Self.other, author: "bob", at: day(1)),
                     Self.decision(.keepUntil, author: "bob", at: day(2), target: "2027-01-31")]
        let stored = try await store.recordDecisions(batch)
        #expect(stored.count == 3 && stored.allSatisfy { $0.id != nil })
        #expect(stored.map(\.id!) == stored.map(\.id!).sorted() && stored[0].id! > existing.id!)
        #expect(try await store.decisionLog() == [existing] + stored)
        #expect(try await store.recordDecisions([]).isEmpty)
    }

    /// The second of three is rejected by the store: nothing of the batch is written.
    @Test func aRejectedDecisionRecordsNoneOfTheBatch() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        let existing = try await store.recordDecision(Self.decision(.permanent, author: "alice", at: day(0)))
        let batch = [Self.decision(.retire, author: "bob", at: day(1)),
                     Self.decision(.keepUntil, author: "bob", at: day(2), target: "31/01/2027"),
                     Self.decision(.permanent, flag: Self.other, author: "bob", at: day(3))]
        await #expect(throws: FleetStoreError.invalidDate("31/01/2027")) {
            try await store.recordDecisions(batch)
        }
        #expect(try await store.decisionLog() == [existing])
        #expect(try await store.currentDecision(for: Self.flag) == existing)
    }

    /// A failure of the database itself after the first insert ran: rolled back whole.
    @Test func aFailingInsertMidBatchRollsBackTheEarlierOnes() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        try await store.write { db in
            try db.execute(sql: """
                CREATE TRIGGER injected_failure BEFORE INSERT ON review_decision WHEN NEW.author = 'mallory'
                BEGIN SELECT RAISE(ABORT, 'injected failure'); END;
                """)
        }
        let batch = [Self.decision(.retire, author: "bob", at: day(1)),
                     Self.decision(.permanent, author: "mallory", at: day(2)),
                     Self.decision(.permanent, flag: Self.other, author: "bob", at: day(3))]
        await #expect(throws: (any Error).self) { try await store.recordDecisions(batch) }
        #expect(try await store.decisionLog().isEmpty)
        // The store is still usable, and even the ids of the rolled-back rows are unused.
        let after = try await store.recordDecision(Self.decision(.retire, author: "bob", at: day(4)))
        #expect(try await store.decisionLog() == [after] && after.id == 1)
    }
}

/// Deterministic pseudo-random numbers for the agreement test.
struct SplitMix {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE5_E4B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }
}
