import Foundation

/// Calendar arithmetic in UTC without Calendar/TimeZone: verdicts must not depend on the
/// machine's zone, and "2026-03-31" means the same day everywhere.
public enum UTCDate {
    public static let secondsPerDay: TimeInterval = 86_400

    /// Days since 1970-01-01 of a valid `YYYY-MM-DD`, else nil (RFC 3339 full-date).
    public static func dayNumber(of text: String) -> Int? {
        let b = Array(text.utf8)
        guard b.count == 10, b[4] == UInt8(ascii: "-"), b[7] == UInt8(ascii: "-") else { return nil }
        func num(_ r: Range<Int>) -> Int? {
            var v = 0
            for i in r { guard b[i] >= 48 && b[i] <= 57 else { return nil }; v = v * 10 + Int(b[i] - 48) }
            return v
        }
        guard let y = num(0..<4), let m = num(5..<7), let d = num(8..<10), (1...12).contains(m), d >= 1,
              d <= daysInMonth(year: y, month: m) else { return nil }
        return daysFromCivil(year: y, month: m, day: d)
    }

    public static func isValidDate(_ text: String) -> Bool { dayNumber(of: text) != nil }

    /// The UTC day number containing `date`.
    public static func dayNumber(of date: Date) -> Int {
        Int((date.timeIntervalSince1970 / secondsPerDay).rounded(.down))
    }

    /// `YYYY-MM-DD` of the UTC day containing `date`.
    public static func format(_ date: Date) -> String { format(dayNumber: dayNumber(of: date)) }

    public static func format(dayNumber: Int) -> String {
        let (y, m, d) = civilFromDays(dayNumber)
        if y >= 0 && y <= 9999 {
            // Ten ASCII bytes: a small string, no allocation.
            return String(unsafeUninitializedCapacity: 10) { b in
                b[0] = UInt8(48 + y / 1000); b[1] = UInt8(48 + y / 100 % 10); b[2] = UInt8(48 + y / 10 % 10); b[3] = UInt8(48 + y % 10)
                b[4] = UInt8(ascii: "-"); b[5] = UInt8(48 + m / 10); b[6] = UInt8(48 + m % 10)
                b[7] = UInt8(ascii: "-"); b[8] = UInt8(48 + d / 10); b[9] = UInt8(48 + d % 10)
                return 10
            }
        }
        func pad(_ v: Int, _ n: Int) -> String { let s = String(v); return String(repeating: "0", count: max(0, n - s.count)) + s }
        return "\(pad(y, 4))-\(pad(m, 2))-\(pad(d, 2))"
    }

    /// Midnight UTC at the start of a `YYYY-MM-DD` day.
    public static func date(_ text: String) -> Date? {
        dayNumber(of: text).map { Date(timeIntervalSince1970: TimeInterval($0) * secondsPerDay) }
    }

    /// `2026-11-21 03:12` (UTC), for headers and timelines.
    public static func formatMinute(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970.rounded(.down))
        let inDay = ((seconds % 86_400) + 86_400) % 86_400
        func two(_ n: Int) -> String { n < 10 ? "0\(n)" : "\(n)" }
        return format(date) + " " + two(inDay / 3600) + ":" + two(inDay % 3600 / 60)
    }

    /// A moment as people type it for `--as-of` and `:asof`: `2026-11-21T03:12:00Z` (any
    /// ISO-8601 offset, optional fractional seconds), `2026-11-21 03:12` (UTC), or a date
    /// (its start, UTC). nil for anything else.
    public static func moment(_ text: String) -> Date? {
        let t = text.trimmingCharacters(in: .whitespaces)
        if let day = date(t) { return day }
        let iso = Date.ISO8601FormatStyle(includingFractionalSeconds: false)
        if let d = try? iso.parse(t) { return d }
        if let d = try? Date.ISO8601FormatStyle(includingFractionalSeconds: true).parse(t) { return d }
        // `2026-11-21 03:12[:05]` or `2026-11-21T03:12`, read as UTC.
        let b = Array(t.utf8)
        guard b.count == 16 || b.count == 19, let day = date(String(decoding: b[0..<10], as: UTF8.self)),
              b[10] == UInt8(ascii: " ") || b[10] == UInt8(ascii: "T"), b[13] == UInt8(ascii: ":") else { return nil }
        func num(_ r: Range<Int>) -> Int? { Int(String(decoding: b[r], as: UTF8.self)) }
        guard let h = num(11..<13), let m = num(14..<16), h < 24, m < 60 else { return nil }
        var seconds = 0
        if b.count == 19 {
            guard b[16] == UInt8(ascii: ":"), let s = num(17..<19), s < 60 else { return nil }
            seconds = s
        }
        return day.addingTimeInterval(TimeInterval(h * 3600 + m * 60 + seconds))
    }

    /// Whole days elapsed from `from` to `to` (rounded down; negative when `to` is earlier).
    public static func wholeDays(from: Date, to: Date) -> Int {
        Int((to.timeIntervalSince(from) / secondsPerDay).rounded(.down))
    }

    static func daysInMonth(year: Int, month: Int) -> Int {
        switch month {
        case 2: (year % 4 == 0 && year % 100 != 0) || year % 400 == 0 ? 29 : 28
        case 4, 6, 9, 11: 30
        default: 31
        }
    }

    // Howard Hinnant's days_from_civil / civil_from_days.
    static func daysFromCivil(year: Int, month: Int, day: Int) -> Int {
        let y = month <= 2 ? year - 1 : year
        let era = (y >= 0 ? y : y - 399) / 400
        let yoe = y - era * 400
        let mp = (month + 9) % 12
        let doy = (153 * mp + 2) / 5 + day - 1
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy
        return era * 146_097 + doe - 719_468
    }

    static func civilFromDays(_ days: Int) -> (Int, Int, Int) {
        let z = days + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let d = doy - (153 * mp + 2) / 5 + 1
        let m = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (m <= 2 ? 1 : 0), m, d)
    }
}
