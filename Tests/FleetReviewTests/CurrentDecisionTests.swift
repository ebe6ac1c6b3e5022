import FlagModel
import FleetReview
import FleetStore
import Foundation
import Testing

/// The store (`currentDecision`, `currentDecisions`, what `scan` and the note
/// key read) and the `DecisionBook` (the Review view, the report, exports)
/// name the same current decision, whatever order decisions arrived in.
@Suite struct CurrentDecisionTests {
    typealias F = ReviewFixture
    let cart = F.flag("checkout", "legacy_cart")
    let pay = F.flag("checkout", "express_pay")

    func expectAgreement(_ store: FleetStore, _ flag: FlagID, is expected: ReviewDecision?,
                         sourceLocation: SourceLocation = #_sourceLocation) async throws {
        let book = try await store.decisionBook()
        let fromStore = try await store.currentDecision(for: flag)
        let fromAll = try await store.currentDecisions()[flag]
        #expect(fromStore?.id == book.current(flag)?.id, sourceLocation: sourceLocation)
        #expect(fromAll?.id == book.current(flag)?.id, sourceLocation: sourceLocation)
        #expect(book.current(flag).map(Self.identity) == expected.map(Self.identity), sourceLocation: sourceLocation)
        #expect(fromStore.map(Self.identity) == expected.map(Self.identity), sourceLocation: sourceLocation)
    }

    static func identity(_ d: ReviewDecision) -> String { "\(d.flag.key) \(d.author) \(d.kind.rawValue) \(d.createdAt)" }

    /// Importing a colleague's older decision after a newer local one: both
    /// the store and the book keep the newer. (With the old insertion-order
    /// rule the store said "snooze", the book "permanent".)
    @Test func importingAnOlderDecisionKeepsTheNewerCurrentEverywhere() async throws {
        let dir = TempDirectory()
        let store = try dir.store()
        let newer = try await store.recordDecision(F.decision(cart, .permanent, author: "alice", at: "2026-11-21T09:30:00Z"))
        let older = F.decision(cart, .snooze, target: "2026-11-01", author: "erin", at: "2026-10-20T10:00:00Z")
        let file = DecisionsFile.encode([older])
        let plan = try await store.importDecisions(try DecisionsFile.decode(Data(file.utf8), fileName: "erin.json"))
        #expect(plan.toAppend.count == 1)
        try await expectAgreement(store, cart, is: newer)
        #expect(try await store.decisionBook().permanentFlags == [cart])
        // What `flagdeck scan` (with or without --no-cache) exempts.
        let permanent = Set(try await store.currentDecisions().values.filter { $0.kind == .permanent }.map(\.flag))
        #expect(permanent == [cart])
    }

    /// Same createdAt: the one inserted last wins, in the store and in the book.
    @Test func onEqualCreationTimesTheLastInsertedWinsEverywhere() async throws {
        let dir = TempDirectory()
        let store = try dir.store()
        try await store.recordDecision(F.decision(cart, .permanent, author: "zed", at: "2026-11-21T09:30:00.250Z"))
        let last = try await store.recordDecision(F.decision(cart, .snooze, target: "2026-12-01", author: "amy",
                                                             at: "2026-11-21T09:30:00.250Z"))
        try await expectAgreement(store, cart, is: last)
        #expect(try await store.decisionBook().permanentFlags.isEmpty)
    }

    /// An export imported into an empty store keeps each flag's order on ties,
    /// so both stores name the same current decision. (The old export order,
    /// by author on ties, made the copy's current decision zed's.)
    @Test func exportAndImportKeepTheOrderOfTies() async throws {
        let a = TempDirectory(), b = TempDirectory()
        let source = try a.store(), copy = try b.store()
        try await source.recordDecision(F.decision(cart, .permanent, author: "amy", at: "2026-11-21T09:30:00Z"))
        try await source.recordDecision(F.decision(pay, .permanent, author: "amy", at: "2026-11-21T09:30:00Z"))
        let last = try await source.recordDecision(F.decision(cart, .retire, owner: "dave", target: "2026-12-31", author: "zed",
                                                              at: "2026-11-21T09:30:00Z"))
        try await source.recordDecision(F.decision(pay, .retire, owner: "dave", target: "2026-12-31", author: "zed",
                                                                  at: "2026-11-21T09:30:00Z"))
        let amyLast = try await source.recordDecision(F.decision(pay, .keepUntil, target: "2027-01-31", author: "amy",
                                                                 at: "2026-11-21T09:30:00Z"))
        let text = DecisionsFile.encode(try await source.allDecisions())
        try await copy.importDecisions(try DecisionsFile.decode(Data(text.utf8), fileName: "decisions.json"))
        for store in [source, copy] {
            try await expectAgreement(store, cart, is: last)
            try await expectAgreement(store, pay, is: amyLast)
        }
        #expect(DecisionsFile.encode(try await copy.allDecisions()) == text)
    }

    /// The book answers like the store while decisions are added to it.
    @Test func insertingIntoTheBookFollowsTheSameRule() {
        var book = DecisionBook([F.decision(cart, .permanent, author: "alice", at: "2026-11-21T09:30:00Z")])
        book.insert(F.decision(cart, .snooze, target: "2026-11-01", author: "erin", at: "2026-10-20T10:00:00Z"))
        #expect(book.current(cart)?.kind == .permanent)
        book.insert(F.decision(cart, .retire, owner: "bob", target: "2026-12-31", author: "bob", at: "2026-11-21T09:30:00Z"))
        #expect(book.current(cart)?.kind == .retire)
        #expect(book.history(of: cart).map(\.author) == ["erin", "alice", "bob"])
        #expect(DecisionBook(book.all) == book)
    }

    /// `decisions import` is one transaction: the second of three entries is
    /// rejected by the store, and none of them is written.
    @Test func anImportWithARejectedEntryWritesNothing() async throws {
        let dir = TempDirectory()
        let store = try dir.store()
        let existing = try await store.recordDecision(F.decision(cart, .permanent, author: "alice", at: "2026-10-01T00:00:00Z"))
        let incoming = [
            F.decision(cart, .retire, owner: "dave", target: "2026-12-31", author: "bob", at: "2026-11-20T10:00:00Z"),
            F.decision(pay, .keepUntil, target: "end of Q1", author: "bob", at: "2026-11-20T11:00:00Z"),
            F.decision(pay, .permanent, author: "bob", at: "2026-11-20T12:00:00Z"),
        ]
        await #expect(throws: FleetStoreError.invalidDate("end of Q1")) {
            try await store.importDecisions(incoming)
        }
        #expect(try await store.allDecisions() == [existing])
        try await expectAgreement(store, cart, is: existing)
        try await expectAgreement(store, pay, is: nil)
        // Fixed, the same import goes through whole.
        var fixed = incoming
        fixed[1].targetDate = "2027-02-28"
        let plan = try await store.importDecisions(fixed)
        #expect(plan.toAppend.count == 3 && plan.alreadyPresent == 0)
        #expect(try await store.allDecisions().count == 4)
        try await expectAgreement(store, cart, is: incoming[0])
        try await expectAgreement(store, pay, is: incoming[2])
    }
}
