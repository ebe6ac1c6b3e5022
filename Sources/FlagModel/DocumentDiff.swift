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
        var changes: [FlagChange] = []
        var keys = new.flagKeys
        if let old { keys += old.flagKeys.filter { new.definition($0) == nil && new.value($0) == nil } }
        for key in keys {
            let after = new.servedFingerprint(key)
            guard let old else {
                if after.bytes != nil { changes.append(FlagChange(key: key, kind: .added, stateAfter: after.state, detail: "added")) }
                continue
            }
            let before = old.servedFingerprint(key)
            if before.bytes == after.bytes { continue }
            switch (before.bytes, after.bytes) {
            case (nil, _):
                changes.append(FlagChange(key: key, kind: .added, stateAfter: after.state, detail: "added"))
            case (_, nil):
                changes.append(FlagChange(key: key, kind: .removed, stateAfter: .absent, detail: "removed"))
            default:
                let detail: String
                if before.state != after.state {
                    detail = "\(label(before.state)) → \(label(after.state))"
                } else {
                    detail = "attributes changed"
                }
                changes.append(FlagChange(key: key, kind: .changed, stateAfter: after.state, detail: detail))
            }
        }
        return changes
    }

    static func label(_ state: CellState) -> String {
        switch state {
        case .on: return "on"
        case .off: return "off"
        case .variants: return "variants"
        case .absent: return "absent"
        case .unknown: return "unknown"
        }
    }
}
