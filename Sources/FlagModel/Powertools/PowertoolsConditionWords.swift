/// The words for a condition. Schedules name their zone ("UTC" when TIMEZONE is absent or
/// empty, as Powertools then uses UTC); anything malformed falls back to `key ACTION value`.
enum PowertoolsConditionWords {
    static func describe(_ c: PowertoolsCondition) -> String {
        let key = c.key.isEmpty ? "?" : c.key
        let value = c.value.map { JSONSerializer.serialize($0) } ?? "?"
        let fallback = "\(key) \(c.action.isEmpty ? "?" : c.action) \(value)"
        guard let action = PowertoolsRuleAction(rawValue: c.action) else { return fallback }
        switch action {
        case .equals: return "\(key) = \(value)"
        case .notEquals: return "\(key) ≠ \(value)"
        case .keyGreaterThanValue: return "\(key) > \(value)"
        case .keyGreaterThanOrEqualValue: return "\(key) ≥ \(value)"
        case .keyLessThanValue: return "\(key) < \(value)"
        case .keyLessThanOrEqualValue: return "\(key) ≤ \(value)"
        case .startsWith: return "\(key) starts with \(value)"
        case .endsWith: return "\(key) ends with \(value)"
        case .in, .keyInValue: return "\(key) in \(value)"
        case .notIn, .keyNotInValue: return "\(key) not in \(value)"
        case .valueInKey: return "\(key) contains \(value)"
        case .valueNotInKey: return "\(key) does not contain \(value)"
        case .allInValue: return "\(key) all in \(value)"
        case .anyInValue: return "\(key) any in \(value)"
        case .noneInValue: return "\(key) none in \(value)"
        case .moduloRange:
            guard let v = c.value?.objectValue, let base = number(v["BASE"]), let start = number(v["START"]),
                  let end = number(v["END"]) else { return fallback }
            return "\(key) mod \(base) in \(start)…\(end)"
        case .scheduleBetweenTimeRange:
            guard let v = c.value?.objectValue, let start = v["START"]?.stringValue, let end = v["END"]?.stringValue else {
                return fallback
            }
            return "time \(start)–\(end) \(zone(v))"
        case .scheduleBetweenDatetimeRange:
            guard let v = c.value?.objectValue, let start = v["START"]?.stringValue, let end = v["END"]?.stringValue else {
                return fallback
            }
            return "date \(start) – \(end) \(zone(v))"
        case .scheduleBetweenDaysOfWeek:
            guard let v = c.value?.objectValue, let days = v["DAYS"]?.arrayValue else { return fallback }
            let names = days.map { $0.stringValue ?? JSONSerializer.serialize($0) }
            return "day is \(names.isEmpty ? "(none)" : names.joined(separator: ", ")) (\(zone(v)))"
        }
    }

    private static func number(_ json: JSONValue?) -> String? {
        switch json {
        case .number(let n)?: n.text
        case .bool(let b)?: b ? "1" : "0"
        default: nil
        }
    }

    private static func zone(_ value: JSONObject) -> String {
        guard let tz = value["TIMEZONE"], Python.isTruthy(tz) else { return "UTC" }
        return tz.stringValue ?? JSONSerializer.serialize(tz)
    }
}
