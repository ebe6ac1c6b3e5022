import Foundation
import Testing
@testable import FlagModel

/// TIMEZONE names as dateutil's `tz.gettz` resolves them (Powertools' validator and comparators).
@Suite struct PowertoolsTimeZoneTests {
    /// From dateutil 2.9 on Debian tzdata: "zone" is a zoneinfo file, a number a TZ string's
    /// standard offset in seconds, nil no zone.
    static let cases: [(String, String?)] = [
        ("UTC", "zone"),
        ("GMT", "zone"),
        ("Europe/London", "zone"),
        ("US/Eastern", "zone"),
        ("EST", "zone"),
        ("EST5EDT", "zone"),
        ("Etc/GMT+3", "zone"),
        ("Asia/Calcutta", "zone"),
        ("America/New York", "zone"),
        (":Europe/Paris", "zone"),
        ("posix/Europe/London", "zone"),
        ("right/UTC", "zone"),
        ("Canada//Saskatchewan", "zone"),
        ("/usr/share/zoneinfo/Europe/London", "zone"),
        ("localtime", "zone"),
        ("utc", nil),
        ("europe/london", nil),
        ("Mars/Olympus", nil),
        ("Europe", nil),
        ("PST", nil),
        ("IST", nil),
        ("BST", nil),
        ("JST", nil),
        ("US/Pacific-New", nil),
        ("Europe:Kyiv", nil),
        ("UTC+3", "10800"),
        ("GMT-5", "-18000"),
        ("UTC-05:30", "-19800"),
        ("JST-9", "32400"),
        ("EST5", "-18000"),
        ("Foo1", "-3600"),
        ("A1B", "-3600"),
        ("EST5EDT,M3.2.0/2,M11.1.0/2", "-18000"),
        ("EST5EDT,J400,J1", nil),
        ("EST5EDT,J0/0,J400", "-18000"),
        ("UTC,M3.2.0,M11.1.0", nil),
        ("UTC+٣", nil),
        ("GMT+24", "86400"),
        ("iso3166.tab", "-115560"),
        ("zone.tab", nil),
        ("1", nil),
        ("12345", nil),
        ("+03", nil),
        ("Z", nil),
        ("SystemV/AST4", "-14400"),
        ("GMT0BST,3,0,30,3600,10,0,26,7200", "0"),
        ("X1;2", "-3600"),
    ]

    @Test func agreesWithGettz() {
        for (name, expected) in Self.cases {
            let got: String? = switch PowertoolsTimeZone.resolve(name) {
            case nil: nil
            case .zone?: "zone"
            case .posix(let tz)?: String(tz.standardOffset)
            }
            #expect(got == expected, "\(name.debugDescription)")
        }
    }

    @Test func emptyAndColonMeanTheLocalZoneWhichIsUTC() {
        #expect(PowertoolsTimeZone.resolve("") == .zone(PowertoolsTimeZone.utc))
        #expect(PowertoolsTimeZone.resolve(":") == .zone(PowertoolsTimeZone.utc))
    }

    @Test func zoneFilesResolveToTheirFoundationZone() {
        #expect(PowertoolsTimeZone.resolve("America/New York") == .zone(TimeZone(identifier: "America/New_York")!))
        #expect(PowertoolsTimeZone.resolve("posix/Europe/London") == .zone(TimeZone(identifier: "Europe/London")!))
    }

    @Test func tzStringOffsetsFollowDateutil() {
        // POSIX: EST5 is five hours behind UTC; dateutil flips GMT+3/UTC+3 to mean ahead.
        #expect(PosixTZString("EST5")?.standardOffset == -18_000)
        #expect(PosixTZString("UTC+3")?.standardOffset == 10_800)
        #expect(PosixTZString("<+03>-3") == nil)
        #expect(PosixTZString("EST5EDT,M3.2.0,M11.1.0")?.hasDaylightSaving == true)
        #expect(PosixTZString.tokenize("EST5EDT,M3.2.0/2") == ["EST", "5", "EDT", ",", "M", "3", ".", "2", ".", "0", "/", "2"])
    }
}
