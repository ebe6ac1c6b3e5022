import FlagModel
import FleetStore
import Foundation

/// Merging decisions from another store (a teammate's export) without losing
/// either side's: an entry is identified by (flag, author, createdAt, kind);
/// entries already present are skipped, the rest appended. Pure.
public enum DecisionMerge {
    public struct Plan: Sendable, Hashable {
        /// In decision order (oldest first), as they should be appended.
        public var toAppend: [ReviewDecision]
        public var alreadyPresent: Int
    }

    /// The store keeps `createdAt` to the millisecond, so a decision that went
    /// through a store or a file may come back up to a millisecond off.
    static let sameInstantTolerance: TimeInterval = 0.0015

    public static func plan(incoming: [ReviewDecision], existing: [ReviewDecision]) -> Plan {
        struct Key: Hashable { var flag: FlagID; var author: String; var kind: DecisionKind }
        var seen: [Key: [Date]] = [:]
        for d in existing { seen[Key(flag: d.flag, author: d.author, kind: d.kind), default: []].append(d.createdAt) }
        var toAppend: [ReviewDecision] = []
        var present = 0
        // In decision order, so entries of one flag created at the same instant
        // are appended in the order they had where they came from.
        for d in ReviewDecision.chronological(incoming) {
            let key = Key(flag: d.flag, author: d.author, kind: d.kind)
            if seen[key, default: []].contains(where: { abs($0.timeIntervalSince(d.createdAt)) < sameInstantTolerance }) {
                present += 1
                continue
            }
            seen[key, default: []].append(d.createdAt)
            var fresh = d
            fresh.id = nil
            toAppend.append(fresh)
        }
        return Plan(toAppend: toAppend, alreadyPresent: present)
    }
}
