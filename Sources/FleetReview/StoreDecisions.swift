import FlagModel
import FleetStore
import Foundation

/// The review's reads and writes of decisions in the store.
extension FleetStore {
    /// Every decision of every flag, in decision order (oldest first).
    public func allDecisions() async throws -> [ReviewDecision] {
        try await decisionLog()
    }

    public func decisionBook() async throws -> DecisionBook {
        DecisionBook(try await allDecisions())
    }

    /// Validates the draft against today and records it as the flag's new
    /// current decision. What the Review view calls when a decision key is confirmed.
    @discardableResult
    public func recordDecision(_ draft: DecisionDraft, for flag: FlagID, author: String = FleetStore.currentUser(),
                       now: Date = Date()) async throws -> ReviewDecision {
        let decision = try draft.decision(for: flag, author: author, now: now)
        return try await recordDecision(decision)
    }

    /// Appends the entries of `incoming` this store does not have yet, all in
    /// one write transaction: if any is rejected (a target date that is not a
    /// day) or the write fails, nothing is appended. Each flag's current
    /// decision is then its newest by `createdAt`, whichever side it came from.
    @discardableResult
    public func importDecisions(_ incoming: [ReviewDecision]) async throws -> DecisionMerge.Plan {
        let plan = DecisionMerge.plan(incoming: incoming, existing: try await allDecisions())
        try await recordDecisions(plan.toAppend)
        return plan
    }
}
