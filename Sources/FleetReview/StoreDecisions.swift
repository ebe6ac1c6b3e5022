import FlagModel
import FleetStore
import Foundation

/// The review's reads and writes of decisions in the store.
extension FleetStore {
    /// Every decision of every flag. The store has no single query for it yet,
    /// hence one per flag that has any.
    public func allDecisions() async throws -> [ReviewDecision] {
        var out: [ReviewDecision] = []
        for flag in try await currentDecisions().keys.sorted() {
            out += try await decisionHistory(for: flag)
        }
        return out
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

    /// Appends the entries of `incoming` this store does not have yet. Each
    /// entry is its own write, so an interrupted import is completed by
    /// running it again: what was appended is then skipped.
    @discardableResult
    public func importDecisions(_ incoming: [ReviewDecision]) async throws -> DecisionMerge.Plan {
        let plan = DecisionMerge.plan(incoming: incoming, existing: try await allDecisions())
        for d in plan.toAppend { try await recordDecision(d) }
        return plan
    }
}
