/// What a Powertools feature serves, as the fleet compares it: the part of the feature
/// object `FeatureFlags.evaluate` reads, and the cell state it gives.
///
/// Powertools reads `default`, `rules` (only when truthy) and `boolean_type` (absent means
/// true) with Python truthiness; other keys are ignored. So `{"default": true}` and
/// `{"default": true, "boolean_type": true, "rules": {}}` serve the same and fingerprint alike.
enum PowertoolsServing {
    /// The served members in document order: `default`, `rules` when truthy,
    /// `boolean_type: false` when the feature is not boolean.
    static func servedMembers(_ feature: JSONValue) -> [JSONObject.Member] {
        guard case .object(let obj) = feature else { return [] }
        var members: [JSONObject.Member] = []
        members.reserveCapacity(3)
        for m in obj.members {
            switch m.key {
            case "default": members.append(m)
            case "rules" where Python.isTruthy(m.value): members.append(m)
            case "boolean_type" where !Python.isTruthy(m.value):
                members.append(JSONObject.Member(key: "boolean_type", value: .bool(false)))
            default: continue
            }
        }
        return members
    }

    /// `value` for a non-boolean feature; `variants` when some rule serves the other
    /// boolean than the default; else on/off by the default.
    static func state(_ feature: JSONValue) -> CellState {
        guard case .object(let obj) = feature else { return .off }
        if let type = obj["boolean_type"], !Python.isTruthy(type) { return .value }
        let byDefault = Python.isTruthy(obj["default"])
        if case .object(let rules)? = obj["rules"] {
            for rule in rules.members {
                let match = Python.isTruthy(rule.value["when_match"])
                if match != byDefault { return .variants }
            }
        }
        return byDefault ? .on : .off
    }

    /// The served members as an object (the cell's `attributes`).
    static func servedObject(_ feature: JSONValue) -> JSONValue {
        .object(JSONObject(uniqueMembers: servedMembers(feature)))
    }
}
