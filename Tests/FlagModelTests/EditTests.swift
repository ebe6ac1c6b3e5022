import Testing
@testable import FlagModel

@Suite struct EditTests {
    @Test func toggleChangesOnlyThatValue() throws {
        let original = try Fixture.document("example.json")
        let (doc, diff) = try original.setEnabled(flag: "new_checkout", to: false)
        #expect(diff.map(\.description) == ["values.new_checkout.enabled: true → false"])
        let expected = original.json.serialized(pretty: true)
            .replacingOccurrences(of: "\"new_checkout\": {\n      \"enabled\": true", with: "\"new_checkout\": {\n      \"enabled\": false")
        #expect(expected != original.json.serialized(pretty: true))
        #expect(doc.json.serialized(pretty: true) == expected)
    }

    @Test func settingTheCurrentValueIsNoChange() throws {
        let original = try Fixture.document("example.json")
        let (doc, diff) = try original.setEnabled(flag: "new_checkout", to: true)
        #expect(diff.isEmpty)
        #expect(doc == original)
    }

    @Test func keepsNumberTextAndOrderElsewhere() throws {
        let text = try Fixture.text("numbers.json")
        let doc = try FeatureFlagDocument(parsing: text)
        let (edited, diff) = try doc.setEnabled(flag: "nums", to: true)
        #expect(diff.map(\.description) == ["values.nums.enabled: false → true"])
        #expect(edited.json.serialized() + "\n" == text.replacingOccurrences(of: #""enabled":false"#, with: #""enabled":true"#))
    }

    @Test func createsMissingValueEntry() throws {
        let doc = try FeatureFlagDocument(parsing: #"{"version":"1","flags":{"a":{}}}"#)
        let (edited, diff) = try doc.setEnabled(flag: "a", to: true)
        #expect(diff.map(\.description) == ["values.a.enabled: (absent) → true"])
        #expect(edited.json.serialized() == #"{"version":"1","flags":{"a":{}},"values":{"a":{"enabled":true}}}"#)
        #expect(edited.validate().isEmpty)
    }

    @Test func multiVariantNeedsAVariantName() throws {
        let doc = try Fixture.document("example.json")
        #expect(throws: FlagEditError.variantRequired(flag: "ui_theme", variants: ["BetaTesters", "TenPercent", "Default"])) {
            try doc.setEnabled(flag: "ui_theme", to: false)
        }
        #expect(FlagEditError.variantRequired(flag: "new_checkout", variants: ["a", "b"]).description
            == "new_checkout has variants (a, b); name the variant to change (a disable without a variant switches every variant off)")
        let (edited, diff) = try doc.setEnabled(flag: "ui_theme", to: false, variant: "TenPercent")
        #expect(diff.map(\.description) == ["values.ui_theme._variants[1].enabled: true → false (variant TenPercent)"])
        #expect(edited.value("ui_theme")?.variants?.map(\.enabled) == [true, false, false])
    }

    @Test func editErrorsAreClear() throws {
        let doc = try Fixture.document("example.json")
        func message(_ body: () throws -> Void) -> String {
            do { try body(); return "ok" } catch { return "\(error)" }
        }
        #expect(message { _ = try doc.setEnabled(flag: "nope", to: true) } == #"no flag "nope" in the document (flags: new_checkout, search_backend, ui_theme)"#)
        #expect(message { _ = try doc.setEnabled(flag: "ui_theme", to: true, variant: "X") } == #"ui_theme has no variant "X" (variants: BetaTesters, TenPercent, Default)"#)
        #expect(message { _ = try doc.setEnabled(flag: "new_checkout", to: true, variant: "X") } == #"new_checkout has no variants, so there is no variant "X" to change"#)
        #expect(message { _ = try doc.setAttribute(flag: "search_backend", name: "colour", value: "red") } == #"search_backend has no attribute "colour" (attributes: engine, timeout_ms, regions, shard_weights, verbose)"#)
        #expect(message { _ = try doc.setAttribute(flag: "new_checkout", name: "x", value: 1) } == #"new_checkout has no attribute "x" (it defines none)"#)
        #expect(message { _ = try doc.setAttribute(flag: "search_backend", name: "engine", value: "elastic") } == #"invalid value for search_backend.engine: "elastic" is not one of "opensearch", "solr", "legacy""#)
        #expect(message { _ = try doc.setAttribute(flag: "search_backend", name: "timeout_ms", value: 10) } == "invalid value for search_backend.timeout_ms: 10 is less than the minimum 50")
        #expect(message { _ = try doc.setAttribute(flag: "search_backend", name: "regions", value: ["us-east-1", "EU"]) } == #"invalid value for search_backend.regions: "EU" does not match ^[a-z]{2}-[a-z]+-[0-9]$"#)
    }

    @Test func setAttribute() throws {
        let doc = try Fixture.document("example.json")
        let (edited, diff) = try doc.setAttribute(flag: "search_backend", name: "timeout_ms", value: 1200)
        #expect(diff.map(\.description) == ["values.search_backend.timeout_ms: 800 → 1200"])
        #expect(edited.value("search_backend")?.attributeValues.map(\.key) == ["engine", "timeout_ms", "regions", "shard_weights", "verbose"])
        let (v, vdiff) = try doc.setAttribute(flag: "ui_theme", name: "theme", value: "dark", variant: "Default")
        #expect(vdiff.map(\.description) == [#"values.ui_theme._variants[2].attributeValues.theme: "classic" → "dark" (variant Default, the default)"#])
        #expect(v.validate().isEmpty)
    }

    // MARK: - every variant off

    @Test func disableAllVariantsChangesExactlyTheEnabledLeavesThatWereOn() throws {
        let original = try Fixture.document("example.json")
        let (doc, diff) = try original.disableAllVariants(flag: "ui_theme")
        // The default (last, no rule) is already off: no diff for it.
        #expect(diff.map(\.description) == [
            "values.ui_theme._variants[0].enabled: true → false (variant BetaTesters)",
            "values.ui_theme._variants[1].enabled: true → false (variant TenPercent)",
        ])
        #expect(doc.value("ui_theme")?.variants?.map(\.enabled) == [false, false, false])
        // Byte-identical but for those two values: names, rules, attribute values, key order.
        let before = original.json.serialized(pretty: true).split(separator: "\n", omittingEmptySubsequences: false)
        let after = doc.json.serialized(pretty: true).split(separator: "\n", omittingEmptySubsequences: false)
        #expect(before.count == after.count)
        let changed = zip(before, after).filter { $0 != $1 }
        #expect(changed.count == 2)
        #expect(changed.allSatisfy { $0.0.contains(#""enabled": true"#) && $0.1 == $0.0.replacingOccurrences(of: "true", with: "false") })
        #expect(doc.validate() == original.validate())
        #expect(doc.value("new_checkout") == original.value("new_checkout"))
    }

    @Test func disableAllVariantsTurnsOffTheDefaultAndATopLevelEnabledAndKeepsTheTextElsewhere() throws {
        // Compact text with odd number spellings and keys in no particular order: only the
        // three `true`s of the flag change.
        let text = #"{"values":{"exp":{"_updatedAt":"2026-01-02T03:04:05.678Z","enabled":true,"_variants":[{"rule":"(split by::$userId pct::1.50)","enabled":true,"name":"A","attributeValues":{"w":1.0E2}},{"attributeValues":{"w":-0.0},"name":"Fallback","enabled":true}]},"other":{"enabled":true,"n":10.50}},"version":"1","flags":{"exp":{"name":"Exp","attributes":{"w":{"constraints":{"type":"number"}}}},"other":{"name":"Other"}}}"#
        let doc = try FeatureFlagDocument(parsing: text)
        let (edited, diff) = try doc.disableAllVariants(flag: "exp")
        #expect(diff.map(\.description) == [
            "values.exp.enabled: true → false",
            "values.exp._variants[0].enabled: true → false (variant A)",
            "values.exp._variants[1].enabled: true → false (variant Fallback, the default)",
        ])
        let expected = text
            .replacingOccurrences(of: #""_updatedAt":"2026-01-02T03:04:05.678Z","enabled":true"#, with: #""_updatedAt":"2026-01-02T03:04:05.678Z","enabled":false"#)
            .replacingOccurrences(of: #"pct::1.50)","enabled":true"#, with: #"pct::1.50)","enabled":false"#)
            .replacingOccurrences(of: #""name":"Fallback","enabled":true"#, with: #""name":"Fallback","enabled":false"#)
        #expect(expected != text)
        #expect(edited.json.serialized() == expected)
        #expect(edited.value("exp")?.defaultVariantIndex == 1)
    }

    @Test func disableAllVariantsWhenAlreadyOffIsNoChangeAndItIsOnlyForMultiVariantFlags() throws {
        let doc = try Fixture.document("example.json")
        let (off, _) = try doc.disableAllVariants(flag: "ui_theme")
        let (again, diff) = try off.disableAllVariants(flag: "ui_theme")
        #expect(diff.isEmpty)
        #expect(again == off)
        #expect(throws: FlagEditError.noVariants(flag: "new_checkout")) { try doc.disableAllVariants(flag: "new_checkout") }
        #expect(FlagEditError.noVariants(flag: "new_checkout").description
            == "new_checkout has no variants to switch off (it is not a multi-variant flag)")
        #expect(throws: FlagEditError.unknownFlag("nope", known: ["new_checkout", "search_backend", "ui_theme"])) {
            try doc.disableAllVariants(flag: "nope")
        }
        // No variant without a rule last: none is "the default".
        let ruled = try FeatureFlagDocument(parsing: #"{"version":"1","values":{"f":{"_variants":[{"name":"a","enabled":true,"rule":"(eq $x 1)"}]}}}"#)
        #expect(ruled.value("f")?.defaultVariantIndex == nil)
        #expect(try ruled.disableAllVariants(flag: "f").diff.map(\.description) == ["values.f._variants[0].enabled: true → false (variant a)"])
    }
}
