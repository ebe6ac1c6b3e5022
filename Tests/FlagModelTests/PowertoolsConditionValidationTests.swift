import Testing
@testable import FlagModel

/// The per-action checks of Powertools' ConditionsValidator, with their messages and paths.
@Suite struct PowertoolsConditionValidationTests {
    typealias H = PowertoolsTestHelp

    /// Problems of a single condition, paths relative to it.
    func problems(_ condition: String) -> [String] {
        let doc = #"{"f":{"default":true,"rules":{"r":{"when_match":true,"conditions":[\#(condition)]}}}}"#
        let prefix = "$.features.f.rules.r.conditions[0]"
        return H.problems(doc).map { $0.hasPrefix(prefix) ? String($0.dropFirst(prefix.count)) : $0 }
    }

    @Test func basics() {
        #expect(problems("{}") == [": a condition must not be empty"])
        #expect(problems(#"{"key":"k","value":1}"#) == [#": missing required key "action""#])
        #expect(problems(#"{"action":"EQUALS","value":1}"#) == [#": missing required key "key""#])
        #expect(problems(#"{"action":"EQUALS","key":"k"}"#) == [#": missing required key "value""#])
        #expect(problems(#"{"action":"EQUALS","key":7,"value":1}"#) == [".key: expected non-empty string, got number 7"])
        // Every problem, even where Python would have stopped at the first.
        #expect(problems(#"{"action":"SCHEDULE_BETWEEN_DAYS_OF_WEEK","key":"DAY"}"#) == [
            #".key: must be "CURRENT_DAY_OF_WEEK" for SCHEDULE_BETWEEN_DAYS_OF_WEEK; got string "DAY""#,
            #": missing required key "value""#,
        ])
        // Falsy but present values are fine: only None is refused.
        for value in ["false", "0", #""""#, "[]", "{}"] {
            #expect(problems(#"{"action":"EQUALS","key":"k","value":\#(value)}"#) == [], "value \(value)")
        }
    }

    @Test func listActionsNeedALists() {
        #expect(problems(#"{"action":"ANY_IN_VALUE","key":"k","value":"a"}"#) == [
            #".value: expected array (ANY_IN_VALUE compares against a list), got string "a""#,
        ])
        #expect(problems(#"{"action":"ALL_IN_VALUE","key":"k","value":[]}"#) == [])
        // IN takes anything Python's `in` might: a string, a list, an object.
        #expect(problems(#"{"action":"IN","key":"k","value":"abc"}"#) == [])
    }

    @Test func moduloRangeNeedsPythonIntsInRange() {
        let c = { (v: String) in self.problems(#"{"action":"MODULO_RANGE","key":"id","value":\#(v)}"#) }
        #expect(c(#"{"BASE":100,"START":0,"END":99}"#) == [])
        #expect(c(#"{"BASE":100,"START":0,"END":100}"#) == [".value: must satisfy 0 <= START <= END <= BASE-1; got START 0, END 100, BASE 100"])
        #expect(c(#"{"BASE":10.0,"START":0,"END":1e0}"#) == [".value.BASE: expected integer, got number 10.0", ".value.END: expected integer, got number 1e0"])
        // Booleans are ints in Python: BASE true is 1.
        #expect(c(#"{"BASE":true,"START":false,"END":0}"#) == [])
        #expect(c(#"{"BASE":10,"START":0}"#) == [#".value: missing required key "END""#])
        #expect(c(#"{"BASE":10,"START":null,"END":1}"#) == [".value.START: must not be null"])
        #expect(c("[100,0,9]") == [".value: expected object with BASE, START and END, got array"])
        // Exact integers: no rounding through Double.
        #expect(c(#"{"BASE":123456789012345678901234567890,"START":0,"END":123456789012345678901234567889}"#) == [])
        #expect(c(#"{"BASE":123456789012345678901234567890,"START":0,"END":123456789012345678901234567890}"#).count == 1)
    }

    @Test func timeRange() {
        let c = { (k: String, v: String) in self.problems(#"{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"\#(k)","value":\#(v)}"#) }
        #expect(c("CURRENT_TIME", #"{"START":"00:00","END":"23:59"}"#) == [])
        #expect(c("CURRENT_TIME", #"{"START":"24:00","END":"9:30"}"#) == [
            #".value.START: expected a 24-hour time HH:MM, got string "24:00""#,
            #".value.END: expected a 24-hour time HH:MM, got string "9:30""#,
        ])
        #expect(c("CURRENT_TIME", #"{"START":"09:00","END":1700}"#) == [".value.END: expected string HH:MM, got number 1700"])
        #expect(c("CURRENT_TIME", #"{"END":"17:00"}"#) == [#".value: missing required key "START" (HH:MM)"#])
        #expect(c("CURRENT_DATETIME", #"{"START":"09:00","END":"17:00"}"#) == [
            #".key: must be "CURRENT_TIME" for SCHEDULE_BETWEEN_TIME_RANGE; got string "CURRENT_DATETIME""#,
        ])
        // Python's \d matches any Unicode decimal digit: "1٣:00" passes the pattern.
        #expect(c("CURRENT_TIME", #"{"START":"1٣:00","END":"17:00"}"#) == [])
        #expect(PowertoolsClock.minutes("1٣:05") == 13 * 60 + 5)
        #expect(PowertoolsClock.minutes("23:59") == 1439)
        #expect(PowertoolsClock.minutes("٢3:00") == nil)
    }

    @Test func datetimeRange() {
        let c = { (v: String) in self.problems(#"{"action":"SCHEDULE_BETWEEN_DATETIME_RANGE","key":"CURRENT_DATETIME","value":\#(v)}"#) }
        #expect(c(#"{"START":"2026-01-01T00:00","END":"20260201"}"#) == [])
        #expect(c(#"{"START":"2026-01-01T00:00Z","END":"2026-02-01T00:00+01:00"}"#) == [
            #".value.START: must not include a time zone (set TIMEZONE instead); got string "2026-01-01T00:00Z""#,
            #".value.END: must not include a time zone (set TIMEZONE instead); got string "2026-02-01T00:00+01:00""#,
        ])
        #expect(c(#"{"START":"2026-02-30","END":"01/02/2026"}"#) == [
            #".value.START: not an ISO 8601 datetime Python's fromisoformat accepts: string "2026-02-30""#,
            #".value.END: not an ISO 8601 datetime Python's fromisoformat accepts: string "01/02/2026""#,
        ])
        // Quirk: "Z" becomes "+00:00" before parsing, which as a separator plus time is no zone.
        #expect(c(#"{"START":"2026-01-01Z","END":"2026-02-01"}"#) == [])
    }

    @Test func daysOfWeek() {
        let c = { (v: String) in self.problems(#"{"action":"SCHEDULE_BETWEEN_DAYS_OF_WEEK","key":"CURRENT_DAY_OF_WEEK","value":\#(v)}"#) }
        #expect(c(#"{"DAYS":["MONDAY","SUNDAY"]}"#) == [])
        #expect(c(#"{"DAYS":[]}"#) == [])
        // Powertools' day list forgets to drop "DAYS" itself.
        #expect(c(#"{"DAYS":["DAYS"]}"#) == [])
        #expect(c(#"{"DAYS":["monday",1]}"#) == [
            #".value.DAYS[0]: expected a day name (MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY), got string "monday""#,
            ".value.DAYS[1]: expected a day name (MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY), got number 1",
        ])
        #expect(c(#"{"DAYS":"MONDAY"}"#) == [#".value.DAYS: expected array of day names, got string "MONDAY""#])
        #expect(c(#"{"TIMEZONE":"UTC"}"#) == [#".value: missing required key "DAYS""#])
    }

    @Test func timeZones() {
        let c = { (tz: String) in self.problems(#"{"action":"SCHEDULE_BETWEEN_DAYS_OF_WEEK","key":"CURRENT_DAY_OF_WEEK","value":{"DAYS":[],"TIMEZONE":\#(tz)}}"#) }
        // `timezone or "UTC"`: every falsy value is UTC.
        for falsy in [#""""#, "null", "0", "false", "[]", "{}"] { #expect(c(falsy) == [], "TIMEZONE \(falsy)") }
        for known in [#""Europe/London""#, #""UTC""#, #""US/Eastern""#, #""UTC+3""#, #""America/New York""#] { #expect(c(known) == [], "TIMEZONE \(known)") }
        #expect(c(#""PST""#) == [#".value.TIMEZONE: unknown time zone "PST" (expected an IANA name such as Europe/London)"#])
        #expect(c(#""utc""#).count == 1)
        #expect(c("5") == [".value.TIMEZONE: expected string (an IANA time zone name), got number 5"])
    }
}
