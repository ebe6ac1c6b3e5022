@testable import FlagModel
import Testing

/// Byte-exact edits of JSON text (Powertools documents keep every untouched byte).
@Suite struct JSONSpliceTests {
    static func splice(_ text: String, _ edits: [(JSONPath, JSONValue)]) -> String? {
        JSONSplice.replacing(edits.map { (path: $0.0, value: $0.1) }, in: Array(text.utf8))
            .map { String(decoding: $0, as: UTF8.self) }
    }

    @Test func replacesOnlyTheNamedValues() {
        let text = "{ \"a\" :1.50,\n  \"b\": {\"x\": [true, {\"y\": \"s}]\"}], \"z\":  false }, \"c\":null}"
        let out = Self.splice(text, [(JSONPath([.key("b"), .key("z")]), .bool(true)),
                                     (JSONPath([.key("b"), .key("x"), .index(1), .key("y")]), .string("t"))])
        #expect(out == "{ \"a\" :1.50,\n  \"b\": {\"x\": [true, {\"y\": \"t\"}], \"z\":  true }, \"c\":null}")
    }

    @Test func keysWithEscapesAndWholeObjectsAreFound() {
        let text = #"{"a\"b": {"k": 1}, "é": [1, 2]}"#
        #expect(Self.splice(text, [(JSONPath([.key("a\"b")]), ["k": 2])]) == #"{"a\"b": {"k":2}, "é": [1, 2]}"#)
        #expect(Self.splice(text, [(JSONPath([.key("é"), .index(1)]), 3)]) == #"{"a\"b": {"k": 1}, "é": [1, 3]}"#)
    }

    @Test func aPathThatNamesNothingOrOverlappingEditsGiveNil() {
        let text = #"{"a": {"b": 1}}"#
        #expect(Self.splice(text, [(JSONPath([.key("a"), .key("c")]), 1)]) == nil)
        #expect(Self.splice(text, [(JSONPath([.key("a"), .index(0)]), 1)]) == nil)
        #expect(Self.splice(text, [(JSONPath([.key("a")]), 1), (JSONPath([.key("a"), .key("b")]), 2)]) == nil)
    }
}
