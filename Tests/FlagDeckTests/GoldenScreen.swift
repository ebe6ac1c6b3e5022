import Foundation
import Testing
import TerminalUI

/// Golden screens: a rendered buffer's text and style runs, compared with a file in
/// Tests/FlagDeckTests/Golden. Set FLAGDECK_RECORD_GOLDEN=1 to write them anew, then
/// read the diff before committing: the file is what a person would see.
enum GoldenScreen {
    static let directory = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath()
        .deletingLastPathComponent().appendingPathComponent("Golden")

    static func serialize(_ buffer: CellBuffer) -> String {
        let border = String(repeating: "─", count: buffer.size.width)
        let body = (0..<buffer.size.height).map { "│" + buffer.line($0) + "│" }.joined(separator: "\n")
        return "┌\(border)┐ \(buffer.size)\n\(body)\n└\(border)┘\n--- style runs (row: columns role) ---\n\(buffer.styleDump)\n"
    }

    static func assertMatches(_ buffer: CellBuffer, _ name: String, sourceLocation: SourceLocation = #_sourceLocation) {
        let url = directory.appendingPathComponent(name + ".txt")
        let actual = serialize(buffer)
        if ProcessInfo.processInfo.environment["FLAGDECK_RECORD_GOLDEN"] == "1" {
            try? FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
            try? actual.write(to: url, atomically: true, encoding: .utf8)
            return
        }
        guard let expected = try? String(contentsOf: url, encoding: .utf8) else {
            Issue.record("missing golden file \(url.path); run with FLAGDECK_RECORD_GOLDEN=1 and review it", sourceLocation: sourceLocation)
            return
        }
        if expected != actual {
            let expectedLines = expected.split(separator: "\n", omittingEmptySubsequences: false)
            let actualLines = actual.split(separator: "\n", omittingEmptySubsequences: false)
            let firstDifference = zip(expectedLines, actualLines).enumerated().first { $0.element.0 != $0.element.1 }
            let where_ = firstDifference.map { "line \($0.offset + 1):\n  expected: \($0.element.0)\n  actual:   \($0.element.1)" } ?? "lengths differ"
            Issue.record("screen differs from \(name).txt at \(where_)\n\(actual)", sourceLocation: sourceLocation)
        }
    }
}
