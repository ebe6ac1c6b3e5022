/// ConditionsValidator: each condition's action, key and value, then the checks particular to
/// an action (Powertools' `_validate_<action>_key` / `_validate_<action>_value`).
extension PowertoolsValidator {
    mutating func validateConditions(_ json: JSONValue?, at path: JSONPath, rulePath: JSONPath) {
        guard let json else { return report(rulePath, "missing required key \"conditions\"") }
        guard let conditions = json.arrayValue, !conditions.isEmpty else {
            return expect("non-empty array of conditions", got: json, at: path)
        }
        for (i, condition) in conditions.enumerated() { validateCondition(condition, at: path.appending(i)) }
    }

    mutating func validateCondition(_ json: JSONValue, at path: JSONPath) {
        guard let condition = nonEmptyObject(json, "a condition", at: path) else { return }
        // Python checks action, key, value in turn and stops at the first failure; every check
        // that can still be made is made here, in that order.
        let action = checkAction(condition["action"], at: path)
        if let key = checkKey(condition["key"], at: path), let action { checkKey(key, for: action, at: path.appending("key")) }
        switch condition["value"] {
        case nil: report(path, "missing required key \"value\"")
        case .null?: report(path.appending("value"), "must not be null")
        case let value?: if let action { checkValue(value, for: action, at: path.appending("value")) }
        }
    }

    /// `action not in RuleAction.__members__`: a member name, or nil after reporting.
    private mutating func checkAction(_ json: JSONValue?, at path: JSONPath) -> PowertoolsRuleAction? {
        guard let json else { report(path, "missing required key \"action\""); return nil }
        if case .string(let name) = json, let action = PowertoolsRuleAction(rawValue: name) { return action }
        report(path.appending("action"), "must be one of \(PowertoolsRuleAction.namesList); got \(json.kindAndValue)")
        return nil
    }

    private mutating func checkKey(_ json: JSONValue?, at path: JSONPath) -> String? {
        guard let json else { report(path, "missing required key \"key\""); return nil }
        guard case .string(let key) = json, !key.isEmpty else {
            expect("non-empty string", got: json, at: path.appending("key"))
            return nil
        }
        return key
    }

    private mutating func checkKey(_ key: String, for action: PowertoolsRuleAction, at path: JSONPath) {
        let required: String? = switch action {
        case .scheduleBetweenTimeRange: "CURRENT_TIME"
        case .scheduleBetweenDatetimeRange: "CURRENT_DATETIME"
        case .scheduleBetweenDaysOfWeek: "CURRENT_DAY_OF_WEEK"
        default: nil
        }
        if let required, key != required {
            report(path, "must be \"\(required)\" for \(action.rawValue); got \(JSONValue.string(key).kindAndValue)")
        }
    }

    private mutating func checkValue(_ value: JSONValue, for action: PowertoolsRuleAction, at path: JSONPath) {
        switch action {
        case .scheduleBetweenTimeRange: checkTimeRange(value, at: path)
        case .scheduleBetweenDatetimeRange: checkDatetimeRange(value, at: path)
        case .scheduleBetweenDaysOfWeek: checkDaysOfWeek(value, at: path)
        case .moduloRange: checkModuloRange(value, at: path)
        case .allInValue, .anyInValue, .noneInValue:
            if value.arrayValue == nil { expect("array (\(action.rawValue) compares against a list)", got: value, at: path) }
        default: break
        }
    }

    private mutating func checkModuloRange(_ value: JSONValue, at path: JSONPath) {
        guard let range = value.objectValue else { return expect("object with BASE, START and END", got: value, at: path) }
        var ints: [String: JSONNumber] = [:]
        for name in ["BASE", "START", "END"] {
            switch range[name] {
            case nil: report(path, "missing required key \"\(name)\"")
            case .null?: report(path.appending(name), "must not be null")
            case let v?:
                // Python ints: JSON integers without '.', 'e' or 'E', and booleans.
                if case .int(let n)? = PythonNumber(v) { ints[name] = n } else { expect("integer", got: v, at: path.appending(name)) }
            }
        }
        guard let base = ints["BASE"], let start = ints["START"], let end = ints["END"] else { return }
        if start.compare(JSONNumber(0)) == .orderedAscending || start.compare(end) == .orderedDescending
            || end.compare(base) != .orderedAscending {
            report(path, "must satisfy 0 <= START <= END <= BASE-1; got START \(start.text), END \(end.text), BASE \(base.text)")
        }
    }
}
