/// What Python 3.11's `datetime.fromisoformat` accepts, ported from the C implementation
/// (`Modules/_datetimemodule.c`: `_find_isoformat_datetime_separator`, `parse_isoformat_date`,
/// `parse_isoformat_time`, `parse_hh_mm_ss_ff`) step for step, quirks included, because
/// Powertools' schema validity of SCHEDULE_BETWEEN_DATETIME_RANGE depends on it.
///
/// Implemented, as CPython does it:
/// - dates `YYYY-MM-DD`, `YYYYMMDD`, ISO week dates `YYYY-Www`, `YYYY-Www-D`, `YYYYWww`, `YYYYWwwD`;
/// - then any one character (any Unicode scalar) as separator, then a time
///   `HH`, `HH:MM`, `HHMM`, `HH:MM:SS`, `HHMMSS`, each optionally followed by `.` or `,` and
///   1–6 digits (more are truncated); `HH.f` and `HH:MM.f` are accepted as CPython does;
/// - offsets `Z`, `±HH`, `±HHMM`, `±HH:MM`, `±HH:MM:SS[.f]` (must be under 24 hours);
/// - range checks: year 1–9999, month, day for the month (leap years), hour 0–23, minute and second 0–59.
/// The C code reads the string's NUL terminator; `byte(at:)` returns 0 past the end to match.
/// Not ported: strings containing lone surrogates (a Swift String cannot hold them).
struct PythonISODateTime: Sendable, Hashable {
    var year: Int, month: Int, day: Int
    var hour = 0, minute = 0, second = 0, microsecond = 0
    /// An offset or `Z` was given (Powertools rejects these in START/END).
    var hasTimeZone = false

    /// Wall-clock order, ignoring `hasTimeZone`: how Python compares two datetimes that share
    /// one tzinfo object, which is what compare_datetime_range does.
    var fields: [Int] { [year, month, day, hour, minute, second, microsecond] }

    init(year: Int, month: Int, day: Int, hour: Int = 0, minute: Int = 0, second: Int = 0, microsecond: Int = 0) {
        self.year = year; self.month = month; self.day = day
        self.hour = hour; self.minute = minute; self.second = second; self.microsecond = microsecond
    }

    /// nil where `datetime.fromisoformat` raises ValueError.
    init?(parsing text: String) {
        // _sanitize_isoformat_str: fewer than 7 characters is never valid.
        guard text.unicodeScalars.count >= 7 else { return nil }
        let parser = ISOBytes(Array(text.utf8))
        guard let value = parser.parseDateTime() else { return nil }
        self = value
    }
}

private struct ISOBytes {
    let bytes: [UInt8]
    init(_ bytes: [UInt8]) { self.bytes = bytes }

    func byte(at i: Int) -> UInt8 { i >= 0 && i < bytes.count ? bytes[i] : 0 }
    func isDigit(_ i: Int) -> Bool { byte(at: i) &- 48 <= 9 }

    /// parse_digits: exactly `count` ASCII digits from `i`; returns the value and the next index.
    func digits(at i: Int, count: Int) -> (value: Int, next: Int)? {
        var value = 0
        for k in 0..<count {
            guard isDigit(i + k) else { return nil }
            value = value * 10 + Int(byte(at: i + k) - 48)
        }
        return (value, i + count)
    }

    func separatorLocation() -> Int {
        let len = bytes.count
        let dash = UInt8(ascii: "-"), week = UInt8(ascii: "W")
        if len == 7 { return 7 }
        if byte(at: 4) == dash {
            guard byte(at: 5) == week else { return 10 }           // YYYY-MM-DD
            if len < 8 { return -1 }
            if len > 8 && byte(at: 8) == dash {                     // YYYY-Www-D or YYYY-Www-HH
                if len == 9 { return -1 }
                if len > 10 && isDigit(10) { return 8 }
                return 10
            }
            return 8                                                // YYYY-Www
        }
        if byte(at: 4) == week {                                    // YYYYWww or YYYYWwwD
            var idx = 7
            while idx < len && isDigit(idx) { idx += 1 }
            if idx < 9 { return idx }
            return idx % 2 == 0 ? 7 : 8
        }
        return 8                                                    // YYYYMMDD
    }

    func parseDateTime() -> PythonISODateTime? {
        let sep = separatorLocation()
        // A negative location is a huge size_t in C: the week-day branch then always reads on.
        guard var value = parseDate(limit: sep < 0 ? Int.max : sep) else { return nil }
        let len = bytes.count
        if sep >= 0 && len > sep {
            // Skip one UTF-8 encoded character, judged by its lead byte as the C code does.
            let lead = byte(at: sep)
            let width = lead & 0x80 == 0 ? 1 : (lead & 0xF0 == 0xE0 ? 3 : (lead & 0xF0 == 0xF0 ? 4 : 2))
            guard parseTime(from: sep + width, end: len, into: &value) else { return nil }
        }
        return Self.isInRange(value) ? value : nil
    }

    func parseDate(limit: Int) -> PythonISODateTime? {
        guard let (year, afterYear) = digits(at: 0, count: 4) else { return nil }
        var p = afterYear
        let usesSeparator = byte(at: p) == UInt8(ascii: "-")
        if usesSeparator { p += 1 }
        if byte(at: p) == UInt8(ascii: "W") {
            guard let (week, afterWeek) = digits(at: p + 1, count: 2) else { return nil }
            p = afterWeek
            var weekday = 1
            if p < limit {
                if usesSeparator {
                    guard byte(at: p) == UInt8(ascii: "-") else { return nil }
                    p += 1
                }
                guard let (d, _) = digits(at: p, count: 1) else { return nil }
                weekday = d
            }
            return ISOCalendar.gregorian(isoYear: year, week: week, weekday: weekday)
        }
        guard let (month, afterMonth) = digits(at: p, count: 2) else { return nil }
        p = afterMonth
        if usesSeparator {
            guard byte(at: p) == UInt8(ascii: "-") else { return nil }
            p += 1
        }
        guard let (day, _) = digits(at: p, count: 2) else { return nil }
        return PythonISODateTime(year: year, month: month, day: day)
    }

    /// parse_isoformat_time: the time, then an optional offset starting at the first Z, + or -.
    func parseTime(from start: Int, end: Int, into value: inout PythonISODateTime) -> Bool {
        var tzPos = start
        repeat {
            let c = byte(at: tzPos)
            if c == UInt8(ascii: "Z") || c == UInt8(ascii: "+") || c == UInt8(ascii: "-") { break }
            tzPos += 1
        } while tzPos < end
        guard let time = hhmmssff(from: start, end: tzPos) else { return false }
        (value.hour, value.minute, value.second, value.microsecond) = (time.h, time.m, time.s, time.us)
        if tzPos == end { return !time.trailing }
        value.hasTimeZone = true
        if byte(at: tzPos) == UInt8(ascii: "Z") { return byte(at: tzPos + 1) == 0 }
        let sign = byte(at: tzPos) == UInt8(ascii: "-") ? -1 : 1
        guard let tz = hhmmssff(from: tzPos + 1, end: end), !tz.trailing else { return false }
        // timezone() demands an offset strictly within ±24 hours.
        let micros = sign * ((tz.h * 3600 + tz.m * 60 + tz.s) * 1_000_000 + tz.us)
        return abs(micros) < 86_400 * 1_000_000
    }

    /// parse_hh_mm_ss_ff; `trailing` is its "1" result (something other than the end follows).
    func hhmmssff(from start: Int, end: Int) -> (h: Int, m: Int, s: Int, us: Int, trailing: Bool)? {
        var vals = [0, 0, 0]
        var p = start
        var hasSeparator = true
        for i in 0..<3 {
            guard let (v, next) = digits(at: p, count: 2) else { return nil }
            vals[i] = v
            let c = byte(at: next)
            p = next + 1
            if i == 0 { hasSeparator = c == UInt8(ascii: ":") }
            if p >= end { return (vals[0], vals[1], vals[2], 0, c != 0) }
            if hasSeparator && c == UInt8(ascii: ":") { continue }
            if c == UInt8(ascii: ".") || c == UInt8(ascii: ",") { break }
            if !hasSeparator { p -= 1; continue }
            return nil
        }
        // Whatever follows is read as the fraction, even after a third ":" ("10:30:45:67" is
        // 10:30:45.67 in CPython 3.11). Up to six digits count; more are skipped.
        let toParse = min(end - p, 6)
        guard toParse > 0, let (raw, afterFraction) = digits(at: p, count: toParse) else { return nil }
        let us = raw * [1, 100_000, 10_000, 1_000, 100, 10, 1][toParse]
        var q = afterFraction
        while isDigit(q) { q += 1 }
        return (vals[0], vals[1], vals[2], us, byte(at: q) != 0)
    }

    static func isInRange(_ v: PythonISODateTime) -> Bool {
        (1...9999).contains(v.year) && (1...12).contains(v.month)
            && (1...ISOCalendar.daysInMonth(v.year, v.month)).contains(v.day)
            && (0...23).contains(v.hour) && (0...59).contains(v.minute) && (0...59).contains(v.second)
    }
}
