import FlagModel
import FleetReview
import FleetStore
import Foundation
import Testing

@Suite struct DecisionDraftTests {
    let flag = ReviewFixture.flag("checkout", "legacy_cart")
    let now = ReviewFixture.date("2026-11-21T15:00:00Z")

    func decide(_ draft: DecisionDraft) throws(DecisionDraftError) -> ReviewDecision {
        try draft.decision(for: flag, author: "alice", now: now)
    }

    @Test func retireNeedsAnOwnerAndADate() throws {
        #expect(throws: DecisionDraftError.missingOwner) { try decide(DecisionDraft(kind: .retire, owner: "  ", targetDate: "2026-12-31")) }
        #expect(throws: DecisionDraftError.missingTargetDate(.retire)) { try decide(DecisionDraft(kind: .retire, owner: "bob")) }
        #expect(throws: DecisionDraftError.invalidDate("2026-13-01")) { try decide(.retire(owner: "bob", by: "2026-13-01")) }
        #expect(throws: DecisionDraftError.dateInPast("2026-11-20", today: "2026-11-21")) { try decide(.retire(owner: "bob", by: "2026-11-20")) }
        let d = try decide(.retire(owner: " bob ", by: "2026-11-21", note: "  ", checklist: ReviewChecklist(noLongerNeeded: true)))
        #expect(d.kind == .retire && d.owner == "bob" && d.targetDate == "2026-11-21" && d.note == nil)
        #expect(d.author == "alice" && d.createdAt == now && d.checklist.noLongerNeeded)
    }

    @Test func keepUntilNeedsAFutureDate() throws {
        #expect(throws: DecisionDraftError.dateNotInFuture("2026-11-21", today: "2026-11-21")) { try decide(.keep(until: "2026-11-21")) }
        #expect(throws: DecisionDraftError.missingTargetDate(.keepUntil)) { try decide(DecisionDraft(kind: .keepUntil)) }
        #expect(try decide(.keep(until: "2027-03-01")).targetDate == "2027-03-01")
    }

    @Test func snoozeForNDaysEndsOnADate() throws {
        #expect(try decide(.snooze(days: 14)).targetDate == "2026-12-05")
        #expect(try decide(.snooze(days: 1)).targetDate == "2026-11-22")
        #expect(throws: DecisionDraftError.invalidSnoozeDays(0)) { try decide(.snooze(days: 0)) }
        #expect(throws: DecisionDraftError.invalidSnoozeDays(400)) { try decide(.snooze(days: 400)) }
        #expect(try decide(DecisionDraft(kind: .snooze, targetDate: "2026-12-24")).targetDate == "2026-12-24")
    }

    @Test func permanentHasNoEndDate() throws {
        let d = try decide(DecisionDraft(kind: .permanent, owner: "payments team", targetDate: "2027-01-01", note: "kill switch"))
        #expect(d.kind == .permanent && d.targetDate == nil && d.owner == "payments team" && d.note == "kill switch")
    }

    @Test func errorsReadWell() {
        #expect(DecisionDraftError.missingOwner.description == "retire needs an owner: who removes the flag from the code")
        #expect(DecisionDraftError.dateNotInFuture("2026-11-21", today: "2026-11-21").description == "2026-11-21 must be after today (2026-11-21)")
    }
}
