import Foundation

/// `_match_by_action` with `RULE_ACTION_MAPPING`: Python operators on the context value `a` and
/// the condition value `b`. Where Python raises, Powertools catches and the condition does not
/// match (no exception handlers are modelled).
enum PowertoolsConditionMatcher {
    /// `contextValue` nil means the key is absent from the context: never a match, except for
    /// the SCHEDULE_* actions, which read the clock instead.
    static func matches(action name: String, conditionValue b: JSONValue, contextValue: JSONValue?, now: Date) -> Bool {
        guard let action = PowertoolsRuleAction(rawValue: name) else { return false }   // lambda a, b: False
        if action.isSchedule { return PowertoolsSchedule.matches(action, b, now: now) }
        guard let a = contextValue else { return false }
        switch action {
        case .equals: return Python.equals(a, b)
        case .notEquals: return !Python.equals(a, b)
        case .keyGreaterThanValue: return Python.compare(a, .greater, b) ?? false
        case .keyGreaterThanOrEqualValue: return Python.compare(a, .greaterOrEqual, b) ?? false
        case .keyLessThanValue: return Python.compare(a, .less, b) ?? false
        case .keyLessThanOrEqualValue: return Python.compare(a, .lessOrEqual, b) ?? false
        case .startsWith: return Python.startsWith(a, b) ?? false
        case .endsWith: return Python.endsWith(a, b) ?? false
        case .in, .keyInValue: return Python.contains(b, a) ?? false
        case .notIn, .keyNotInValue: return Python.contains(b, a).map(!) ?? false
        case .valueInKey: return Python.contains(a, b) ?? false
        case .valueNotInKey: return Python.contains(a, b).map(!) ?? false
        case .allInValue: return allInList(a, b)
        case .anyInValue: return anyInList(a, b)
        case .noneInValue: return noneInList(a, b)
        case .moduloRange: return moduloRange(a, b)
        case .scheduleBetweenTimeRange, .scheduleBetweenDatetimeRange, .scheduleBetweenDaysOfWeek: return false
        }
    }

    // The list comparators raise unless the context is a list, and Python's all()/any() stop at
    // the first deciding element, so a later element that would raise is never reached.

    /// `all(key in b for key in a)`
    static func allInList(_ a: JSONValue, _ b: JSONValue) -> Bool {
        guard let items = a.arrayValue else { return false }
        for item in items where Python.contains(b, item) != true { return false }
        return true
    }

    /// `any(key in b for key in a)`
    static func anyInList(_ a: JSONValue, _ b: JSONValue) -> Bool {
        guard let items = a.arrayValue else { return false }
        for item in items {
            guard let found = Python.contains(b, item) else { return false }
            if found { return true }
        }
        return false
    }

    /// `all(key not in b for key in a)`
    static func noneInList(_ a: JSONValue, _ b: JSONValue) -> Bool {
        guard let items = a.arrayValue else { return false }
        for item in items where Python.contains(b, item) != false { return false }
        return true
    }

    /// `start <= a % base <= end` with `.get(name, 1)` defaults; `%` is Python's floor modulo.
    static func moduloRange(_ a: JSONValue, _ b: JSONValue) -> Bool {
        guard let range = b.objectValue, let x = PythonNumber(a) else { return false }
        func bound(_ name: String) -> PythonNumber? { range[name].map { PythonNumber($0) } ?? .int(JSONNumber(1)) }
        guard let base = bound("BASE"), let start = bound("START"), let end = bound("END"),
              let remainder = x.floorModulo(base),
              let low = start.compare(remainder), let high = remainder.compare(end) else { return false }
        return low != .orderedDescending && high != .orderedDescending
    }
}
