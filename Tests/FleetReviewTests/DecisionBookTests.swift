import FlagModel
import FleetReview
import FleetStore
import Foundation
import Testing

@Suite struct DecisionBookTests {
    typealias F = ReviewFixture
    let cart = F.flag("checkout", "legacy_cart")

    @Test func currentIsTheNewestByCreationNotByArrival() {
        // An import appends a colleague's older decision after the newer local one.
        let newer = F.decision(cart, .retire, owner: "dave", target: "2026-12-31", at: "2026-11-21T09:30:00Z")
        let older = F.decision(cart, .snooze, target: "2026-11-01", author: "erin", at: "2026-10-20T10:00:00Z")
        let book = DecisionBook([newer, older])
        #expect(book.current(cart) == newer)
        #expect(book.history(of: cart) == [older, newer])
        #expect(book.all == [older, newer])
    }

    @Test func equalTimesFallBackToStoreOrder() {
        var a = F.decision(cart, .snooze, target: "2026-12-01", at: "2026-11-21T09:30:00Z")
        var b = F.decision(cart, .permanent, at: "2026-11-21T09:30:00Z")
        a.id = 7
        b.id = 3
        #expect(DecisionBook([a, b]).current(cart) == a)
    }

    @Test func permanentDecisionsFeedTheRetirementPolicy() {
        let book = DecisionBook([
            F.decision(cart, .permanent, at: "2026-10-01T00:00:00Z"),
            F.decision(F.flag("search", "ops_reindex"), .permanent, at: "2026-10-01T00:00:00Z"),
            // Made permanent, then decided otherwise: no longer exempt.
            F.decision(F.flag("checkout", "express_pay"), .permanent, at: "2026-10-01T00:00:00Z"),
            F.decision(F.flag("checkout", "express_pay"), .retire, owner: "bob", target: "2026-12-01", at: "2026-11-01T00:00:00Z"),
        ])
        #expect(book.permanentFlags == [cart, F.flag("search", "ops_reindex")])
        let policy = RetirementPolicy(permanentKeys: book.permanentFlags, asOf: F.asOf)
        #expect(policy.permanentReason(cart) == "marked permanent in review")
    }

    @Test func snoozeAndKeepUntilHideUntilTheirDay() {
        let snoozed = DecisionBook([F.decision(cart, .snooze, target: "2026-12-05", at: "2026-11-21T10:00:00Z")])
        #expect(snoozed.exemption(cart, on: ReviewDay("2026-12-04")!) != nil)
        #expect(snoozed.exemption(cart, on: ReviewDay("2026-12-05")!) == nil)
        let kept = DecisionBook([F.decision(cart, .keepUntil, target: "2027-03-01", at: "2026-11-21T10:00:00Z")])
        #expect(kept.exemption(cart, on: ReviewDay("2027-02-28")!) != nil)
        #expect(kept.exemption(cart, on: ReviewDay("2027-03-01")!) == nil)
        let retire = DecisionBook([F.decision(cart, .retire, owner: "bob", target: "2026-12-01", at: "2026-11-21T10:00:00Z")])
        #expect(retire.exemption(cart, on: F.today) == nil)
        #expect(DecisionBook().exemption(cart, on: F.today) == nil)
    }

    @Test func badges() {
        func badge(_ d: ReviewDecision, _ day: String) -> DecisionBadge { DecisionBadge(d, on: ReviewDay(day)!) }
        let retire = F.decision(cart, .retire, owner: "alice", target: "2026-12-31", at: "2026-11-21T10:00:00Z")
        #expect(badge(retire, "2026-12-31") == DecisionBadge(text: "retire → alice by 2026-12-31", state: .active))
        #expect(badge(retire, "2027-01-01") == DecisionBadge(text: "retire → alice by 2026-12-31 (overdue)", state: .overdue))
        #expect(DecisionBadge(retire, on: ReviewDay("2027-01-01")!, flagPresent: false)
                == DecisionBadge(text: "retired → alice by 2026-12-31", state: .done))
        let keep = F.decision(cart, .keepUntil, target: "2027-03-01", at: "2026-11-21T10:00:00Z")
        #expect(badge(keep, "2026-11-21").text == "keep until 2027-03-01")
        #expect(badge(keep, "2027-03-01") == DecisionBadge(text: "keep until 2027-03-01 (review again)", state: .expired))
        #expect(badge(F.decision(cart, .permanent, at: "2026-11-21T10:00:00Z"), "2030-01-01").text == "permanent")
        let snooze = F.decision(cart, .snooze, target: "2026-12-05", at: "2026-11-21T10:00:00Z")
        #expect(badge(snooze, "2026-11-21").text == "snoozed until 2026-12-05")
        #expect(badge(snooze, "2026-12-05") == DecisionBadge(text: "snooze ended 2026-12-05", state: .expired))
        #expect(DecisionBook([retire]).badge(cart, on: F.today)?.text == "retire → alice by 2026-12-31")
        #expect(DecisionBook([retire]).badge(F.flag("search", "x"), on: F.today) == nil)
    }

    @Test func candidacyOfTheFixtureFleet() {
        let book = DecisionBook(F.decisions)
        let rows = Dictionary(uniqueKeysWithValues: F.snapshot.rows.map { ($0.flag.key, $0) })
        func candidacy(_ key: String) -> Candidacy { Candidates.candidacy(rows[key]!, book: book, on: F.today) }
        #expect(candidacy("legacy_cart").isCandidate)
        // Snoozed until 2026-11-01: back on the list.
        #expect(candidacy("express_pay").isCandidate)
        if case .exempt(let verdicts, let by) = candidacy("semantic_search") {
            #expect(verdicts.map(\.kind) == [.stale] && by.kind == .keepUntil)
        } else {
            Issue.record("semantic_search should be held back by keep-until")
        }
        #expect(candidacy("kill_payments") == .notCandidate)
        #expect(candidacy("typo_tolerance") == .notCandidate)
        #expect(Candidates.daysUnchanged(rows["new_checkout"]!, asOf: F.asOf) == 100)
        // Off for its first 100 days: the snapshot only knows the current state's run.
        #expect(Candidates.daysServed(rows["new_checkout"]!, asOf: F.asOf) == 100)
        #expect(Candidates.daysServed(rows["gift_wrap"]!, asOf: F.asOf) == 200)
    }

    @Test func permanentDecisionsClearStoredRetirementVerdicts() {
        let cart = F.flag("checkout", "legacy_cart")
        let snapshot = DecisionBook([F.decision(cart, .permanent, at: "2026-11-01T00:00:00Z")]).applyingPermanent(to: F.snapshot)
        let row = snapshot.rows.first { $0.flag == cart }!
        #expect(row.verdicts == [Verdict(.permanent, "marked permanent in review")])
        // Re-judging under a policy with that key says the same.
        let rejudged = F.snapshot.rejudged(policy: RetirementPolicy(permanentKeys: [cart], asOf: F.asOf))
        #expect(rejudged.rows.first { $0.flag == cart }!.verdicts == row.verdicts)
        #expect(rejudged.rows.filter { $0.flag != cart } == F.snapshot.rows.filter { $0.flag != cart })
    }
}
