import Foundation
import Testing
@testable import FlagModel

/// The SCHEDULE_* comparators at fixed instants, against Powertools with a pinned clock.
@Suite struct PowertoolsScheduleTests {
    typealias H = PowertoolsTestHelp

    /// (action, condition value, now in microseconds since 1970, Powertools' answer) — now as ISO in the comment.
    static let cases: [(String, String, Int64, Bool)] = [
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"09:00","END":"17:00"}"#, 1779958800000000, true), // 2026-05-28T09:00:00+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"09:00","END":"17:00"}"#, 1779958799999999, false), // 2026-05-28T08:59:59.999999+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"09:00","END":"17:00"}"#, 1779987659999999, true), // 2026-05-28T17:00:59.999999+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"09:00","END":"17:00"}"#, 1779987660000000, false), // 2026-05-28T17:01:00+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"09:00","END":"17:00","TIMEZONE":"Europe/London"}"#, 1779957000000000, true), // 2026-05-28T08:30:00+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"09:00","END":"17:00","TIMEZONE":"Europe/London"}"#, 1779985800000000, false), // 2026-05-28T16:30:00+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"09:00","END":"17:00","TIMEZONE":"Europe/London"}"#, 1768494600000000, true), // 2026-01-15T16:30:00+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"09:00","END":"17:00","TIMEZONE":"Asia/Kolkata"}"#, 1779939000000000, true), // 2026-05-28T03:30:00+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"22:00","END":"02:00"}"#, 1780010100000000, true), // 2026-05-28T23:15:00+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"22:00","END":"02:00"}"#, 1779933540000000, true), // 2026-05-28T01:59:00+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"22:00","END":"02:00"}"#, 1779933660000000, false), // 2026-05-28T02:01:00+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"22:00","END":"02:00"}"#, 1779969600000000, false), // 2026-05-28T12:00:00+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"23:30","END":"23:00"}"#, 1780009800000000, false), // 2026-05-28T23:10:00+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"23:30","END":"23:00"}"#, 1780011900000000, true), // 2026-05-28T23:45:00+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"12:00","END":"12:00"}"#, 1779969630000000, true), // 2026-05-28T12:00:30+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"09:00","END":"17:00","TIMEZONE":"UTC+3"}"#, 1779949800000000, true), // 2026-05-28T06:30:00+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"09:00","END":"17:00","TIMEZONE":""}"#, 1779962400000000, true), // 2026-05-28T10:00:00+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"09:00","END":"17:00","TIMEZONE":null}"#, 1779962400000000, true), // 2026-05-28T10:00:00+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"09:00","END":"17:00","TIMEZONE":0}"#, 1779962400000000, false), // 2026-05-28T10:00:00+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"09:00","END":"17:00","TIMEZONE":false}"#, 1779962400000000, false), // 2026-05-28T10:00:00+00:00
        ("SCHEDULE_BETWEEN_TIME_RANGE", #"{"START":"1٠:00","END":"17:00"}"#, 1779962400000000, true), // 2026-05-28T10:00:00+00:00
        ("SCHEDULE_BETWEEN_DATETIME_RANGE", #"{"START":"2026-05-01T00:00:00","END":"2026-05-31T23:59:59"}"#, 1779962400000000, true), // 2026-05-28T10:00:00+00:00
        ("SCHEDULE_BETWEEN_DATETIME_RANGE", #"{"START":"2026-05-28T10:00:00","END":"2026-05-31"}"#, 1779962400000000, true), // 2026-05-28T10:00:00+00:00
        ("SCHEDULE_BETWEEN_DATETIME_RANGE", #"{"START":"2026-05-28T10:00:00.000001","END":"2026-05-31"}"#, 1779962400000000, false), // 2026-05-28T10:00:00+00:00
        ("SCHEDULE_BETWEEN_DATETIME_RANGE", #"{"START":"2026-05-01","END":"2026-05-28T10:00"}"#, 1779962400500000, false), // 2026-05-28T10:00:00.5+00:00
        ("SCHEDULE_BETWEEN_DATETIME_RANGE", #"{"START":"2026-05-28T11:00","END":"2026-05-28T12:00","TIMEZONE":"Europe/London"}"#, 1779964200000000, true), // 2026-05-28T10:30:00+00:00
        ("SCHEDULE_BETWEEN_DATETIME_RANGE", #"{"START":"2026-05-28T11:00","END":"2026-05-28T12:00","TIMEZONE":"America/New_York"}"#, 1779982200000000, true), // 2026-05-28T15:30:00+00:00
        ("SCHEDULE_BETWEEN_DATETIME_RANGE", #"{"START":"2026-05-28T11:00","END":"2026-05-28T12:00"}"#, 1779982200000000, false), // 2026-05-28T15:30:00+00:00
        ("SCHEDULE_BETWEEN_DATETIME_RANGE", #"{"START":"2026-05-01Z","END":"2026-06-01"}"#, 1779962400000000, false), // 2026-05-28T10:00:00+00:00
        ("SCHEDULE_BETWEEN_DATETIME_RANGE", #"{"START":"2026-W22","END":"2026W227"}"#, 1779962400000000, true), // 2026-05-28T10:00:00+00:00
        ("SCHEDULE_BETWEEN_DATETIME_RANGE", #"{"START":"2026-05-01","END":"2026-06-01","TIMEZONE":[]}"#, 1779962400000000, false), // 2026-05-28T10:00:00+00:00
        ("SCHEDULE_BETWEEN_DAYS_OF_WEEK", #"{"DAYS":["THURSDAY"]}"#, 1779962400000000, true), // 2026-05-28T10:00:00+00:00
        ("SCHEDULE_BETWEEN_DAYS_OF_WEEK", #"{"DAYS":["MONDAY","FRIDAY"]}"#, 1779962400000000, false), // 2026-05-28T10:00:00+00:00
        ("SCHEDULE_BETWEEN_DAYS_OF_WEEK", #"{"DAYS":["FRIDAY"],"TIMEZONE":"Asia/Tokyo"}"#, 1779984000000000, true), // 2026-05-28T16:00:00+00:00
        ("SCHEDULE_BETWEEN_DAYS_OF_WEEK", #"{"DAYS":["WEDNESDAY"],"TIMEZONE":"America/Los_Angeles"}"#, 1779944400000000, true), // 2026-05-28T05:00:00+00:00
        ("SCHEDULE_BETWEEN_DAYS_OF_WEEK", #"{"DAYS":[]}"#, 1779962400000000, false), // 2026-05-28T10:00:00+00:00
        ("SCHEDULE_BETWEEN_DAYS_OF_WEEK", #"{"DAYS":["DAYS"]}"#, 1779962400000000, false), // 2026-05-28T10:00:00+00:00
        ("SCHEDULE_BETWEEN_DAYS_OF_WEEK", #"{"DAYS":"THURSDAY,FRIDAY"}"#, 1779962400000000, true), // 2026-05-28T10:00:00+00:00
        ("SCHEDULE_BETWEEN_DAYS_OF_WEEK", #"{"DAYS":["SUNDAY"],"TIMEZONE":"Pacific/Kiritimati"}"#, 1780135200000000, true), // 2026-05-30T10:00:00+00:00
    ]

    static func instant(_ micros: Int64) -> Date { Date(timeIntervalSince1970: Double(micros) / 1_000_000) }

    @Test func agreesWithPowertools() {
        for (action, value, micros, expected) in Self.cases {
            let got = PowertoolsConditionMatcher.matches(action: action, conditionValue: H.json(value), contextValue: nil,
                                                         now: Self.instant(micros))
            #expect(got == expected, "\(action) \(value) at \(Self.instant(micros))")
        }
    }

    @Test func theContextIsNotRead() {
        let f = #"{"default":false,"rules":{"office hours":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIME","value":{"START":"09:00","END":"17:00"}}]}}}"#
        let noon = Self.instant(1_779_969_600_000_000)   // 2026-05-28T12:00Z
        #expect(PowertoolsEvaluator.evaluate(feature: H.json(f), context: [:], now: noon) == PowertoolsEvaluation(value: true, matchedRule: "office hours"))
        #expect(PowertoolsEvaluator.evaluate(feature: H.json(f), context: ["CURRENT_TIME": "03:00"], now: noon).value == true)
    }

    @Test func crossingMidnightAcrossAZoneBoundary() {
        // 22:00–02:00 in Tokyo (UTC+9) is 13:00–17:00 UTC.
        let v = #"{"START":"22:00","END":"02:00","TIMEZONE":"Asia/Tokyo"}"#
        let match = { (micros: Int64) in
            PowertoolsConditionMatcher.matches(action: "SCHEDULE_BETWEEN_TIME_RANGE", conditionValue: H.json(v), contextValue: nil, now: Self.instant(micros))
        }
        #expect(match(1_779_973_200_000_000))      // 13:00Z = 22:00 JST
        #expect(match(1_779_987_600_000_000))      // 17:00Z = 02:00 JST
        #expect(!match(1_779_987_660_000_000))     // 17:01Z
        #expect(!match(1_779_973_140_000_000))     // 12:59Z
    }

    @Test func wallClockInATZStringZoneBeyondFoundationsLimits() {
        // dateutil's "UTC+20" is twenty hours ahead; Foundation cannot make that zone itself.
        let clock = PowertoolsSchedule.wallClock(Self.instant(1_779_969_600_000_000), .resolved(.posix(PosixTZString("UTC+20")!)))
        #expect(clock?.fields == [2026, 5, 29, 8, 0, 0, 0])
        // 24 hours or more: datetime.now raises, so nothing matches.
        #expect(PowertoolsSchedule.wallClock(Self.instant(0), .resolved(.posix(PosixTZString("UTC+24")!))) == nil)
    }
}
