/// Switching a Powertools boolean feature, as the incident and the review need it.
extension FeatureFlagDocument {
    /// Off: `default` false and every rule's `when_match` false, so `FeatureFlags.evaluate`
    /// returns false for every context. On: `default` true, rules left alone (see
    /// `rulesStillOff`: they still switch it off for whom they match).
    ///
    /// One diff per changed leaf, in document order; leaves already right give none. Only
    /// those leaves change: every other value, key order and number text stays as it was.
    public func setPowertoolsFeature(_ key: String, to enabled: Bool) throws(FlagEditError) -> (document: FeatureFlagDocument, diff: [FlagDiff]) {
        guard dialect == .powertools else { return try setEnabled(flag: key, to: enabled) }
        guard let feature = value(key) else { throw .unknownFlag(key, known: flagKeys) }
        guard feature.enabled != nil else { throw .notBoolean(flag: key) }
        let base = featuresPath.appending(key)
        var json = self.json
        var diffs: [FlagDiff] = []
        func set(_ path: JSONPath, note: String?) throws(FlagEditError) {
            let old = try JSONEdit.set(&json, path.components[...], to: .bool(enabled), fullPath: path)
            if old != .bool(enabled) { diffs.append(FlagDiff(path: path, old: old, new: .bool(enabled), note: note)) }
        }
        try set(base.appending("default"), note: nil)
        if !enabled, case .object(let rules)? = feature.json["rules"] {
            for rule in rules.members where rule.value["when_match"] != .bool(false) {
                try set(base.appending("rules").appending(rule.key).appending("when_match"), note: "rule \"\(rule.key)\"")
            }
        }
        if diffs.isEmpty { return (self, []) }
        return (replacingJSON(json), diffs)
    }

    /// The rules of a Powertools boolean feature that serve false when they match: after
    /// switching it on, these still switch it off for the contexts they match.
    public func rulesStillOff(_ key: String) -> [PowertoolsRule] {
        guard dialect == .powertools, let feature = value(key) else { return [] }
        return PowertoolsFeature(name: key, json: feature.json).rules.filter {
            !Python.isTruthy($0.whenMatch)
        }
    }
}
