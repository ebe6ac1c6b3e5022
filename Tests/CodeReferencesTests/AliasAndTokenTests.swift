@testable import CodeReferences
import FlagModel
import Testing

/// The spellings of a key, and the whole-word rule on single lines, without git.
@Suite struct AliasAndTokenTests {
    @Test func spellingsOfSnakeCamelKebabAndDigitKeys() {
        func aliases(_ key: String) -> [String] { FlagKeyAliases.aliases(of: key).map { "\($0.form.rawValue)=\($0.alias)" } }
        #expect(aliases("new_checkout") == [
            "exact=new_checkout", "camelCase=newCheckout", "PascalCase=NewCheckout",
            "SCREAMING_SNAKE_CASE=NEW_CHECKOUT", "kebab-case=new-checkout",
        ])
        #expect(aliases("newCheckout") == [
            "exact=newCheckout", "snake_case=new_checkout", "PascalCase=NewCheckout",
            "SCREAMING_SNAKE_CASE=NEW_CHECKOUT", "kebab-case=new-checkout",
        ])
        #expect(aliases("api_v2-HTTPServer") == [
            "exact=api_v2-HTTPServer", "snake_case=api_v2_http_server", "camelCase=apiV2HttpServer",
            "PascalCase=ApiV2HttpServer", "SCREAMING_SNAKE_CASE=API_V2_HTTP_SERVER", "kebab-case=api-v2-http-server",
        ])
        #expect(aliases("checkout") == ["exact=checkout", "PascalCase=Checkout", "SCREAMING_SNAKE_CASE=CHECKOUT"])
        for unsearchable in ["beta banner", "a.b", "-lead", "trail-", "__", "", "naïve"] {
            #expect(aliases(unsearchable) == [], "\(unsearchable)")
        }
    }

    /// `(line, alias)` of each hit of `keys` in `text`.
    func hits(_ text: String, keys: [String] = ["new_checkout"]) -> [String] {
        let matcher = TokenMatcher(table: AliasTable(keys: keys))
        var bytes = Array(text.utf8)
        bytes.append(0)  // never read: only so that an empty text still has a base address
        return bytes.withUnsafeBufferPointer { buffer in
            matcher.hits(in: buffer.baseAddress!, count: buffer.count - 1).map { "\($0.line):\($0.alias)" }
        }
    }

    @Test func wholeWordsOnly() {
        #expect(hits("new_checkout") == ["1:new_checkout"])
        #expect(hits("new_checkout_v2 renewCheckout NewCheckouts xnew_checkout new_checkout2 _new_checkout") == [])
        #expect(hits("a.new_checkout(b)/NewCheckout;\"NEW_CHECKOUT\"") == ["1:new_checkout"])
        #expect(hits("x\n\nNEW_CHECKOUT\r\n  newCheckout") == ["3:NEW_CHECKOUT", "4:newCheckout"])
        // Beyond ASCII is no word character: a boundary.
        #expect(hits("é new-checkout→") == ["1:new-checkout"])
        #expect(hits("") == [])
    }

    @Test func dashesAroundAndInsideTokens() {
        // A dash bounds the names without one...
        #expect(hits("btn-new_checkout-x") == ["1:new_checkout"])
        #expect(hits("--newCheckout") == ["1:newCheckout"])
        // ...but the kebab spelling is the whole token, leading and trailing dashes aside.
        #expect(hits("new-checkout-v2 x-new-checkout new--checkout") == [])
        #expect(hits("--new-checkout\n--new-checkout-\n-new-checkout") == ["1:new-checkout", "2:new-checkout", "3:new-checkout"])
        #expect(hits("---") == [])
        // A key with a dash: its own spelling is kebab, the others bounded by dashes as usual.
        #expect(hits("dark-mode dark-mode-x x-dark_mode-y", keys: ["dark-mode"]) == ["1:dark-mode"])
        #expect(hits("dark-mode-x\nx-dark_mode-y", keys: ["dark-mode"]) == ["2:dark_mode"])
    }

    @Test func oneHitPerKeyAndLineAndOnePerKeySharingAnAlias() {
        #expect(hits("new_checkout new_checkout NEW_CHECKOUT") == ["1:new_checkout"])
        // Two flags whose spellings meet: each is referenced.
        let table = AliasTable(keys: ["new_checkout", "newCheckout"])
        let matcher = TokenMatcher(table: table)
        let text = Array("NewCheckout".utf8)
        let found = text.withUnsafeBufferPointer { matcher.hits(in: $0.baseAddress!, count: $0.count) }
        #expect(found.map { table.keys[$0.key] } == ["new_checkout", "newCheckout"])
        #expect(found.map(\.form) == [.pascal, .pascal])
    }

    @Test func skippedPathsByDirectoryAndName() {
        let expectations: [(String, CodeReferenceSkip?)] = [
            ("vendor/a.go", .vendored), ("web/node_modules/x/index.js", .vendored), ("third_party/lib.c", .vendored),
            ("ios/Pods/A.swift", .vendored), (".build/checkouts/x.swift", .vendored), ("web/dist/app.js", .vendored),
            ("build/out.txt", .vendored), ("app.min.js", .generated), ("Cargo.lock", .generated),
            ("web/package-lock.json", .generated), ("Package.resolved", .generated), ("api/x.pb.go", .generated),
            ("flags_generated.go", .generated), ("Flags.generated.swift", .generated),
            ("src/vendor.go", nil), ("src/builder/x.go", nil), ("src/main.js", nil), ("lockfile.md", nil),
        ]
        for (path, reason) in expectations {
            #expect(SkippedPaths.reason(for: path) == reason, "\(path)")
        }
    }
}
