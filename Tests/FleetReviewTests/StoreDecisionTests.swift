import FlagModel
import FleetReview
import FleetStore
import Foundation
import Testing

@Suite struct StoreDecisionTests {
    typealias F = ReviewFixture

    @Test func decisionsSurviveReopeningTheStore() async throws {
        let dir = TempDirectory()
        let cart = F.flag("checkout", "legacy_cart")
        do {
            let store = try dir.store()
            try await store.recordDecision(.snooze(days: 14, note: "ask product"), for: cart, author: "alice",
                                   now: F.date("2026-10-20T10:00:00.123Z"))
            try await store.recordDecision(.retire(owner: "dave", by: "2026-12-31", checklist: ReviewChecklist(noLongerNeeded: true)),
                                   for: cart, author: "bob", now: F.date("2026-11-21T09:30:00Z"))
            try await store.recordDecision(.permanent(), for: F.flag("checkout", "kill_payments"), author: "bob", now: F.asOf)
            try store.close()
        }
        let book = try await dir.store().decisionBook()
        #expect(book.history(of: cart).map(\.kind) == [.snooze, .retire])
        #expect(book.current(cart)?.owner == "dave")
        #expect(book.current(cart)?.checklist == ReviewChecklist(noLongerNeeded: true))
        #expect(book.history(of: cart).first?.note == "ask product")
        #expect(book.history(of: cart).first?.targetDate == "2026-11-03")
        #expect(book.permanentFlags == [F.flag("checkout", "kill_payments")])
        #expect(book.badge(cart, on: F.today)?.text == "retire → dave by 2026-12-31")
    }

    @Test func anInvalidDraftRecordsNothing() async throws {
        let dir = TempDirectory()
        let store = try dir.store()
        await #expect(throws: DecisionDraftError.missingOwner) {
            try await store.recordDecision(DecisionDraft(kind: .retire, targetDate: "2026-12-31"), for: F.flag("search", "x"), now: F.asOf)
        }
        #expect(try await store.allDecisions().isEmpty)
    }

    @Test func exportThenImportIntoAnEmptyStoreRoundTrips() async throws {
        let a = TempDirectory(), b = TempDirectory()
        let source = try a.store()
        for d in F.decisions { try await source.recordDecision(d) }
        let text = DecisionsFile.encode(try await source.allDecisions())
        let target = try b.store()
        let plan = try await target.importDecisions(try DecisionsFile.decode(Data(text.utf8), fileName: "decisions.json"))
        #expect(plan.toAppend.count == F.decisions.count && plan.alreadyPresent == 0)
        #expect(DecisionsFile.encode(try await target.allDecisions()) == text)
        // Importing the same file again changes nothing.
        let again = try await target.importDecisions(try DecisionsFile.decode(Data(text.utf8), fileName: "decisions.json"))
        #expect(again.toAppend.isEmpty && again.alreadyPresent == F.decisions.count)
        #expect(try await target.allDecisions().count == F.decisions.count)
    }

    @Test func mergingTwoDivergedStoresKeepsBothSides() async throws {
        let cart = F.flag("checkout", "legacy_cart"), pay = F.flag("checkout", "express_pay")
        let a = TempDirectory(), b = TempDirectory()
        let alice = try a.store(), bob = try b.store()
        // Shared history, then each records on their own.
        let shared = F.decision(cart, .snooze, target: "2026-11-01", author: "carol", at: "2026-10-20T10:00:00.250Z")
        try await alice.recordDecision(shared)
        try await bob.importDecisions(try await alice.allDecisions())
        try await alice.recordDecision(.retire(owner: "dave", by: "2026-12-31"), for: cart, author: "alice",
                               now: F.date("2026-11-21T09:30:00.500Z"))
        try await bob.recordDecision(.keep(until: "2027-01-31"), for: cart, author: "bob", now: F.date("2026-11-20T16:00:00Z"))
        try await bob.recordDecision(.permanent(note: "checkout fallback"), for: pay, author: "bob", now: F.date("2026-11-20T16:01:00Z"))

        // Bob imports Alice's export after recording newer… and older entries of his own.
        let fromAlice = try DecisionsFile.decode(Data(DecisionsFile.encode(try await alice.allDecisions()).utf8), fileName: "a.json")
        let intoBob = try await bob.importDecisions(fromAlice)
        #expect(intoBob.toAppend.map(\.author) == ["alice"] && intoBob.alreadyPresent == 1)
        let fromBob = try DecisionsFile.decode(Data(DecisionsFile.encode(try await bob.allDecisions()).utf8), fileName: "b.json")
        let intoAlice = try await alice.importDecisions(fromBob)
        #expect(intoAlice.toAppend.map(\.author) == ["bob", "bob"] && intoAlice.alreadyPresent == 2)

        let left = try await alice.decisionBook(), right = try await bob.decisionBook()
        #expect(left.history(of: cart).map(\.author) == ["carol", "bob", "alice"])
        #expect(left.all.count == 4 && right.all.count == 4)
        #expect(DecisionsFile.encode(left.all) == DecisionsFile.encode(right.all))
        // Both sides agree on the current decision, the newest by createdAt.
        #expect(left.current(cart)?.kind == .retire && right.current(cart)?.kind == .retire)
        #expect(left.permanentFlags == [pay] && right.permanentFlags == [pay])
    }

    @Test func sameEntryByAnotherAuthorOrKindIsANewEntry() {
        let cart = F.flag("checkout", "legacy_cart")
        let d = F.decision(cart, .snooze, target: "2026-11-01", author: "carol", at: "2026-10-20T10:00:00Z")
        var other = d
        other.author = "dave"
        var later = d
        later.createdAt = d.createdAt.addingTimeInterval(0.002)
        var almost = d
        almost.createdAt = d.createdAt.addingTimeInterval(0.0009)
        let plan = DecisionMerge.plan(incoming: [d, other, later, almost, d], existing: [d])
        #expect(plan.toAppend == [other, later])
        #expect(plan.alreadyPresent == 3)
    }
}
