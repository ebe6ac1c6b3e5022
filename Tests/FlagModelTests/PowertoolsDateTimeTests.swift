import Testing
@testable import FlagModel

/// `datetime.fromisoformat` of Python 3.11, which decides SCHEDULE_BETWEEN_DATETIME_RANGE validity.
@Suite struct PowertoolsDateTimeTests {
    /// Answers from CPython 3.11.7 (nil: ValueError; " tz": an offset was parsed).
    static let cases: [(String, String?)] = [
        ("2026-01-01", "2026-01-01 00:00:00.000000"),
        ("20260101", "2026-01-01 00:00:00.000000"),
        ("2026-01-01T10", "2026-01-01 10:00:00.000000"),
        ("2026-01-01T10:30", "2026-01-01 10:30:00.000000"),
        ("2026-01-01T1030", "2026-01-01 10:30:00.000000"),
        ("2026-01-01T10:30:45", "2026-01-01 10:30:45.000000"),
        ("2026-01-01T103045", "2026-01-01 10:30:45.000000"),
        ("2026-01-01T10:30:45.5", "2026-01-01 10:30:45.500000"),
        ("2026-01-01T10:30:45,123456", "2026-01-01 10:30:45.123456"),
        ("2026-01-01T10:30:45.1234567", "2026-01-01 10:30:45.123456"),
        ("2026-01-01 10:30", "2026-01-01 10:30:00.000000"),
        ("2026-01-01é10:30", "2026-01-01 10:30:00.000000"),
        ("2026-01-01x10", "2026-01-01 10:00:00.000000"),
        ("20260101T103000", "2026-01-01 10:30:00.000000"),
        ("2026-W01", "2025-12-29 00:00:00.000000"),
        ("2026-W01-4", "2026-01-01 00:00:00.000000"),
        ("2026W014", "2026-01-01 00:00:00.000000"),
        ("2020-W53-7", "2021-01-03 00:00:00.000000"),
        ("2021-W53", nil),
        ("2026-01-01T10.5", "2026-01-01 10:00:00.500000"),
        ("2026-01-01T10:30.25", "2026-01-01 10:30:00.250000"),
        ("2026-01-01T10:30+01:00", "2026-01-01 10:30:00.000000 tz"),
        ("2026-01-01T10:30-0500", "2026-01-01 10:30:00.000000 tz"),
        ("2026-01-01T10:30Z", "2026-01-01 10:30:00.000000 tz"),
        ("2026-01-01T10:30+01", "2026-01-01 10:30:00.000000 tz"),
        ("2026-01-01T10:30+24:00", nil),
        ("2026-01-01T10:30+01:00:30.5", "2026-01-01 10:30:00.000000 tz"),
        ("2026-01-01T10:30:45:67", "2026-01-01 10:30:45.670000"),
        ("2026-01-01T10304567", "2026-01-01 10:30:45.670000"),
        ("2026-01-01T24:00", nil),
        ("2026-01-01T10:60", nil),
        ("2026-01-01T10:30:60", nil),
        ("2026-02-29", nil),
        ("2024-02-29", "2024-02-29 00:00:00.000000"),
        ("2100-02-29", nil),
        ("2000-02-29", "2000-02-29 00:00:00.000000"),
        ("0000-01-01", nil),
        ("9999-12-31T23:59:59.999999", "9999-12-31 23:59:59.999999"),
        ("9999-W52-6", nil),
        ("2026-13-01", nil),
        ("2026-00-10", nil),
        ("2026-1-01", nil),
        ("2026-01-01T", nil),
        ("2026-01-01T1", nil),
        ("2026-01-01T10:3", nil),
        ("2026-01-01T10:30.", nil),
        ("2026-01-0110:30", nil),
        ("202601011030", nil),
        ("2026-001", nil),
        ("26-01-01", nil),
        ("2026/01/01", nil),
        ("", nil),
        ("2026-01-01\u{0000}", nil),
        ("2026-01-01T10\u{0000}", "2026-01-01 10:00:00.000000"),
    ]

    static func render(_ d: PythonISODateTime) -> String {
        func pad(_ n: Int, _ width: Int) -> String { String(repeating: "0", count: max(0, width - String(n).count)) + String(n) }
        return "\(pad(d.year, 4))-\(pad(d.month, 2))-\(pad(d.day, 2)) \(pad(d.hour, 2)):\(pad(d.minute, 2)):\(pad(d.second, 2))."
            + pad(d.microsecond, 6) + (d.hasTimeZone ? " tz" : "")
    }

    @Test func agreesWithCPython() {
        for (text, expected) in Self.cases {
            #expect(PythonISODateTime(parsing: text).map(Self.render) == expected, "\(text.debugDescription)")
        }
    }

    @Test func wallClockOrderIgnoresTheZone() {
        let a = PythonISODateTime(parsing: "2026-01-01T10:30")!
        let b = PythonISODateTime(parsing: "2026-01-01T10:30:00.000001")!
        #expect(a.fields.lexicographicallyPrecedes(b.fields))
        #expect(a.fields == PythonISODateTime(parsing: "2026-01-01T10:30+05:00")!.fields)
    }

    @Test func isoWeekDates() {
        #expect(ISOCalendar.gregorian(isoYear: 2026, week: 1, weekday: 1).map(Self.render) == "2025-12-29 00:00:00.000000")
        #expect(ISOCalendar.gregorian(isoYear: 2015, week: 53, weekday: 7).map(Self.render) == "2016-01-03 00:00:00.000000")
        #expect(ISOCalendar.gregorian(isoYear: 2016, week: 53, weekday: 1) == nil)
        #expect(ISOCalendar.gregorian(isoYear: 2026, week: 10, weekday: 8) == nil)
        #expect(ISOCalendar.date(ordinal: ISOCalendar.ordinal(2024, 2, 29)) == (2024, 2, 29))
        #expect(ISOCalendar.date(ordinal: ISOCalendar.ordinal(2000, 12, 31)) == (2000, 12, 31))
        #expect(ISOCalendar.date(ordinal: 1) == (1, 1, 1))
    }
}
