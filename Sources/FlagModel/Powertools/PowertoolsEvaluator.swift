import Foundation

public struct PowertoolsEvaluation: Sendable, Hashable {
    public var value: JSONValue
    /// The rule that decided, nil when the default was served.
    public var matchedRule: String?
    public init(value: JSONValue, matchedRule: String?) {
        self.value = value
        self.matchedRule = matchedRule
    }
}

/// `FeatureFlags.evaluate` from Powertools' feature_flags.py, for one feature.
public enum PowertoolsEvaluator {
    /// What `FeatureFlags.evaluate(name:, context:, default:)` returns for this feature (assumed
    /// schema-valid), at `now`. A JSON null stands for Python's None.
    public static func evaluate(feature: JSONValue, context: [String: JSONValue], now: Date) -> PowertoolsEvaluation {
        let object = feature.objectValue ?? JSONObject()
        let isBoolean = object.contains(key: "boolean_type") ? Python.isTruthy(object["boolean_type"]) : true
        let featureDefault = object["default"] ?? .null
        guard let rules = object["rules"], Python.isTruthy(rules), let ruleObject = rules.objectValue else {
            // No rules: bool(default) for boolean features.
            return PowertoolsEvaluation(value: isBoolean ? .bool(Python.isTruthy(featureDefault)) : featureDefault, matchedRule: nil)
        }
        for rule in ruleObject {
            let body = rule.value.objectValue ?? JSONObject()
            if conditionsMatch(body["conditions"], context: context, now: now) {
                let whenMatch = body["when_match"]
                return PowertoolsEvaluation(value: isBoolean ? .bool(Python.isTruthy(whenMatch)) : whenMatch ?? .null,
                                            matchedRule: rule.key)
            }
        }
        // _evaluate_rules returns the default unconverted (schema validity makes it a bool anyway
        // for boolean features).
        return PowertoolsEvaluation(value: featureDefault, matchedRule: nil)
    }

    /// _evaluate_conditions: every condition must match; no conditions never match.
    static func conditionsMatch(_ json: JSONValue?, context: [String: JSONValue], now: Date) -> Bool {
        guard let conditions = json?.arrayValue, !conditions.isEmpty else { return false }
        return conditions.allSatisfy { condition in
            let c = condition.objectValue ?? JSONObject()
            let action = c["action"]?.stringValue ?? ""
            let key = c["key"]?.stringValue ?? ""
            return PowertoolsConditionMatcher.matches(action: action, conditionValue: c["value"] ?? .null,
                                                      contextValue: contextValue(key, in: context), now: now)
        }
    }

    /// `context.get(key)` when `key in context`; nil when absent. Keys compare by code point, as
    /// Python's do (Swift's String equality would also match canonically equivalent spellings).
    static func contextValue(_ key: String, in context: [String: JSONValue]) -> JSONValue? {
        context.first { $0.key.utf8.elementsEqual(key.utf8) }?.value
    }
}
