import Testing
@testable import FlagModel

@Suite struct JSONParserTests {
    @Test func parsesScalarsAndKeepsOrder() throws {
        let v = try JSONParser.parse(#" {"b": 1, "a": [true, false, null], "c": "x"} "#)
        #expect(v.objectValue?.keys == ["b", "a", "c"])
        #expect(v["a"] == [true, false, nil])
        #expect(v.serialized() == #"{"b":1,"a":[true,false,null],"c":"x"}"#)
    }

    @Test func prettyUsesTwoSpacesAndCompactEmptyContainers() throws {
        let v = try JSONParser.parse(#"{"a":{},"b":[],"c":[1,{"d":"e"}]}"#)
        #expect(v.serialized(pretty: true) == """
            {
              "a": {},
              "b": [],
              "c": [
                1,
                {
                  "d": "e"
                }
              ]
            }
            """)
    }

    @Test(arguments: [
        ("0.1", "0.1"), ("1e3", "1e3"), ("1E+300", "1E+300"), ("-0", "-0"),
        ("12345678901234567890123", "12345678901234567890123"), ("-1.5e-7", "-1.5e-7"),
    ])
    func numbersKeepTheirText(input: String, expected: String) throws {
        let v = try JSONParser.parse("[\(input)]")
        #expect(v.serialized() == "[\(expected)]")
    }

    @Test func numberHelpers() throws {
        #expect(JSONNumber(text: "1e3")?.intValue == 1000)
        #expect(JSONNumber(text: "800.0")?.intValue == 800)
        #expect(JSONNumber(text: "0.5")?.intValue == nil)
        #expect(JSONNumber(text: "12345678901234567890123")?.intValue == nil)
        #expect(JSONNumber(text: "12345678901234567890123")?.doubleValue == 1.2345678901234568e22)
        #expect(JSONNumber(text: "1E+300")?.doubleValue == 1e300)
        #expect(JSONNumber(text: "0.1")?.decimalValue?.description == "0.1")
        #expect(JSONNumber(text: "-0")?.intValue == 0)
        #expect(JSONNumber(text: "01") == nil)
        #expect(JSONNumber(text: "1.") == nil)
        #expect(JSONNumber(text: "1.0")!.isIntegral)
        #expect(!JSONNumber(text: "0.5")!.isIntegral)
    }

    @Test func exactNumericComparison() throws {
        func n(_ s: String) -> JSONNumber { JSONNumber(text: s)! }
        #expect(n("800").compare(n("8e2")) == .orderedSame)
        #expect(n("-0").compare(n("0")) == .orderedSame)
        #expect(n("12345678901234567890123").compare(n("12345678901234567890124")) == .orderedAscending)
        #expect(n("0.1").compare(n("0.10000000000000001")) == .orderedAscending)
        #expect(n("-5").compare(n("-50")) == .orderedDescending)
        #expect(n("1E+300").compare(n("1e299")) == .orderedDescending)
        #expect(n("49.999").compare(n("50")) == .orderedAscending)
    }

    @Test func stringsAndEscapes() throws {
        #expect(try JSONParser.parse(#""a\"b\\c\/d\n\t\b\f\r""#) == .string("a\"b\\c/d\n\t\u{8}\u{C}\r"))
        #expect(try JSONParser.parse(#""\u00e9\ud83d\ude80""#) == .string("é🚀"))
        #expect(try JSONParser.parse("\"\u{1F30D} 中文\"") == .string("🌍 中文"))
        // Minimal re-escaping: quote, backslash, controls; non-ASCII and '/' stay as they are.
        #expect(JSONValue.string("a\"\\/é\u{1}\n").serialized() == #""a\"\\/é\u0001\n""#)
    }

    @Test(arguments: [
        ("", "1:1: $: empty input"),
        ("  ", "1:3: $: empty input"),
        (#"{"a":1,}"#, "1:8: $: trailing comma before '}'"),
        ("[1,2,]", "1:6: $: trailing comma before ']'"),
        ("[01]", "1:2: $[0]: leading zeros are not allowed in numbers"),
        ("[-]", "1:3: $[0]: invalid number: expected a digit after '-'"),
        ("[1.]", "1:4: $[0]: invalid number: expected a digit after '.'"),
        ("[1e+]", "1:5: $[0]: invalid number: expected a digit in the exponent"),
        (#"{"a": // c"#, "1:7: $.a: comments are not allowed in JSON"),
        (#"{"version":"1"} x"#, "1:17: $: unexpected content after the JSON value"),
        (#"{"a":1}{"#, "1:8: $: unexpected content after the JSON value"),
        (#"{"a" 1}"#, "1:6: $: unexpected character '1', expected ':'"),
        (#"{"a":1 "b":2}"#, "1:8: $: unexpected character '\"', expected ',' or '}'"),
        ("{'a':1}", "1:2: $: unexpected character ''', expected a string key"),
        ("[tru]", "1:2: $[0]: unexpected character 't', expected a value"),
        ("[1", "1:3: $: unexpected end of input"),
        (#"{"a":"x"#, "1:8: $.a: unexpected end of input"),
        (#"["\x"]"#, "1:3: $[0]: invalid escape '\\x'"),
        (#"["\u12G4"]"#, "1:3: $[0]: invalid escape '\\u' needs four hex digits"),
        (#"["\ud800"]"#, "1:3: $[0]: lone surrogate \\uD800 in string"),
        (#"["\ud800\u0041"]"#, "1:3: $[0]: lone surrogate \\uD800 in string"),
        (#"["\udc00"]"#, "1:3: $[0]: lone surrogate \\uDC00 in string"),
        ("[\"a\tb\"]", "1:4: $[0]: unescaped control character U+0009 in string"),
        ("{\"version\":\"1\",\n \"values\": {\n  \"a\": {\"enabled\": true, \"enabled\": false}}}",
         "3:26: $.values.a.enabled: duplicate key \"enabled\""),
        ("\n\n  [é]", "3:4: $[0]: unexpected character 'é' (U+00E9), expected a value"),
        ("[\"é\" x]", "1:6: $: unexpected character 'x', expected ',' or ']'"),
    ])
    func rejectsWithExactMessage(input: String, expected: String) {
        #expect(parseError(input) == expected)
    }

    @Test func rejectsInvalidUTF8() {
        let bytes: [UInt8] = [0x5B, 0x22, 0xC3, 0x28, 0x22, 0x5D] // ["\xC3("]
        #expect(throws: JSONParseError.self) { try JSONParser.parse(bytes) }
        do { _ = try JSONParser.parse(bytes) } catch { #expect(error.description == "1:2: $[0]: invalid UTF-8 in string") }
    }

    @Test func depthLimit() {
        let ok = String(repeating: "[", count: 512) + String(repeating: "]", count: 512)
        #expect(parseError(ok) == "ok")
        let deep = String(repeating: "[", count: 513) + String(repeating: "]", count: 513)
        #expect(parseError(deep).hasSuffix(": nesting deeper than 512 levels"))
        #expect(parseError(deep).hasPrefix("1:513: $"))
    }

    @Test func byteOrderMarkIsIgnored() throws {
        #expect(try JSONParser.parse("\u{FEFF}{\"a\":1}") == ["a": 1])
    }

    @Test func pathRendering() {
        let p = JSONPath([.key("values"), .key("a b"), .index(2), .key("Bad-Key"), .key("1x")])
        #expect(p.description == #"$.values["a b"][2].Bad-Key["1x"]"#)
        #expect(JSONPath([.key("values"), .key("x"), .key("enabled")]).relative == "values.x.enabled")
    }

    @Test func codableKeepsText() throws {
        let v = try JSONParser.parse(#"{"z":1.50,"a":[1E+300]}"#)
        let data = try JSONEncoder().encode(v)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data) == v)
        #expect(try JSONDecoder().decode(JSONValue.self, from: data).serialized() == #"{"z":1.50,"a":[1E+300]}"#)
    }

    @Test func tenMegabyteInputParses() throws {
        var s = #"{"version":"1","values":{"#
        var i = 0
        while s.utf8.count < 10_000_000 {
            if i > 0 { s += "," }
            s += #""flag_\#(i)":{"enabled":\#(i % 2 == 0),"n":\#(i).25,"s":"\u00e9x\#(i)"}"#
            i += 1
        }
        s += "}}"
        let v = try JSONParser.parse(s)
        #expect(v["values"]?.objectValue?.count == i)
        #expect(v["values"]?["flag_7"]?["s"] == "éx7")
        // Truncating a 10 MB document anywhere must give an error, never a crash.
        let truncated = String(s.dropLast())
        #expect(parseError(truncated) == "1:\(truncated.unicodeScalars.count + 1): $: unexpected end of input")
    }
}

import Foundation
