/// How one flag differs between two versions of a profile, for the Audit view and
/// the per-flag timeline.
public struct FlagChange: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum Kind: String, Sendable, Hashable, Codable { case added, removed, changed }

    public var key: String
    public var kind: Kind
    /// The state the flag serves after the change (`absent` once removed).
    public var stateAfter: CellState
    /// One-line detail, e.g. `on → off` or `attributes changed`.
    public var detail: String

    public init(key: String, kind: Kind, stateAfter: CellState, detail: String) {
        self.key = key
        self.kind = kind
        self.stateAfter = stateAfter
        self.detail = detail
    }

    public var description: String {
        switch kind {
        case .added: return "+\(key) (\(stateAfter.rawValue))"
        case .removed: return "-\(key)"
        case .changed: return "\(key): \(detail)"
        }
    }
}

public enum DocumentDiff {
    /// Flags whose served behaviour differs from `old` to `new`. A nil `old` (first
    /// deployment) lists every flag of `new` as added.
    public static func changes(from old: FeatureFlagDocument?, to new: FeatureFlagDocument) -> [FlagChange] {
        let table = HostedPrints(documents: old.map { [0: $0, 1: new] } ?? [1: new])
        return changes(from: old == nil ? nil : table.version(0), to: table.version(1)!)
    }

    /// `changes(from:to:)` on fingerprints of one profile (interned in the same table).
    static func changes(from old: VersionPrints?, to new: VersionPrints) -> [FlagChange] {
        var changes: [FlagChange] = []
        guard let old else {
            // Every key of a document has a served value: all added.
            for j in new.keys.indices {
                changes.append(FlagChange(key: new.keys[j], kind: .added, stateAfter: new.states[j], detail: "added"))
            }
            return changes
        }
        for j in new.keys.indices {
            let after = new.byteIDs[j]
            guard let o = old.position(of: new.keys[j], hint: j) else {
                changes.append(FlagChange(key: new.keys[j], kind: .added, stateAfter: new.states[j], detail: "added"))
                continue
            }
            if old.byteIDs[o] == after { continue }
            let before = old.states[o], now = new.states[j]
            let detail = before != now ? "\(label(before)) → \(label(now))"
                : new.document.dialect == .powertools ? (now == .value ? "value or rules changed" : "rules changed")
                : "attributes changed"
            changes.append(FlagChange(key: new.keys[j], kind: .changed, stateAfter: now, detail: detail))
        }
        for o in old.keys.indices where new.position(of: old.keys[o], hint: o) == nil {
            changes.append(FlagChange(key: old.keys[o], kind: .removed, stateAfter: .absent, detail: "removed"))
        }
        return changes
    }

    static func label(_ state: CellState) -> String {
        switch state {
        case .on: return "on"
        case .off: return "off"
        case .variants: return "variants"
        case .value: return "value"
        case .absent: return "absent"
        case .unknown: return "unknown"
        }
    }
}
