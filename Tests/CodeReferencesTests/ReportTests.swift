import CodeReferences
import FlagModel
import Foundation
import Testing

/// What `flagdeck refs` prints, from an index (no git, no store).
@Suite struct ReportTests {
    static let at = Date(timeIntervalSince1970: 1_795_000_000)  // 2026-11-18T11:06:40Z

    static func scan(_ repository: String, _ hits: [(String, Int, String)]) -> RepositoryScan {
        RepositoryScan(
            repository: repository, commit: "0123456789abcdef0123", scannedAt: at,
            references: hits.map { path, line, key in
                CodeReference(repository: repository, commit: "0123456789abcdef0123", path: path, line: line,
                              text: key, key: key, alias: key, form: .exact)
            }, filesScanned: 40, filesSkipped: [.vendored: 2, .binary: 1])
    }

    static let flags = [
        FlagID(application: "checkout", profile: "flags", key: "new_checkout"),
        FlagID(application: "checkout", profile: "flags", key: "unused"),
        FlagID(application: "payments", profile: "flags", key: "kill_refunds"),
    ]

    @Test func tableOfOneRepository() {
        let hits = [("a.swift", 3, "new_checkout")] + (1...12).map { ("b.py", $0, "kill_refunds") }
        let index = CodeReferenceIndex(scans: [Self.scan("/src/shop", hits)], sources: [.init(path: "/src/shop")])
        #expect(CodeReferenceReport.table(flags: Self.flags, index: index) == """
            checkout/flags/new_checkout  1 ref    a.swift:3
            payments/flags/kill_refunds  12 refs  b.py:1, b.py:2, b.py:3, b.py:4, b.py:5, b.py:6, b.py:7, b.py:8, b.py:9, b.py:10, … 2 more

            /src/shop at 0123456789ab, 2026-11-18T11:06:40Z: 40 files searched, skipped 2 vendored, 1 binary, 13 references

            """)
    }

    /// With several repositories a location names its repository, and a flag unreferenced
    /// everywhere says so.
    @Test func tableOfSeveralRepositoriesAndOfNothingFound() {
        let index = CodeReferenceIndex(
            scans: [Self.scan("/src/shop", [("a.swift", 3, "new_checkout")]),
                    Self.scan("/src/web", [("x.ts", 9, "new_checkout")])],
            sources: [.init(path: "/src/shop"), .init(path: "/src/web")])
        let table = CodeReferenceReport.table(flags: Self.flags, index: index)
        #expect(table.hasPrefix("checkout/flags/new_checkout  2 refs  shop/a.swift:3, web/x.ts:9\n\n"))
        let empty = CodeReferenceIndex(scans: [Self.scan("/src/shop", [])], sources: [.init(path: "/src/shop")])
        #expect(CodeReferenceReport.table(flags: Self.flags, index: empty).hasPrefix(
            "no flag of the latest scan is referenced in the configured repositories\n\n/src/shop at "))
    }

    @Test func jsonHasTheDocumentedShape() throws {
        let index = CodeReferenceIndex(
            scans: [Self.scan("/src/shop", [("a.swift", 3, "new_checkout"), ("a.swift", 7, "new_checkout")])],
            sources: [.init(path: "/src/shop"), .init(path: "/src/not-scanned-yet")])
        let text = CodeReferenceReport.json(flags: Self.flags, index: index)
        let document = try #require(try JSONSerialization.jsonObject(with: Data(text.utf8)) as? NSDictionary)
        let expected: NSDictionary = [
            "repositories": [["path": "/src/shop", "commit": "0123456789abcdef0123",
                              "scannedAt": "2026-11-18T11:06:40Z", "filesScanned": 40]],
            "flags": [[
                "application": "checkout", "profile": "flags", "key": "new_checkout",
                "codeReferences": [
                    "count": 2, "scannedAt": "2026-11-18T11:06:40Z",
                    "files": [["repository": "/src/shop", "path": "a.swift", "line": 3],
                              ["repository": "/src/shop", "path": "a.swift", "line": 7]],
                ] as NSDictionary,
            ] as NSDictionary],
        ]
        #expect(document == expected)
    }
}
