/// Powertools for AWS Lambda (Python) feature flags, checked the way its `SchemaValidator` does.
public enum PowertoolsSchema {
    /// Problems Powertools' SchemaValidator would reject; empty = valid. `path` is where
    /// `features` sits in the document (after the envelope).
    ///
    /// The verdict equals SchemaValidator's; unlike it (it stops at the first error), every
    /// problem is reported, in document order.
    public static func validate(_ features: JSONValue, at path: JSONPath) -> [ValidationProblem] {
        var validator = PowertoolsValidator()
        validator.validateFeatures(features, at: path)
        return validator.problems
    }

    /// Whether a Freeform document (after the envelope) is meant as Powertools features: a
    /// non-empty object whose every member is an object that has a "default" key.
    public static func looksLikeFeatures(_ json: JSONValue) -> Bool {
        guard let features = json.objectValue, !features.isEmpty else { return false }
        return features.allSatisfy { $0.value.objectValue?.contains(key: "default") ?? false }
    }
}

struct PowertoolsValidator {
    var problems: [ValidationProblem] = []

    mutating func report(_ path: JSONPath, _ message: String) {
        problems.append(ValidationProblem(path: path, message: message))
    }

    mutating func expect(_ kind: String, got value: JSONValue, at path: JSONPath) {
        report(path, "expected \(kind), got \(value.kindAndValue)")
    }

    /// `not x or not isinstance(x, dict)`: the object, or nil after reporting.
    mutating func nonEmptyObject(_ value: JSONValue, _ what: String, at path: JSONPath) -> JSONObject? {
        guard let object = value.objectValue else { expect("object", got: value, at: path); return nil }
        if object.isEmpty { report(path, "\(what) must not be empty"); return nil }
        return object
    }

    mutating func validateFeatures(_ json: JSONValue, at path: JSONPath) {
        // An empty object is valid: Powertools only warns.
        guard let features = json.objectValue else { return expect("object of features", got: json, at: path) }
        for feature in features { validateFeature(feature.value, at: path.appending(feature.key)) }
    }

    mutating func validateFeature(_ json: JSONValue, at path: JSONPath) {
        guard let feature = nonEmptyObject(json, "a feature", at: path) else { return }
        // `feature.get("boolean_type", True)`, used by truthiness: null or 0 make a non-boolean feature.
        let isBoolean = feature.contains(key: "boolean_type") ? Python.isTruthy(feature["boolean_type"]) : true
        switch feature["default"] {
        case nil: report(path, "missing required key \"default\"")
        case .null?: report(path.appending("default"), "must not be null")
        case .bool?: break
        case let value? where isBoolean:
            expect("boolean (boolean_type is absent or true, so the feature is boolean)", got: value, at: path.appending("default"))
        default: break
        }
        validateRules(feature["rules"], isBoolean: isBoolean, at: path.appending("rules"))
    }

    mutating func validateRules(_ json: JSONValue?, isBoolean: Bool, at path: JSONPath) {
        // Falsy rules ({}, [], null, 0, "") mean "no rules": evaluation serves the default.
        guard let json, Python.isTruthy(json) else { return }
        guard let rules = json.objectValue else { return expect("object of rules", got: json, at: path) }
        for rule in rules { validateRule(rule.value, named: rule.key, isBoolean: isBoolean, at: path.appending(rule.key)) }
    }

    mutating func validateRule(_ json: JSONValue, named name: String, isBoolean: Bool, at path: JSONPath) {
        guard let rule = nonEmptyObject(json, "a rule", at: path) else { return }
        if name.isEmpty { report(path, "rule name must not be empty") }
        if isBoolean {
            switch rule["when_match"] {
            case nil: report(path, "missing required key \"when_match\" (a boolean, as the feature is boolean)")
            case .bool?: break
            case let value?: expect("boolean (the feature is boolean)", got: value, at: path.appending("when_match"))
            }
        }
        validateConditions(rule["conditions"], at: path.appending("conditions"), rulePath: path)
    }
}
