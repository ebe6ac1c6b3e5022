/// The value checks of the three SCHEDULE_* actions and their TIMEZONE.
extension PowertoolsValidator {
    mutating func checkTimeRange(_ value: JSONValue, at path: JSONPath) {
        guard let range = value.objectValue else { return expect("object with START and END (HH:MM)", got: value, at: path) }
        for name in ["START", "END"] {
            // `value.get("START", "")`: missing is "", which then fails the pattern.
            guard let bound = range[name] else { report(path, "missing required key \"\(name)\" (HH:MM)"); continue }
            guard case .string(let text) = bound else { expect("string HH:MM", got: bound, at: path.appending(name)); continue }
            if PowertoolsClock.minutes(text) == nil {
                report(path.appending(name), "expected a 24-hour time HH:MM, got \(bound.kindAndValue)")
            }
        }
        checkTimeZone(range["TIMEZONE"], at: path.appending("TIMEZONE"))
    }

    mutating func checkDatetimeRange(_ value: JSONValue, at path: JSONPath) {
        guard let range = value.objectValue else {
            return expect("object with START and END (ISO 8601, no time zone)", got: value, at: path)
        }
        for name in ["START", "END"] {
            guard let bound = range[name] else { report(path, "missing required key \"\(name)\" (ISO 8601 datetime)"); continue }
            guard case .string(let text) = bound else { expect("string", got: bound, at: path.appending(name)); continue }
            // Powertools replaces every "Z" with "+00:00" before parsing (for Pythons before 3.11).
            guard let parsed = PythonISODateTime(parsing: text.replacingOccurrences(of: "Z", with: "+00:00")) else {
                report(path.appending(name), "not an ISO 8601 datetime Python's fromisoformat accepts: \(bound.kindAndValue)")
                continue
            }
            if parsed.hasTimeZone {
                report(path.appending(name), "must not include a time zone (set TIMEZONE instead); got \(bound.kindAndValue)")
            }
        }
        checkTimeZone(range["TIMEZONE"], at: path.appending("TIMEZONE"))
    }

    mutating func checkDaysOfWeek(_ value: JSONValue, at path: JSONPath) {
        guard let schedule = value.objectValue else { return expect("object with DAYS and optional TIMEZONE", got: value, at: path) }
        switch schedule["DAYS"] {
        case nil: report(path, "missing required key \"DAYS\"")
        case .array(let days)?:
            for (i, day) in days.enumerated() {
                guard case .string(let name) = day, PowertoolsDays.accepted.contains(name) else {
                    expect("a day name (\(PowertoolsDays.weekdays.joined(separator: ", ")))", got: day, at: path.appending("DAYS").appending(i))
                    continue
                }
            }
        case let days?: expect("array of day names", got: days, at: path.appending("DAYS"))
        }
        checkTimeZone(schedule["TIMEZONE"], at: path.appending("TIMEZONE"))
    }

    /// `timezone or "UTC"`, then a string that `tz.gettz` resolves.
    mutating func checkTimeZone(_ value: JSONValue?, at path: JSONPath) {
        guard let value, Python.isTruthy(value) else { return }
        guard case .string(let name) = value else { return expect("string (an IANA time zone name)", got: value, at: path) }
        if PowertoolsTimeZone.resolve(name) == nil {
            report(path, "unknown time zone \(JSONSerializer.abbreviated(value)) (expected an IANA name such as Europe/London)")
        }
    }
}

/// `HH:MM` as Powertools reads it.
enum PowertoolsClock {
    /// Minutes since midnight when `text` fully matches `(?:2[0-3]|[01]\d):[0-5]\d`. Python's `\d`
    /// is any Unicode decimal digit, and `int()` reads those too, so "1٣:00" is 13:00.
    static func minutes(_ text: String) -> Int? {
        let s = Array(text.unicodeScalars)
        guard s.count == 5, s[2] == ":", let h0 = digit(s[0]), let h1 = digit(s[1]), let m0 = digit(s[3]), let m1 = digit(s[4]) else {
            return nil
        }
        // The pattern is literal about its first characters: only ASCII "2", "0", "1" and "0"-"5" lead.
        let hourOK = (s[0] == "2" && ("0"..."3").contains(s[1])) || s[0] == "0" || s[0] == "1"
        guard hourOK, ("0"..."5").contains(s[3]) else { return nil }
        return (h0 * 10 + h1) * 60 + m0 * 10 + m1
    }

    private static func digit(_ c: Unicode.Scalar) -> Int? {
        guard c.properties.generalCategory == .decimalNumber, let v = c.properties.numericValue else { return nil }
        return Int(v)
    }
}
