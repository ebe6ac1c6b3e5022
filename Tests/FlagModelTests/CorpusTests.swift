import Testing
@testable import FlagModel

@Suite struct CorpusTests {
    @Test(arguments: ["example.json", "empty.json", "multivariant.json", "unicode.json", "numbers.json"])
    func validDocumentsValidateAndRoundTrip(name: String) throws {
        let text = try Fixture.text(name)
        let doc = try FeatureFlagDocument(parsing: text)
        #expect(doc.validate().map(\.description) == [])
        let compact = doc.json.serialized()
        let pretty = doc.json.serialized(pretty: true)
        #expect(try JSONParser.parse(compact) == doc.json)
        #expect(try JSONParser.parse(pretty) == doc.json)
        #expect(try JSONParser.parse(pretty).serialized(pretty: true) == pretty)
    }

    @Test func exampleTypedView() throws {
        let doc = try Fixture.document("example.json")
        #expect(doc.version == "1")
        #expect(doc.flagKeys == ["new_checkout", "search_backend", "ui_theme"])
        #expect(doc.definition("new_checkout")?.isShortTerm == true)
        #expect(doc.definition("new_checkout")?.deprecation?.date == "2026-03-31")
        let search = try #require(doc.definition("search_backend"))
        #expect(search.attributes.map(\.key) == ["engine", "timeout_ms", "regions", "shard_weights", "verbose"])
        #expect(search.attributes.map { $0.constraint?.displayType } == ["string", "number", "string[]", "number[]", "boolean"])
        #expect(search.attribute("engine")?.constraint?.required == true)
        #expect(doc.value("search_backend")?.attributeValue("timeout_ms") == 800)
        let theme = try #require(doc.value("ui_theme"))
        #expect(theme.isMultiVariant)
        #expect(theme.variants?.map(\.name) == ["BetaTesters", "TenPercent", "Default"])
        #expect(theme.variants?.last?.rule == nil)
        #expect(theme.variants?.first?.attributeValues["theme"] == "dark")
    }

    @Test func numbersFixtureKeepsEveryText() throws {
        let text = try Fixture.text("numbers.json")
        let doc = try FeatureFlagDocument(parsing: text)
        #expect(doc.json.serialized() + "\n" == text)
        #expect(doc.value("nums")?.attributeValue("a")?.serialized() == "[0.1,1e3,1E+300,-0,12345678901234567890123,0,-1.5e-7]")
    }

    @Test func unicodeFixture() throws {
        let doc = try Fixture.document("unicode.json")
        #expect(doc.definition("greeting")?.name == "Grüße 👋 你好")
        #expect(doc.definition("greeting")?.description == "tab\there \"quoted\" back\\slash é 🚀 中文 line\nbreak \u{1} //")
        let text = try #require(doc.value("greeting")?.attributeValue("text")?.stringValue)
        #expect(text == "こんにちは 🌍 🎉 zwj 👩‍👩‍👧 e\u{301}")
        // The decomposed é must survive as two scalars, not be normalised.
        #expect(text.unicodeScalars.suffix(2).map(\.value) == [0x65, 0x301])
        #expect(doc.json.serialized().contains(#""description":"tab\there \"quoted\" back\\slash é 🚀 中文 line\nbreak \u0001 //""#))
    }

    @Test(arguments: [
        ("invalid-version.json", [#"$.version: expected "1", got number 1"#]),
        ("invalid-keys.json", [
            #"$.flags.Bad-Key: flag key must match ^[a-z][a-zA-Z\d_-]{0,63}$"#,
            "$.flags.good.owner: key not allowed here (allowed: name, description, _deprecation, attributes, _createdAt, _updatedAt)",
            #"$.values.good.enabled: expected boolean, got string "yes""#,
            "$.values.orphan: value has no flag definition (no $.flags.orphan)",
            "$.extra: key not allowed here (allowed: version, flags, values)",
        ]),
        ("invalid-constraints.json", [
            "$.values.search_backend.timeout_ms: 9000 is greater than the maximum 5000",
            #"$.values.search_backend.regions[1]: "eu_west" does not match ^[a-z]{2}-[a-z]+-[0-9]$"#,
            #"$.values.search_backend.verbose: expected boolean, got string "no""#,
            #"$.values.search_backend.colour: attribute "colour" is not defined in $.flags.search_backend.attributes"#,
            #"$.values.search_backend: required attribute "engine" is missing"#,
        ]),
    ])
    func invalidDocumentsReportEveryProblem(name: String, expected: [String]) throws {
        #expect(try Fixture.document(name).validate().map(\.description) == expected)
    }

    @Test(arguments: [
        ("invalid-duplicate.json", #"3:26: $.values.a.enabled: duplicate key "enabled""#),
        ("invalid-trailing.json", "1:17: $: unexpected content after the JSON value"),
    ])
    func unparsableDocuments(name: String, expected: String) throws {
        #expect(parseError(try Fixture.text(name)) == expected)
    }
}
