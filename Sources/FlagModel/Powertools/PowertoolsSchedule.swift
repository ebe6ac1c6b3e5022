import Foundation

/// The SCHEDULE_* comparators from Powertools' comparators.py. Each reads "now" in
/// `condition_value.get("TIMEZONE", "UTC")` resolved by gettz, and compares wall-clock
/// fields: Python compares datetimes sharing one tzinfo object by their naive fields.
enum PowertoolsSchedule {
    static func matches(_ action: PowertoolsRuleAction, _ value: JSONValue, now: Date) -> Bool {
        guard let condition = value.objectValue, let zone = zone(condition["TIMEZONE"]) else { return false }
        switch action {
        case .scheduleBetweenTimeRange:
            // `.get("START", "").split(":")`, int() of each half: the HH:MM the schema demands.
            guard let start = condition["START"]?.stringValue.flatMap(PowertoolsClock.minutes),
                  let end = condition["END"]?.stringValue.flatMap(PowertoolsClock.minutes),
                  let clock = wallClock(now, zone) else { return false }
            let current = clock.hour * 60 + clock.minute
            // end before start crosses midnight: either side of it matches.
            return end < start ? (start <= current || current <= end) : (start <= current && current <= end)
        case .scheduleBetweenDatetimeRange:
            // gettz returning None leaves naive START/END to compare with an aware now: TypeError.
            if case .unknownName = zone { return false }
            guard let start = condition["START"]?.stringValue.flatMap(PythonISODateTime.init(parsing:)),
                  let end = condition["END"]?.stringValue.flatMap(PythonISODateTime.init(parsing:)),
                  let clock = wallClock(now, zone) else { return false }
            // `.replace(tzinfo=timezone)` discards any offset the strings carry.
            return !clock.fields.lexicographicallyPrecedes(start.fields) && !end.fields.lexicographicallyPrecedes(clock.fields)
        case .scheduleBetweenDaysOfWeek:
            guard let clock = wallClock(now, zone) else { return false }
            let day = PowertoolsDays.weekdays[(clock.weekdayFromSunday + 5) % 7]
            // `current_day in condition_value.get("DAYS", [])`
            return Python.contains(condition["DAYS"] ?? .array([]), .string(day)) ?? false
        default:
            return false
        }
    }

    enum Zone {
        case resolved(PowertoolsTimeZone.Resolution)
        /// gettz returned None: `datetime.now(None → gettz("UTC"))` for the time and day comparators.
        case unknownName
    }

    /// What `gettz(condition_value.get("TIMEZONE", "UTC"))` gives; nil where it raises.
    static func zone(_ json: JSONValue?) -> Zone? {
        switch json {
        case nil: return .resolved(.zone(PowertoolsTimeZone.utc))
        // gettz(None) and gettz("") mean the local zone, UTC on Lambda.
        case .null?: return .resolved(.zone(PowertoolsTimeZone.utc))
        case .string(let name)?:
            return PowertoolsTimeZone.resolve(name).map { .resolved($0) } ?? .unknownName
        // Other kinds reach `name.startswith(":")` (AttributeError) or an unhashable cache key.
        default: return nil
        }
    }

    struct WallClock {
        var fields: [Int]          // year, month, day, hour, minute, second, microsecond
        var weekdayFromSunday: Int // 1 = Sunday … 7 = Saturday
        var hour: Int { fields[3] }
        var minute: Int { fields[4] }
    }

    /// `datetime.now(tz)`: the wall clock in the zone to the microsecond. nil where Python
    /// raises (a TZ-string offset of 24 hours or more).
    static func wallClock(_ now: Date, _ zone: Zone) -> WallClock? {
        // A Date's Double cannot hold every microsecond exactly: take the nearest one.
        let totalMicros = Int64((now.timeIntervalSince1970 * 1_000_000).rounded())
        let (seconds, micros) = totalMicros.quotientAndRemainder(dividingBy: 1_000_000)
        let (wholeSeconds, microsecond) = micros < 0 ? (seconds - 1, Int(micros + 1_000_000)) : (seconds, Int(micros))
        var calendar = Calendar(identifier: .gregorian)
        var instant = Date(timeIntervalSince1970: TimeInterval(wholeSeconds))
        switch zone {
        case .unknownName: calendar.timeZone = PowertoolsTimeZone.utc
        case .resolved(.zone(let tz)): calendar.timeZone = tz
        case .resolved(.posix(let posix)):
            guard abs(posix.standardOffset) < 86_400 else { return nil }
            // Foundation caps fixed offsets at 18 hours; shift the instant instead.
            calendar.timeZone = PowertoolsTimeZone.utc
            instant = instant.addingTimeInterval(TimeInterval(posix.standardOffset))
        }
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second, .weekday], from: instant)
        return WallClock(fields: [c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!, microsecond], weekdayFromSunday: c.weekday!)
    }
}
