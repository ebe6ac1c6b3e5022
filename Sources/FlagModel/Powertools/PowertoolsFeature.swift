/// One Powertools feature read for display. Lenient: members of the wrong type read as absent,
/// so a document that fails validation can still be shown (validation says what is wrong).
public struct PowertoolsFeature: Sendable, Hashable {
    public var name: String
    public var defaultValue: JSONValue?
    /// Python truthiness of `boolean_type`, true when absent (so `"boolean_type": null` is non-boolean).
    public var isBoolean: Bool
    /// [] when `rules` is falsy or not an object; document order, which is evaluation order.
    public var rules: [PowertoolsRule]

    public init(name: String, json: JSONValue) {
        self.name = name
        let feature = json.objectValue ?? JSONObject()
        // Python's None either way (JSONValue's nil literal would be .null, hence .none).
        defaultValue = feature["default"].flatMap { $0.isNull ? Optional.none : $0 }
        isBoolean = feature.contains(key: "boolean_type") ? Python.isTruthy(feature["boolean_type"]) : true
        rules = (feature["rules"]?.objectValue ?? JSONObject()).map { PowertoolsRule(name: $0.key, json: $0.value) }
    }

    /// nil for non-boolean features (the caller shows them as "value"); else bool(default),
    /// what Powertools serves when no rule matches.
    public var booleanState: Bool? { isBoolean ? Python.isTruthy(defaultValue) : nil }

    /// Some rule serves another value than the default: for boolean features bool(when_match)
    /// differs from bool(default), for others when_match differs from default by Python `==`.
    public var hasDifferingRules: Bool {
        rules.contains { rule in
            if isBoolean { return Python.isTruthy(rule.whenMatch) != Python.isTruthy(defaultValue) }
            return !Python.equals(rule.whenMatch ?? .null, defaultValue ?? .null)
        }
    }
}

public struct PowertoolsRule: Sendable, Hashable {
    public var name: String
    /// As written; nil when absent (Powertools then serves None, or False for boolean features).
    public var whenMatch: JSONValue?
    public var conditions: [PowertoolsCondition]

    public init(name: String, whenMatch: JSONValue?, conditions: [PowertoolsCondition]) {
        self.name = name
        self.whenMatch = whenMatch
        self.conditions = conditions
    }

    public init(name: String, json: JSONValue) {
        let rule = json.objectValue ?? JSONObject()
        self.init(name: name, whenMatch: rule["when_match"],
                  conditions: (rule["conditions"]?.arrayValue ?? []).map(PowertoolsCondition.init(json:)))
    }
}

public struct PowertoolsCondition: Sendable, Hashable, CustomStringConvertible {
    /// As written ("" when absent or not a string), so an unknown action can still be shown.
    public var action: String
    public var key: String
    public var value: JSONValue?

    public init(action: String, key: String, value: JSONValue?) {
        self.action = action
        self.key = key
        self.value = value
    }

    public init(json: JSONValue) {
        let condition = json.objectValue ?? JSONObject()
        self.init(action: condition["action"]?.stringValue ?? "", key: condition["key"]?.stringValue ?? "",
                  value: condition["value"])
    }

    /// In words for an on-call engineer: `tier = "premium"`, `userId mod 100 in 0…9`,
    /// `time 09:00–17:00 Europe/London`, `groups contains "beta"`. JSON values are compact.
    public var description: String { PowertoolsConditionWords.describe(self) }
}
