@testable import CodeReferences
import FlagModel
import Foundation
import Testing

/// `CodeReferenceScanner` on a repository made by git: what counts as a reference, what
/// is skipped, and the exact lines.
@Suite struct ScannerTests {
    static let keys = ["new_checkout", "express_shipping", "dark-mode", "never_used", "beta banner"]

    /// References in five languages and every spelling, plus everything that must not count.
    static func sampleRepository() throws -> (GitFixture, commit: String) {
        let repo = try GitFixture()
        try repo.write("Sources/Checkout.swift", """
            import Foundation

            struct Checkout {
                let enabled = flags.isEnabled("new_checkout")
                static let key = FlagKeys.newCheckout
                func renewCheckout() {}
                let later = "new_checkout_v2"
            }

            """)
        try repo.write("app/flags.py", """
            NEW_CHECKOUT = "new_checkout"  # two spellings, one line: one reference
            def express():
                return feature_flags.evaluate(name="express_shipping", default=False)

            """)
        try repo.write("web/src/checkout.ts", """
            export const NewCheckout = () => null;
            const cls = "new-checkout";
            const notIt = "new-checkout-v2";
            const option = "--new-checkout";
            if (flags.expressShipping) {}
            const id = "btn-new_checkout";
            document.body.classList.toggle("dark-mode");

            """)
        try repo.write("svc/main.go", """
            package main

            // NewCheckout is read once at start.
            var newCheckout = os.Getenv("NEW_CHECKOUT") == "1"
            var darkMode bool

            """)
        try repo.write("deploy/values.yaml", """
            features:
              new_checkout: true
              express_shipping: false
              unrelated_new_checkout: true

            """)
        // CRLF line ends, and a line longer than the 200 characters kept.
        try repo.write("docs/notes.md", "# Flags\r\n\r\nTurn on **new_checkout** for beta users.\r\n"
                       + String(repeating: "x", count: 250) + " DARK_MODE\r\n")
        // Not the team's code: vendored, generated, binary, too large, a link.
        try repo.write("vendor/x.js", "var new_checkout = 1;\n")
        try repo.write("gen/flags_generated.go", "const NewCheckout = \"new_checkout\"\n")
        try repo.write("web/app.min.js", "var new_checkout=1;\n")
        try repo.write("package-lock.json", "{\"new_checkout\": 1}\n")
        try repo.write(".gitattributes", "legacy/** linguist-vendored\napi/schema.ts linguist-generated=true\n")
        try repo.write("legacy/old.py", "new_checkout = True\n")
        try repo.write("api/schema.ts", "export type new_checkout = boolean;\n")
        try repo.write("assets/logo.bin", Data([0x89, 0x50, 0x4E, 0x47, 0x00, 0x01]) + Data(" new_checkout\n".utf8))
        try repo.write("data/big.txt", String(repeating: "filler line\n", count: 400) + "new_checkout\n")
        try repo.symlink("link.swift", to: "Sources/Checkout.swift")
        // Never tracked: an ignored file and one not added.
        try repo.write(".gitignore", "*.log\n")
        try repo.write("debug.log", "new_checkout\n")
        let commit = try repo.commitAll()
        try repo.write("notes.txt", "new_checkout\n")
        return (repo, commit)
    }

    @Test func findsEverySpellingAtItsExactLineAndNothingElse() throws {
        let (repo, commit) = try Self.sampleRepository()
        let at = Date(timeIntervalSinceReferenceDate: 800_000_000.25)
        let scan = try CodeReferenceScanner(maxFileSize: 4096, workers: 3)
            .scan(repository: repo.path, keys: Self.keys, scannedAt: at)

        #expect(scan.repository == repo.path)
        #expect(scan.commit == commit)
        #expect(scan.scannedAt == at)
        func ref(_ path: String, _ line: Int, _ key: String, _ alias: String, _ form: CodeReferenceForm,
                 _ text: String) -> CodeReference {
            CodeReference(repository: repo.path, commit: commit, path: path, line: line, text: text, key: key,
                          alias: alias, form: form)
        }
        let expected = [
            ref("Sources/Checkout.swift", 4, "new_checkout", "new_checkout", .exact,
                #"let enabled = flags.isEnabled("new_checkout")"#),
            ref("Sources/Checkout.swift", 5, "new_checkout", "newCheckout", .camel, "static let key = FlagKeys.newCheckout"),
            ref("app/flags.py", 1, "new_checkout", "NEW_CHECKOUT", .screamingSnake,
                #"NEW_CHECKOUT = "new_checkout"  # two spellings, one line: one reference"#),
            ref("app/flags.py", 3, "express_shipping", "express_shipping", .exact,
                #"return feature_flags.evaluate(name="express_shipping", default=False)"#),
            ref("deploy/values.yaml", 2, "new_checkout", "new_checkout", .exact, "new_checkout: true"),
            ref("deploy/values.yaml", 3, "express_shipping", "express_shipping", .exact, "express_shipping: false"),
            ref("docs/notes.md", 3, "new_checkout", "new_checkout", .exact, "Turn on **new_checkout** for beta users."),
            ref("docs/notes.md", 4, "dark-mode", "DARK_MODE", .screamingSnake, String(repeating: "x", count: 200)),
            ref("svc/main.go", 3, "new_checkout", "NewCheckout", .pascal, "// NewCheckout is read once at start."),
            ref("svc/main.go", 4, "new_checkout", "newCheckout", .camel,
                #"var newCheckout = os.Getenv("NEW_CHECKOUT") == "1""#),
            ref("svc/main.go", 5, "dark-mode", "darkMode", .camel, "var darkMode bool"),
            ref("web/src/checkout.ts", 1, "new_checkout", "NewCheckout", .pascal, "export const NewCheckout = () => null;"),
            ref("web/src/checkout.ts", 2, "new_checkout", "new-checkout", .kebab, #"const cls = "new-checkout";"#),
            ref("web/src/checkout.ts", 4, "new_checkout", "new-checkout", .kebab, #"const option = "--new-checkout";"#),
            ref("web/src/checkout.ts", 5, "express_shipping", "expressShipping", .camel, "if (flags.expressShipping) {}"),
            ref("web/src/checkout.ts", 6, "new_checkout", "new_checkout", .exact, #"const id = "btn-new_checkout";"#),
            ref("web/src/checkout.ts", 7, "dark-mode", "dark-mode", .exact,
                #"document.body.classList.toggle("dark-mode");"#),
        ]
        for (got, want) in zip(scan.references, expected) { #expect(got == want) }
        #expect(scan.references.count == expected.count)
        #expect(scan.filesSkipped == [.vendored: 2, .generated: 4, .binary: 1, .tooLarge: 1, .unreadable: 1])
        // The six sources, .gitignore and .gitattributes.
        #expect(scan.filesScanned == 8)
    }

    /// The defaults: 1 MiB is the limit, so the 5 KB file is read; the result does not
    /// depend on how many threads read.
    @Test func theStaticScanUsesTheDefaultsAndAgreesWithOneWorker() throws {
        let (repo, _) = try Self.sampleRepository()
        let scan = try CodeReferenceScanner.scan(repository: repo.path, keys: Self.keys)
        #expect(scan.references.contains { $0.path == "data/big.txt" && $0.line == 401 && $0.alias == "new_checkout" })
        #expect(scan.filesSkipped[.tooLarge] == nil)
        let single = try CodeReferenceScanner(workers: 1).scan(repository: repo.path, keys: Self.keys,
                                                               scannedAt: scan.scannedAt)
        #expect(single == scan)
    }

    @Test func noKeysFindNothingButCountTheFiles() throws {
        let (repo, _) = try Self.sampleRepository()
        let scan = try CodeReferenceScanner.scan(repository: repo.path, keys: [])
        #expect(scan.references.isEmpty)
        #expect(scan.filesScanned == 9)
    }

    @Test func aPathThatIsNoWorkTreeIsAnErrorNamingIt() throws {
        let plain = FileManager.default.temporaryDirectory.appendingPathComponent("refs-plain-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: plain, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: plain) }
        for path in [plain.path, plain.path + "/missing"] {
            let error = #expect(throws: CodeReferenceError.self) {
                try CodeReferenceScanner.scan(repository: path, keys: ["x"])
            }
            guard case .notAWorkTree(let named, _) = error else {
                Issue.record("expected notAWorkTree, got \(String(describing: error))")
                continue
            }
            #expect(named == path)
            #expect(error?.description.hasPrefix("\(path) is not a readable git work tree: ") == true)
        }
        let empty = try GitFixture()
        #expect(throws: CodeReferenceError.notAWorkTree(path: empty.path, reason: "it has no commit yet")) {
            try CodeReferenceScanner.scan(repository: empty.path, keys: ["x"])
        }
    }
}
