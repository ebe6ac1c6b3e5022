@testable import FlagModel
import Testing

/// Retiring a flag (issue 16): the document without it, nothing else changed.
@Suite struct FlagRemovalTests {
    @Test func aNativeFlagLosesItsDefinitionAndValueOnly() throws {
        let doc = try FeatureFlagDocument(parsing: #"{"version":"1","flags":{"a":{"name":"A"},"b":{"name":"B"}},"values":{"a":{"enabled":false},"b":{"enabled":true,"n":1.50}}}"#)
        let removed = try doc.removingFlag("a")
        #expect(removed.diff.map(\.description) == ["flags.a: removed", "values.a: removed"])
        #expect(removed.document.serialized(pretty: false) == #"{"version":"1","flags":{"b":{"name":"B"}},"values":{"b":{"enabled":true,"n":1.50}}}"#)
        #expect(throws: FlagEditError.unknownFlag("zz", known: ["a", "b"])) { try doc.removingFlag("zz") }
    }

    @Test func aPowertoolsFeatureIsCutFromTheTextWithItsComma() throws {
        let text = "{\n  \"owner\": \"x\",\n  \"features\": {\n    \"a\": {\"default\": false},\n    \"b\": {\"default\": true}\n  }\n}\n"
        let doc = FeatureFlagDocument(powertools: try JSONParser.parse(text), featuresAt: JSONPath([.key("features")]))
        for (key, expected) in [
            ("a", "{\n  \"owner\": \"x\",\n  \"features\": {\n    \"b\": {\"default\": true}\n  }\n}\n"),
            ("b", "{\n  \"owner\": \"x\",\n  \"features\": {\n    \"a\": {\"default\": false}\n  }\n}\n"),
        ] {
            let removed = try doc.removingFlag(key)
            #expect(removed.diff.map(\.description) == ["features.\(key): removed"])
            let spliced = try #require(removed.document.splicedText(removed.diff, into: Array(text.utf8)))
            #expect(String(decoding: spliced, as: UTF8.self) == expected)
        }
        let lone = FeatureFlagDocument(powertools: try JSONParser.parse(#"{"only": {"default": false}}"#))
        let removed = try lone.removingFlag("only")
        #expect(removed.document.splicedText(removed.diff, into: Array(#"{"only": {"default": false}}"#.utf8)).map {
            String(decoding: $0, as: UTF8.self)
        } == "{}")
    }
}
