import FlagModel
@testable import FleetReview
import FleetStore
import Foundation
import Testing

/// The minutes of the fixture fleet's November meeting, compared with
/// Tests/FleetReviewTests/Golden. Set FLAGDECK_RECORD_GOLDEN=1 to write them
/// anew, then read the diff: the files are what the meeting gets.
@Suite struct ReportGoldenTests {
    typealias F = ReviewFixture

    static let directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("Golden")

    static var report: ReviewReport {
        let baseline = ReviewBaseline(origin: .previousReview(ReviewDay("2026-10-20")!), snapshot: F.baseline,
                                      scannedAt: F.date("2026-10-20T09:00:00Z"))
        return ReviewReport.build(.init(
            snapshot: F.snapshot, scannedAt: F.date("2026-11-21T08:00:00Z"),
            scanFailures: [ScanFailure(account: "platform", region: "us-east-1",
                                       message: "AccessDeniedException: not authorized to perform appconfig:ListApplications")],
            decisions: DecisionBook(F.decisions), baseline: .found(baseline), today: F.today))
    }

    func assertGolden(_ actual: String, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = Self.directory.appendingPathComponent(name)
        if ProcessInfo.processInfo.environment["FLAGDECK_RECORD_GOLDEN"] == "1" {
            try? FileManager.default.createDirectory(at: Self.directory, withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file \(url.path); run with FLAGDECK_RECORD_GOLDEN=1 and review it", sourceLocation: sourceLocation)
            return
        }
        let e = expected.split(separator: "\n", omittingEmptySubsequences: false)
        let a = actual.split(separator: "\n", omittingEmptySubsequences: false)
        if let i = zip(e, a).enumerated().first(where: { $0.element.0 != $0.element.1 })?.offset {
            Issue.record("\(name) differs at line \(i + 1):\n  expected: \(e[i])\n  actual:   \(a[i])\n\(actual)", sourceLocation: sourceLocation)
        } else if e.count != a.count {
            Issue.record("\(name): \(a.count) lines, expected \(e.count)\n\(actual)", sourceLocation: sourceLocation)
        }
    }

    @Test func markdown() { assertGolden(ReportMarkdown.render(Self.report), "minutes.md") }
    @Test func csv() { assertGolden(ReportCSV.render(Self.report), "minutes.csv") }
    @Test func json() { assertGolden(ReportJSON.render(Self.report), "minutes.json") }

    @Test func theJSONReadsBack() throws {
        let data = Data(ReportJSON.render(Self.report).utf8)
        #expect(try JSONDecoder().decode(ReviewReport.self, from: data) == Self.report)
    }

    @Test func withoutAPreviousReviewTheMinutesSaySo() {
        let report = ReviewReport.build(.init(snapshot: F.snapshot, scannedAt: F.asOf, decisions: DecisionBook(),
                                              baseline: .noPreviousReview, today: F.today))
        let text = ReportMarkdown.render(report)
        #expect(text.contains("## Since the previous review\n\nNothing to compare: no previous review recorded (no decisions before today); pass --since DATE to compare with a date."))
        #expect(text.contains("## Decisions\n\nNo decisions recorded."))
        #expect(report.openCandidates == 5)
    }

    @Test func longBarsAreScaled() {
        #expect(ReportMarkdown.bar(0, most: 100) == "")
        #expect(ReportMarkdown.bar(3, most: 3) == "███")
        #expect(ReportMarkdown.bar(100, most: 100).count == 40)
        #expect(ReportMarkdown.bar(1, most: 100) == "█")
    }
}
