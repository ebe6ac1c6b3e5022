import CodeReferences
import FlagModel
import FleetStore
import Foundation
import Testing

/// `CodeReferenceIndex` (which repositories speak for which flag) and the store's round trip.
@Suite struct IndexAndStoreTests {
    static func reference(_ repository: String, _ path: String, _ line: Int, _ key: String,
                          form: CodeReferenceForm = .exact) -> CodeReference {
        CodeReference(repository: repository, commit: "c-" + repository, path: path, line: line, text: "use \(key)",
                      key: key, alias: key, form: form)
    }

    static func scan(_ repository: String, at seconds: Double, _ references: [CodeReference]) -> RepositoryScan {
        RepositoryScan(repository: repository, commit: "c-" + repository,
                       scannedAt: Date(timeIntervalSinceReferenceDate: seconds), references: references,
                       filesScanned: 10, filesSkipped: [.binary: 1])
    }

    static let scans = [
        scan("/src/mono", at: 2_000, [
            reference("/src/mono", "b.go", 9, "new_checkout"),
            reference("/src/mono", "a.go", 3, "new_checkout"),
            reference("/src/mono", "a.go", 4, "dark_mode"),
        ]),
        scan("/src/checkout", at: 1_000, [reference("/src/checkout", "z.ts", 1, "new_checkout")]),
        scan("/src/removed", at: 500, [reference("/src/removed", "a.go", 1, "new_checkout")]),
    ]
    static let sources = [
        CodeReferenceSource(path: "/src/mono"),
        CodeReferenceSource(path: "/src/checkout", applications: ["check*"]),
        CodeReferenceSource(path: "/src/never-scanned", applications: ["shipping"]),
    ]

    @Test func theApplicationFilterDecidesWhichRepositoriesSpeakForAFlag() {
        let index = CodeReferenceIndex(scans: Self.scans, sources: Self.sources)
        #expect(index.isConfigured)
        let checkout = FlagID(application: "Checkout", profile: "flags", key: "new_checkout")
        #expect(index.references(for: checkout).map { "\($0.repository):\($0.path):\($0.line)" } == [
            "/src/checkout:z.ts:1", "/src/mono:a.go:3", "/src/mono:b.go:9",
        ])
        #expect(index.scannedAt(for: checkout) == Date(timeIntervalSinceReferenceDate: 1_000))
        #expect(index.unscannedRepositories(for: checkout) == [])

        // Not a checkout flag: the checkout repository does not speak for it.
        let payments = FlagID(application: "payments", profile: "flags", key: "new_checkout")
        #expect(index.references(for: payments).map(\.path) == ["a.go", "b.go"])
        #expect(index.scannedAt(for: payments) == Date(timeIntervalSinceReferenceDate: 2_000))

        let shipping = FlagID(application: "shipping", profile: "flags", key: "dark_mode")
        #expect(index.references(for: shipping).map(\.line) == [4])
        #expect(index.unscannedRepositories(for: shipping) == ["/src/never-scanned"])
        #expect(index.references(for: FlagID(application: "x", profile: "p", key: "unknown")) == [])
    }

    @Test func withoutSourcesNothingIsConfiguredOrFound() {
        let index = CodeReferenceIndex(scans: Self.scans, sources: [])
        let flag = FlagID(application: "checkout", profile: "flags", key: "new_checkout")
        #expect(!index.isConfigured)
        #expect(index.references(for: flag) == [])
        #expect(index.scannedAt(for: flag) == nil)
    }

    @Test func theStoreKeepsEachRepositorysLastScanExactly() async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("refs-store-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let store = try FleetStore(directory: directory)
        #expect(try await store.codeReferenceScans() == [])

        var mono = Self.scans[0]
        mono.scannedAt = Date(timeIntervalSinceReferenceDate: 812_345_678.123_456)
        mono.references.sort { ($0.path, $0.line) < ($1.path, $1.line) }
        mono.references.append(CodeReference(repository: "/src/mono", commit: "c-/src/mono", path: "a.go", line: 4,
                                             text: "NEW_CHECKOUT → é", key: "new_checkout", alias: "NEW_CHECKOUT",
                                             form: .screamingSnake))
        mono.references.sort { ($0.path, $0.line, $0.key) < ($1.path, $1.line, $1.key) }
        mono.filesSkipped = [.vendored: 3, .tooLarge: 1]
        try await store.saveCodeReferences(mono)
        try await store.saveCodeReferences(Self.scans[1])
        #expect(try await store.codeReferenceScans() == [Self.scans[1], mono])

        // A rescan replaces the repository's hits whole; the other repository is untouched.
        var rescan = Self.scan("/src/mono", at: 900_000_000, [Self.reference("/src/mono", "c.go", 1, "dark_mode")])
        rescan.commit = "c-/src/mono"
        try await store.saveCodeReferences(rescan)
        #expect(try await store.codeReferenceScans() == [Self.scans[1], rescan])

        // A reference of another repository is refused, and nothing of the save is kept.
        var mixed = rescan
        mixed.scannedAt = Date(timeIntervalSinceReferenceDate: 950_000_000)
        mixed.references = [Self.reference("/src/checkout", "x.go", 1, "dark_mode")]
        await #expect(throws: FleetStoreError.self) { try await store.saveCodeReferences(mixed) }
        #expect(try await store.codeReferenceScans() == [Self.scans[1], rescan])
        try store.close()

        let reopened = try FleetStore(directory: directory)
        #expect(try await reopened.codeReferenceScans() == [Self.scans[1], rescan])
    }
}
