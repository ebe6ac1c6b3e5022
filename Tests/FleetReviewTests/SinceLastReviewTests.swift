import FlagModel
import FleetReview
import FleetStore
import Foundation
import Testing

@Suite struct SinceLastReviewTests {
    typealias F = ReviewFixture

    @Test func comparesWithTheBaseline() {
        let c = ReviewChanges.compare(baseline: F.baseline, current: F.snapshot, book: DecisionBook(F.decisions), on: F.today)
        #expect(c.newFlags == [F.flag("search", "spell_check")])
        #expect(c.removedFlags == [F.flag("search", "old_ranking")])
        #expect(c.newCandidates.map(\.flag) == [F.flag("checkout", "legacy_cart")])
        #expect(c.newCandidates.first?.verdicts.map(\.kind) == [.dead])
        #expect(c.resolvedCandidates == [F.flag("search", "typo_tolerance")])
        #expect(c.overdueRetirements.map(\.decision.flag) == [F.flag("checkout", "new_checkout")])
        #expect(c.overdueRetirements.first?.daysOverdue == 6)
    }

    @Test func sameSnapshotNothingChanged() {
        let c = ReviewChanges.compare(baseline: F.snapshot, current: F.snapshot, book: DecisionBook(), on: F.today)
        #expect(c.isEmpty)
    }

    @Test func aNewFlagThatIsAlreadyACandidateIsBoth() {
        var baseline = F.snapshot
        baseline.rows.removeAll { $0.flag.key == "gift_wrap" }
        let c = ReviewChanges.compare(baseline: baseline, current: F.snapshot, book: DecisionBook(), on: F.today)
        #expect(c.newFlags == [F.flag("checkout", "gift_wrap")])
        #expect(c.newCandidates.map(\.flag) == [F.flag("checkout", "gift_wrap")])
    }

    @Test func heldBackCandidatesAreNotNew() {
        var baseline = F.snapshot
        let i = baseline.rows.firstIndex { $0.flag.key == "semantic_search" }!
        baseline.rows[i].verdicts = []
        let book = DecisionBook(F.decisions)
        let c = ReviewChanges.compare(baseline: baseline, current: F.snapshot, book: book, on: F.today)
        #expect(c.newCandidates.isEmpty)
        // Once the keep-until day comes it is back, and new since then.
        let later = ReviewChanges.compare(baseline: baseline, current: F.snapshot, book: book, on: ReviewDay("2027-01-31")!)
        #expect(later.newCandidates.map(\.flag) == [F.flag("search", "semantic_search")])
    }

    @Test func aFlagRemovedFromEveryEnvironmentIsGone() {
        var current = F.snapshot
        let i = current.rows.firstIndex { $0.flag.key == "new_checkout" }!
        for j in current.rows[i].cells.indices { current.rows[i].cells[j].state = .absent }
        let c = ReviewChanges.compare(baseline: F.snapshot, current: current, book: DecisionBook(F.decisions), on: F.today)
        #expect(c.removedFlags == [F.flag("checkout", "new_checkout")])
        // Retired as decided, if late: not an overdue retirement any more.
        #expect(c.overdueRetirements.isEmpty)
    }

    @Test func previousReviewIsTheLastDayWithDecisionsBeforeToday() {
        let book = DecisionBook(F.decisions)
        let previous = BaselineLookup.previousReview(in: book, before: F.today)
        #expect(previous?.day == ReviewDay("2026-10-20"))
        #expect(previous?.at == F.date("2026-10-20T10:12:00Z"))
        #expect(BaselineLookup.previousReview(in: book, before: ReviewDay("2026-10-20")!) == nil)
    }

    @Test func baselineFromTheStore() async throws {
        let dir = TempDirectory()
        let store = try dir.store()
        let book = DecisionBook(F.decisions)
        #expect(try await store.reviewBaseline(since: nil, book: book, today: F.today) == .noSnapshot(.previousReview(ReviewDay("2026-10-20")!)))
        #expect(try await store.reviewBaseline(since: nil, book: DecisionBook(), today: F.today) == .noPreviousReview)

        try await store.saveSnapshot(F.baseline, scannedAt: F.date("2026-10-20T09:00:00Z"))
        try await store.saveSnapshot(F.snapshot, scannedAt: F.date("2026-10-20T11:00:00Z"))   // after the meeting
        try await store.saveSnapshot(F.snapshot, scannedAt: F.date("2026-11-21T08:00:00Z"))

        let previous = try await store.reviewBaseline(since: nil, book: book, today: F.today).baseline
        #expect(previous?.origin == .previousReview(ReviewDay("2026-10-20")!))
        #expect(previous?.scannedAt == F.date("2026-10-20T09:00:00Z"))
        #expect(previous?.snapshot == F.baseline)

        // --since a day: the fleet at the end of that day.
        let since = try await store.reviewBaseline(since: ReviewDay("2026-10-20")!, book: book, today: F.today).baseline
        #expect(since?.origin == .chosenDate(ReviewDay("2026-10-20")!))
        #expect(since?.scannedAt == F.date("2026-10-20T11:00:00Z"))
        #expect(try await store.reviewBaseline(since: ReviewDay("2026-10-19")!, book: book, today: F.today)
                == .noSnapshot(.chosenDate(ReviewDay("2026-10-19")!)))
        #expect(BaselineLookup.noSnapshot(.chosenDate(ReviewDay("2026-10-19")!)).explanation
                == "no snapshot stored on or before 2026-10-19")
    }
}
