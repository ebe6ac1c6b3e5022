import Testing
@testable import FlagModel

@Suite struct ValidationTests {
    func doc(flags: String = "{}", values: String = "{}") -> String {
        #"{"version":"1","flags":\#(flags),"values":\#(values)}"#
    }

    @Test func keyPattern() {
        #expect(isValidFlagKey("a"))
        #expect(isValidFlagKey("new_checkout-V2"))
        #expect(isValidFlagKey("a" + String(repeating: "b", count: 63)))
        #expect(!isValidFlagKey("a" + String(repeating: "b", count: 64)))
        #expect(!isValidFlagKey(""))
        #expect(!isValidFlagKey("New"))
        #expect(!isValidFlagKey("_x"))
        #expect(!isValidFlagKey("1x"))
        #expect(!isValidFlagKey("a.b"))
        #expect(!isValidFlagKey("aé"))
    }

    @Test func topLevel() throws {
        #expect(try problems("[]") == ["$: expected object, got array"])
        #expect(try problems("{}") == [#"$: missing required key "version""#])
        #expect(try problems(#"{"version":"2"}"#) == [#"$.version: expected "1", got string "2""#])
        #expect(try problems(#"{"version":"1","flags":[]}"#) == ["$.flags: expected object, got array"])
    }

    @Test func definitionRules() throws {
        let long = String(repeating: "x", count: 65)
        #expect(try problems(doc(flags: #"{"a":{"name":"\#(long)"}}"#)) == ["$.flags.a.name: must be 1 to 64 characters without line breaks"])
        #expect(try problems(doc(flags: #"{"a":{"name":"x\ny"}}"#)) == ["$.flags.a.name: must be 1 to 64 characters without line breaks"])
        #expect(try problems(doc(flags: #"{"a":{"name":""}}"#)) == ["$.flags.a.name: must be 1 to 64 characters without line breaks"])
        #expect(try problems(doc(flags: #"{"a":{"name":"\#(String(repeating: "é", count: 64))"}}"#)) == [])
        #expect(try problems(doc(flags: #"{"a":{"_deprecation":{"status":"done","date":"2026-02-30","x":1}}}"#)) == [
            #"$.flags.a._deprecation.status: expected "planned", got string "done""#,
            #"$.flags.a._deprecation.date: expected a date YYYY-MM-DD, got string "2026-02-30""#,
            "$.flags.a._deprecation.x: key not allowed here (allowed: status, date)",
        ])
        #expect(try problems(doc(flags: #"{"a":{"_deprecation":{"status":"planned","date":"2028-02-29"}}}"#)) == [])
    }

    @Test func constraintDefinitionRules() throws {
        func c(_ json: String) throws -> [String] { try problems(doc(flags: #"{"a":{"attributes":{"x":{"constraints":\#(json)}}}}"#)) }
        #expect(try c(#"{"type":"string[]"}"#) == [#"$.flags.a.attributes.x.constraints.type: expected one of "string", "number", "boolean", "array", got string "string[]""#])
        #expect(try c(#"{"required":true}"#) == [#"$.flags.a.attributes.x.constraints: missing required key "type""#])
        #expect(try c(#"{"type":"number","minimum":0.5}"#) == ["$.flags.a.attributes.x.constraints.minimum: expected integer, got number 0.5"])
        #expect(try c(#"{"type":"number","minimum":1.0,"maximum":1e3}"#) == [])
        #expect(try c(#"{"type":"string","pattern":"a","enum":["a"]}"#) == ["$.flags.a.attributes.x.constraints: pattern and enum cannot both be set"])
        #expect(try c(#"{"type":"string","minimum":1}"#) == ["$.flags.a.attributes.x.constraints.minimum: key not allowed for type string (allowed: type, required, pattern, enum)"])
        #expect(try c(#"{"type":"string","enum":["a",2,true]}"#) == ["$.flags.a.attributes.x.constraints.enum[2]: expected string or integer, got boolean true"])
        #expect(try c(#"{"type":"string","pattern":"(unclosed"}"#).first?.hasPrefix("$.flags.a.attributes.x.constraints.pattern: invalid regular expression:") == true)
        #expect(try c(#"{"type":"array","elements":{"type":"boolean"}}"#) == [#"$.flags.a.attributes.x.constraints.elements.type: expected one of "string", "number", got string "boolean""#])
        #expect(try c(#"{"type":"boolean","required":"yes"}"#) == [#"$.flags.a.attributes.x.constraints.required: expected boolean, got string "yes""#])
        let many = (0..<26).map { #""a\#($0)":{}"# }.joined(separator: ",")
        #expect(try problems(doc(flags: #"{"a":{"attributes":{\#(many)}}}"#)) == ["$.flags.a.attributes: more than 25 attributes (26)"])
    }

    @Test func attributeValueRules() throws {
        let flags = #"""
            {"f":{"attributes":{
              "n":{"constraints":{"type":"number","minimum":50,"maximum":5000}},
              "s":{"constraints":{"type":"string","enum":["a","b"]}},
              "p":{"constraints":{"type":"string","pattern":"^[a-z]+\\d$"}},
              "ns":{"constraints":{"type":"array","elements":{"type":"number","minimum":0,"maximum":100}}},
              "free":{}
            }}}
            """#
        func v(_ attrs: String, enabled: Bool = true) throws -> [String] {
            try problems(doc(flags: flags, values: #"{"f":{"enabled":\#(enabled)\#(attrs)}}"#))
        }
        #expect(try v(#","n":50,"s":"a","p":"ab1","ns":[0,100],"free":"anything""#) == [])
        #expect(try v(#","n":49.999"#) == ["$.values.f.n: 49.999 is less than the minimum 50"])
        #expect(try v(#","n":5000.0001"#) == ["$.values.f.n: 5000.0001 is greater than the maximum 5000"])
        #expect(try v(#","n":"800""#) == [#"$.values.f.n: expected number, got string "800""#])
        #expect(try v(#","s":"c""#) == [#"$.values.f.s: "c" is not one of "a", "b""#])
        #expect(try v(#","p":"ab""#) == [#"$.values.f.p: "ab" does not match ^[a-z]+\d$"#])
        // Patterns search, like JSON Schema; \d is ASCII only.
        #expect(try v(#","p":"ab٣""#) == [#"$.values.f.p: "ab٣" does not match ^[a-z]+\d$"#])
        #expect(try v(#","ns":[1,101,-1]"#) == ["$.values.f.ns[1]: 101 is greater than the maximum 100", "$.values.f.ns[2]: -1 is less than the minimum 0"])
        #expect(try v(#","ns":[]"#) == ["$.values.f.ns: empty array is not allowed (the schema's oneOf rejects [])"])
        #expect(try v(#","ns":[1,"a"]"#) == ["$.values.f.ns: array must hold only strings or only numbers"])
        #expect(try v(#","ns":5"#) == ["$.values.f.ns: expected array, got number 5"])
        #expect(try v(#","free":{"a":1}"#) == ["$.values.f.free: expected string, number, boolean or array, got object"])
        #expect(try v(#","free":"\#(String(repeating: "x", count: 1025))""#) == ["$.values.f.free: string longer than 1024 characters (1025)"])
        #expect(try v(#","Bad":1"#) == [#"$.values.f.Bad: key not allowed here (attribute keys must match ^[a-z][a-zA-Z\d_-]{0,63}$)"#])
        #expect(try v(#","_owner":1"#) == [#"$.values.f._owner: key not allowed here (attribute keys must match ^[a-z][a-zA-Z\d_-]{0,63}$)"#])
    }

    @Test func requiredOnlyWhenEnabled() throws {
        let flags = #"{"f":{"attributes":{"r":{"constraints":{"type":"boolean","required":true}}}}}"#
        #expect(try problems(doc(flags: flags, values: #"{"f":{"enabled":true}}"#)) == [#"$.values.f: required attribute "r" is missing"#])
        #expect(try problems(doc(flags: flags, values: #"{"f":{"enabled":false}}"#)) == [])
        #expect(try problems(doc(flags: flags, values: #"{"f":{"enabled":true,"r":false}}"#)) == [])
    }

    @Test func variantRules() throws {
        let flags = #"{"f":{"attributes":{"r":{"constraints":{"type":"number","required":true,"maximum":3}}}}}"#
        let values = #"""
            {"f":{"_variants":[
              {"name":"a","enabled":true,"attributeValues":{"r":4}},
              {"name":"b","enabled":true},
              {"enabled":"x","colour":1},
              {"name":"d","enabled":false}
            ]}}
            """#
        #expect(try problems(doc(flags: flags, values: values)) == [
            "$.values.f._variants[0].attributeValues.r: 4 is greater than the maximum 3",
            #"$.values.f._variants[1]: required attribute "r" is missing"#,
            #"$.values.f._variants[2]: missing required key "name""#,
            #"$.values.f._variants[2].enabled: expected boolean, got string "x""#,
            "$.values.f._variants[2].colour: key not allowed here (allowed: name, enabled, rule, attributeValues)",
        ])
    }
}
