import Testing
@testable import FlagModel

@Suite struct PowertoolsEnvelopeTests {
    typealias H = PowertoolsTestHelp

    func error(_ expression: String) -> String? {
        do { _ = try PowertoolsEnvelope(parsing: expression); return nil } catch { return error.description }
    }

    @Test func supportedExpressions() throws {
        #expect(try PowertoolsEnvelope(parsing: "features").path == JSONPath([.key("features")]))
        #expect(try PowertoolsEnvelope(parsing: "config.flags").path == JSONPath([.key("config"), .key("flags")]))
        #expect(try PowertoolsEnvelope(parsing: #""my-app".features"#).path == JSONPath([.key("my-app"), .key("features")]))
        #expect(try PowertoolsEnvelope(parsing: #" config . "a\"b\u0021" "#).path == JSONPath([.key("config"), .key("a\"b!")]))
        #expect(try PowertoolsEnvelope(parsing: "_x1.Y_2").path.description == "$._x1.Y_2")
        // Powertools treats envelope="" as no envelope.
        #expect(try PowertoolsEnvelope(parsing: "").path == .root)
        #expect(try PowertoolsEnvelope(parsing: "config.flags").description == "config.flags")
    }

    @Test func unsupportedExpressionsNameThePosition() {
        #expect(error("features[0]") == #"envelope "features[0]", column 9: indexes, slices, projections and filters are not supported; flagdeck supports dot-separated names such as config.flags or "my-app".features"#)
        #expect(error("a.*")?.hasPrefix(#"envelope "a.*", column 3: wildcards are not supported"#) == true)
        #expect(error("a | b")?.contains("column 3: pipes are not supported") == true)
        #expect(error("keys(@)")?.contains("column 5: functions are not supported") == true)
        #expect(error("a.")?.contains(#"column 3: expected an identifier after ".""#) == true)
        #expect(error("a..b")?.contains(#"column 3: expected an identifier, got ".""#) == true)
        #expect(error("my-app")?.contains(#"column 3: unexpected "-""#) == true)
        #expect(error("1abc")?.contains("column 1: an identifier cannot start with a digit") == true)
        #expect(error(#""open"#)?.contains("column 1: unterminated quoted identifier") == true)
        #expect(error(#""\q""#)?.contains("column 1: invalid escape in quoted identifier") == true)
        #expect(error("`x`")?.contains("column 1: literals are not supported") == true)
        #expect(error("a b")?.contains(#"column 3: unexpected "b""#) == true)
    }

    @Test func extraction() throws {
        let doc = H.json(#"{"config":{"flags":{"f":{"default":true}},"list":[1],"none":null},"my-app":{"features":{}}}"#)
        #expect(try PowertoolsEnvelope(parsing: "config.flags").extract(from: doc) == H.json(#"{"f":{"default":true}}"#))
        #expect(try PowertoolsEnvelope(parsing: #""my-app".features"#).extract(from: doc) == H.json("{}"))
        #expect(try PowertoolsEnvelope(parsing: "config.list").extract(from: doc) == H.json("[1]"))
        // Missing, null, or a step through a non-object: JMESPath yields null.
        #expect(try PowertoolsEnvelope(parsing: "config.nope").extract(from: doc) == nil)
        #expect(try PowertoolsEnvelope(parsing: "config.none").extract(from: doc) == nil)
        #expect(try PowertoolsEnvelope(parsing: "config.list.x").extract(from: doc) == nil)
        #expect(try PowertoolsEnvelope(parsing: "").extract(from: doc) == doc)
    }

    @Test func keysMatchByCodePointAsInJMESPath() throws {
        let doc = JSONValue.object(JSONObject([JSONObject.Member(key: "cafe\u{301}", value: ["f": ["default": true]])]))
        #expect(try PowertoolsEnvelope(parsing: #""caf\u00e9""#).extract(from: doc) == nil)
        #expect(try PowertoolsEnvelope(parsing: #""cafe\u0301""#).extract(from: doc) == ["f": ["default": true]])
    }
}
