import FlagModel
import Foundation
import Testing
@testable import FleetStore

@Suite struct DecisionAndJournalTests {
    static let flag = FlagID(application: "checkout", profile: "flags", key: "new_checkout")
    static let other = FlagID(application: "checkout", profile: "flags", key: "kill_switch")

    @Test func decisionsKeepTheirWholeHistoryAndTheLatestIsCurrent() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        let first = try await store.recordDecision(ReviewDecision(
            flag: Self.flag, kind: .keepUntil, owner: "payments", targetDate: "2026-12-31", note: "after peak",
            checklist: ReviewChecklist(positiveFeedback: true), author: "alice", createdAt: day(0)))
        _ = try await store.recordDecision(ReviewDecision(flag: Self.other, kind: .permanent, author: "bob",
                                                          createdAt: day(1)))
        // Written later and created later: the current one.
        let second = try await store.recordDecision(ReviewDecision(
            flag: Self.flag, kind: .retire, owner: "payments",
            checklist: ReviewChecklist(positiveFeedback: true, noRefactorsExpected: true, noLongerNeeded: true),
            author: "carol", createdAt: day(5)))
        #expect(first.id != nil && second.id! > first.id!)

        let history = try await store.decisionHistory(for: Self.flag)
        #expect(history == [first, second])
        #expect(history[0].targetDate == "2026-12-31" && history[0].note == "after peak")
        #expect(try await store.currentDecision(for: Self.flag) == second)
        let current = try await store.currentDecisions()
        #expect(current.count == 2)
        #expect(current[Self.flag]?.kind == .retire)
        #expect(current[Self.other]?.kind == .permanent && current[Self.other]?.author == "bob")
        #expect(try await store.currentDecision(for: FlagID(application: "x", profile: "y", key: "z")) == nil)
    }

    @Test func historyCannotBeRewritten() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        try await store.recordDecision(ReviewDecision(flag: Self.flag, kind: .snooze, targetDate: "2026-02-01",
                                                      author: "alice", createdAt: day(0)))
        try await store.appendJournal(JournalEntry(actor: "alice", action: "toggle", target: "t", result: "ok"))
        for sql in ["UPDATE review_decision SET kind = 'retire'", "DELETE FROM review_decision",
                    "UPDATE journal SET result = 'failed'", "DELETE FROM journal"] {
            await #expect(throws: (any Error).self, "\(sql)") {
                try await store.write { db in try db.execute(sql: sql) }
            }
        }
        #expect(try await store.decisionHistory(for: Self.flag).count == 1)
        #expect(try await store.journal().count == 1)
    }

    @Test func aTargetDateMustBeADay() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        await #expect(throws: FleetStoreError.invalidDate("31/12/2026")) {
            try await store.recordDecision(ReviewDecision(flag: Self.flag, kind: .keepUntil, targetDate: "31/12/2026",
                                                          author: "alice"))
        }
    }

    @Test func theAuthorDefaultsToTheOSUser() {
        let d = ReviewDecision(flag: Self.flag, kind: .retire)
        #expect(!d.author.isEmpty)
        #expect(d.author == FleetStore.currentUser())
    }

    @Test func theJournalIsAppendOnlyAndPagesNewestFirst() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        struct Details: Codable, Equatable { var flag: String; var fromVersion: Int; var toVersion: Int }
        for i in 0..<5 {
            try await store.appendJournal(JournalEntry(
                at: day(i), actor: "alice", action: "toggle", target: "payments-prod/eu-west-1/checkout/prod",
                result: i == 4 ? "failed" : "ok", encoding: Details(flag: "new_checkout", fromVersion: i, toVersion: i + 1)))
        }
        let page = try await store.journal(limit: 2)
        #expect(page.map(\.at) == [day(4), day(3)])
        #expect(page[0].result == "failed")
        let details = try JSONDecoder().decode(Details.self, from: try #require(page[1].details))
        #expect(details == Details(flag: "new_checkout", fromVersion: 3, toVersion: 4))
        let next = try await store.journal(limit: 10, beforeId: page[1].id)
        #expect(next.map(\.at) == [day(2), day(1), day(0)])
        await #expect(throws: FleetStoreError.self) {
            try await store.appendJournal(JournalEntry(actor: "a", action: "b", target: "c", result: "d",
                                                       details: Data("not json".utf8)))
        }
    }
}
