@testable import AppConfigClient
import Foundation
import Testing

@Suite struct TimestampTests {
    @Test(arguments: [
        ("2021-09-17T21:59:03.888Z", 1_631_915_943.888),
        ("2021-09-17T21:59:03Z", 1_631_915_943.0),
        ("2021-09-17T23:59:03+02:00", 1_631_915_943.0),
        ("2021-09-17T21:59:03.5+0000", 1_631_915_943.5),
        ("2021-09-17 21:59:03", 1_631_915_943.0),
        ("1969-12-31T23:59:59Z", -1.0),
        ("2024-02-29T00:00:00Z", 1_709_164_800.0),
    ])
    func parses(_ text: String, _ seconds: Double) throws {
        let date = try #require(Timestamp.parse(text))
        #expect(abs(date.timeIntervalSince1970 - seconds) < 1e-6)
    }

    @Test(arguments: ["", "2021-09-17", "2021-13-01T00:00:00Z", "2021-09-17T21:59:03.Z", "2021-09-17T21:59:03Zjunk", "yesterday"])
    func rejects(_ text: String) {
        #expect(Timestamp.parse(text) == nil)
    }

    @Test func formatsWithMillisecondsInUTC() {
        #expect(Timestamp.format(Date(timeIntervalSince1970: 1_631_915_943.888)) == "2021-09-17T21:59:03.888Z")
        #expect(Timestamp.format(Date(timeIntervalSince1970: -0.5)) == "1969-12-31T23:59:59.500Z")
        for s in stride(from: -86_400.0 * 800, to: 86_400.0 * 20_000, by: 86_400.0 * 37.3) {
            let d = Date(timeIntervalSince1970: (s * 1000).rounded() / 1000)
            #expect(Timestamp.parse(Timestamp.format(d)) == d)
        }
    }
}
