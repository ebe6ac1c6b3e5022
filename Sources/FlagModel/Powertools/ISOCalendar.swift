/// Proleptic Gregorian arithmetic as CPython's datetime module does it (ordinal 1 = 0001-01-01),
/// for ISO week dates in `fromisoformat`.
enum ISOCalendar {
    static func isLeap(_ year: Int) -> Bool { year % 4 == 0 && (year % 100 != 0 || year % 400 == 0) }

    static func daysInMonth(_ year: Int, _ month: Int) -> Int {
        guard (1...12).contains(month) else { return 0 }
        if month == 2 { return isLeap(year) ? 29 : 28 }
        return [31, 28, 31, 30, 31, 30, 31, 31, 30, 31, 30, 31][month - 1]
    }

    static func ordinal(_ year: Int, _ month: Int, _ day: Int) -> Int {
        let y = year - 1
        var days = y * 365 + y / 4 - y / 100 + y / 400
        for m in 1..<month { days += daysInMonth(year, m) }
        return days + day
    }

    static func date(ordinal: Int) -> (year: Int, month: Int, day: Int) {
        // Python's _ord2ymd.
        var n = ordinal - 1
        let n400 = n / 146_097; n %= 146_097
        let n100 = n / 36_524; n %= 36_524
        let n4 = n / 1_461; n %= 1_461
        let n1 = n / 365; n %= 365
        var year = n400 * 400 + n100 * 100 + n4 * 4 + n1 + 1
        if n1 == 4 || n100 == 4 { return (year - 1, 12, 31) }
        var month = 1
        while n >= daysInMonth(year, month) { n -= daysInMonth(year, month); month += 1 }
        if month > 12 { year += 1; month = 1 }
        return (year, month, n + 1)
    }

    /// iso_to_ymd; nil for a week or weekday out of range. Year 0 never yields a valid date in
    /// CPython (its C arithmetic assumes year ≥ 1), so it is refused here.
    static func gregorian(isoYear year: Int, week: Int, weekday: Int) -> PythonISODateTime? {
        guard year >= 1 else { return nil }
        let firstDay = ordinal(year, 1, 1)
        let firstWeekday = (firstDay + 6) % 7          // Monday = 0
        if week <= 0 || week >= 53 {
            guard week == 53, firstWeekday == 3 || (firstWeekday == 2 && isLeap(year)) else { return nil }
        }
        guard (1...7).contains(weekday) else { return nil }
        var week1Monday = firstDay - firstWeekday
        if firstWeekday > 3 { week1Monday += 7 }
        let d = date(ordinal: week1Monday + (week - 1) * 7 + weekday - 1)
        return PythonISODateTime(year: d.year, month: d.month, day: d.day)
    }
}
