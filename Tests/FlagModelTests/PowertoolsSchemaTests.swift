import Foundation
import Testing
@testable import FlagModel

/// Helpers shared by the Powertools and variant-rule tests.
enum PowertoolsTestHelp {
    static func json(_ text: String) -> JSONValue {
        do { return try JSONParser.parse(text) } catch { fatalError("bad test JSON \(text): \(error)") }
    }
    static func problems(_ text: String, at path: JSONPath = JSONPath.root.appending("features")) -> [String] {
        PowertoolsSchema.validate(json(text), at: path).map(\.description)
    }
    static func isValid(_ text: String) -> Bool { PowertoolsSchema.validate(json(text), at: .root).isEmpty }
}

@Suite struct PowertoolsSchemaTests {
    typealias H = PowertoolsTestHelp

    /// Verdicts from Powertools' SchemaValidator itself (aws-lambda-powertools with Python 3.11).
    static let verdicts: [(String, Bool)] = [
        (#"{}"#, true),
        (#"[]"#, false),
        (#"null"#, false),
        (#""x""#, false),
        (#"{"f":{}}"#, false),
        (#"{"f":[]}"#, false),
        (#"{"f":{"default":true}}"#, true),
        (#"{"f":{"default":null}}"#, false),
        (#"{"f":{"rules":{}}}"#, false),
        (#"{"f":{"default":"on"}}"#, false),
        (#"{"f":{"default":1}}"#, false),
        (#"{"f":{"default":"on","boolean_type":false}}"#, true),
        (#"{"f":{"default":"on","boolean_type":null}}"#, true),
        (#"{"f":{"default":"on","boolean_type":0}}"#, true),
        (#"{"f":{"default":"on","boolean_type":""}}"#, true),
        (#"{"f":{"default":"on","boolean_type":"no"}}"#, false),
        (#"{"f":{"default":"on","boolean_type":[]}}"#, true),
        (#"{"f":{"default":"on","boolean_type":[0]}}"#, false),
        (#"{"f":{"default":0,"boolean_type":false}}"#, true),
        (#"{"f":{"default":true,"rules":[]}}"#, true),
        (#"{"f":{"default":true,"rules":null}}"#, true),
        (#"{"f":{"default":true,"rules":0}}"#, true),
        (#"{"f":{"default":true,"rules":""}}"#, true),
        (#"{"f":{"default":true,"rules":[1]}}"#, false),
        (#"{"f":{"default":true,"rules":"x"}}"#, false),
        (#"{"f":{"default":true,"rules":true}}"#, false),
        (#"{"f":{"default":true,"rules":{"r":{}}}}"#, false),
        (#"{"f":{"default":true,"rules":{"r":[1]}}}"#, false),
        (#"{"f":{"default":true,"rules":{"":{"when_match":true,"conditions":[{"action":"EQUALS","key":"k","value":1}]}}}}"#, false),
        (#"{"f":{"default":true,"rules":{"r":{"conditions":[{"action":"EQUALS","key":"k","value":1}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":null,"conditions":[{"action":"EQUALS","key":"k","value":1}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":1,"conditions":[{"action":"EQUALS","key":"k","value":1}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":"true","conditions":[{"action":"EQUALS","key":"k","value":1}]}}}}"#, false),
        (#"{"f":{"default":"v","boolean_type":false,"rules":{"r":{"conditions":[{"action":"EQUALS","key":"k","value":1}]}}}}"#, true),
        (#"{"f":{"default":true,"rules":{"r":{"when_match":true}}}}"#, false),
        (#"{"f":{"default":true,"rules":{"r":{"when_match":true,"conditions":[]}}}}"#, false),
        (#"{"f":{"default":true,"rules":{"r":{"when_match":true,"conditions":{}}}}}"#, false),
        (#"{"f":{"default":true,"rules":{"r":{"when_match":true,"conditions":{"a":1}}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[[]]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[1]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"key":"k","value":1}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"EQUAL","key":"k","value":1}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"equals","key":"k","value":1}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":["EQUALS"],"key":"k","value":1}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":1,"key":"k","value":1}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":null,"key":"k","value":1}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"EQUALS","key":"","value":1}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"EQUALS","key":1,"value":1}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"EQUALS","value":1}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"EQUALS","key":"k","value":null}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"EQUALS","key":"k"}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"EQUALS","key":"k","value":false}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"EQUALS","key":"k","value":0}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"EQUALS","key":"k","value":[]}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"ALL_IN_VALUE","key":"k","value":[]}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"ALL_IN_VALUE","key":"k","value":"a"}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"ANY_IN_VALUE","key":"k","value":{}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"NONE_IN_VALUE","key":"k","value":1}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"IN","key":"k","value":1}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"MODULO_RANGE","key":"k","value":{"BASE":10,"START":0,"END":9}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"MODULO_RANGE","key":"k","value":{"BASE":10,"START":0,"END":10}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"MODULO_RANGE","key":"k","value":{"BASE":10,"START":5,"END":4}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"MODULO_RANGE","key":"k","value":{"BASE":10,"START":-1,"END":4}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"MODULO_RANGE","key":"k","value":{"BASE":10.0,"START":0,"END":4}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"MODULO_RANGE","key":"k","value":{"BASE":1e1,"START":0,"END":4}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"MODULO_RANGE","key":"k","value":{"BASE":true,"START":false,"END":0}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"MODULO_RANGE","key":"k","value":{"BASE":2,"START":true,"END":true}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"MODULO_RANGE","key":"k","value":{"BASE":10,"START":0}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"MODULO_RANGE","key":"k","value":{"BASE":10,"START":0,"END":null}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"MODULO_RANGE","key":"k","value":[10,0,9]}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"MODULO_RANGE","key":"k","value":{"BASE":123456789012345678901234567890,"START":0,"END":123456789012345678901234567889}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"MODULO_RANGE","key":"k","value":{"BASE":-0,"START":0,"END":0}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIME","value":{"START":"09:00","END":"17:00"}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIMES","value":{"START":"09:00","END":"17:00"}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIME","value":{"START":"9:00","END":"17:00"}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIME","value":{"START":"24:00","END":"17:00"}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIME","value":{"START":"23:59","END":"00:00"}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIME","value":{"START":"09:00"}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIME","value":{"START":"09:00","END":1700}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIME","value":{"START":"09:00:00","END":"17:00"}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIME","value":{"START":"1٣:00","END":"17:00"}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIME","value":"09:00-17:00"}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIME","value":{"START":"09:00","END":"17:00","TIMEZONE":"Europe/London"}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIME","value":{"START":"09:00","END":"17:00","TIMEZONE":"Mars/Olympus"}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIME","value":{"START":"09:00","END":"17:00","TIMEZONE":""}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIME","value":{"START":"09:00","END":"17:00","TIMEZONE":0}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIME","value":{"START":"09:00","END":"17:00","TIMEZONE":5}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIME","value":{"START":"09:00","END":"17:00","TIMEZONE":"utc"}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIME","value":{"START":"09:00","END":"17:00","TIMEZONE":"UTC+3"}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIME","value":{"START":"09:00","END":"17:00","TIMEZONE":"PST"}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"CURRENT_TIME","value":{"START":"09:00","END":"17:00","TIMEZONE":"America/New York"}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_DATETIME_RANGE","key":"CURRENT_DATETIME","value":{"START":"2026-01-01T00:00","END":"2026-02-01T00:00"}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_DATETIME_RANGE","key":"CURRENT_DATETIME","value":{"START":"2026-01-01T00:00Z","END":"2026-02-01T00:00"}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_DATETIME_RANGE","key":"CURRENT_DATETIME","value":{"START":"2026-01-01T00:00+01:00","END":"2026-02-01T00:00"}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_DATETIME_RANGE","key":"CURRENT_DATETIME","value":{"START":"2026-01-01Z","END":"2026-02-01"}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_DATETIME_RANGE","key":"CURRENT_DATETIME","value":{"START":"2026-02-30","END":"2026-03-01"}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_DATETIME_RANGE","key":"CURRENT_DATETIME","value":{"START":"2024-02-29","END":"20260301T120000"}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_DATETIME_RANGE","key":"CURRENT_DATETIME","value":{"START":"2026-W01-1","END":"2026-01-01 12:30:45.123"}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_DATETIME_RANGE","key":"CURRENT_DATETIME","value":{"START":"01/02/2026","END":"2026-03-01"}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_DATETIME_RANGE","key":"CURRENT_DATETIME","value":{"END":"2026-03-01"}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_DATETIME_RANGE","key":"CURRENT_TIME","value":{"START":"2026-01-01","END":"2026-03-01"}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_DAYS_OF_WEEK","key":"CURRENT_DAY_OF_WEEK","value":{"DAYS":["MONDAY","FRIDAY"]}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_DAYS_OF_WEEK","key":"CURRENT_DAY_OF_WEEK","value":{"DAYS":[]}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_DAYS_OF_WEEK","key":"CURRENT_DAY_OF_WEEK","value":{"DAYS":["DAYS"]}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_DAYS_OF_WEEK","key":"CURRENT_DAY_OF_WEEK","value":{"DAYS":["monday"]}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_DAYS_OF_WEEK","key":"CURRENT_DAY_OF_WEEK","value":{"DAYS":"MONDAY"}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_DAYS_OF_WEEK","key":"CURRENT_DAY_OF_WEEK","value":{"TIMEZONE":"UTC"}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_DAYS_OF_WEEK","key":"CURRENT_DAY","value":{"DAYS":["MONDAY"]}}]}}}}"#, false),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_DAYS_OF_WEEK","key":"CURRENT_DAY_OF_WEEK","value":{"DAYS":["MONDAY"],"TIMEZONE":"Europe/Copenhagen"}}]}}}}"#, true),
        (#"{"f":{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SCHEDULE_BETWEEN_DAYS_OF_WEEK","key":"CURRENT_DAY_OF_WEEK","value":{"DAYS":["MONDAY",1]}}]}}}}"#, false),
    ]

    @Test func verdictsAgreeWithSchemaValidator() {
        for (text, valid) in Self.verdicts {
            let problems = H.problems(text)
            #expect(problems.isEmpty == valid, "\(text) → \(problems)")
        }
    }

    @Test func emptyFeaturesAreValidButNotAnObjectIsNot() {
        #expect(H.problems("{}") == [])
        #expect(H.problems("[]") == ["$.features: expected object of features, got array"])
        #expect(H.problems("null") == ["$.features: expected object of features, got null"])
    }

    @Test func featureLevelMessages() {
        #expect(H.problems(#"{"a":{},"b":[]}"#) == [
            "$.features.a: a feature must not be empty",
            "$.features.b: expected object, got array",
        ])
        #expect(H.problems(#"{"a":{"rules":{}}}"#) == [#"$.features.a: missing required key "default""#])
        #expect(H.problems(#"{"a":{"default":null,"boolean_type":false}}"#) == ["$.features.a.default: must not be null"])
        #expect(H.problems(#"{"a":{"default":"on"}}"#) == [
            #"$.features.a.default: expected boolean (boolean_type is absent or true, so the feature is boolean), got string "on""#,
        ])
        #expect(H.problems(#"{"a":{"default":true,"rules":["r"]}}"#) == ["$.features.a.rules: expected object of rules, got array"])
    }

    @Test func booleanTypeIsReadByPythonTruthiness() {
        // null, 0 and "" make a non-boolean feature; any truthy value a boolean one.
        for falsy in ["false", "null", "0", "0.0", #""""#, "[]", "{}"] {
            #expect(H.isValid(#"{"f":{"default":"v","boolean_type":\#(falsy)}}"#), "boolean_type \(falsy)")
        }
        for truthy in ["true", "1", #""no""#, "[0]", #"{"a":1}"#] {
            #expect(!H.isValid(#"{"f":{"default":"v","boolean_type":\#(truthy)}}"#), "boolean_type \(truthy)")
        }
    }

    @Test func falsyRulesAreIgnored() {
        for falsy in ["{}", "[]", "null", "0", "false", #""""#] {
            #expect(H.isValid(#"{"f":{"default":true,"rules":\#(falsy)}}"#), "rules \(falsy)")
        }
    }

    @Test func ruleLevelMessages() {
        let path = #"$.features.premium.rules["tier is premium"]"#
        #expect(H.problems(#"{"premium":{"default":false,"rules":{"tier is premium":{"when_match":"yes","conditions":[]}}}}"#) == [
            #"\#(path).when_match: expected boolean (the feature is boolean), got string "yes""#,
            "\(path).conditions: expected non-empty array of conditions, got array",
        ])
        #expect(H.problems(#"{"p":{"default":false,"rules":{"r":{"conditions":{}}}}}"#) == [
            #"$.features.p.rules.r: missing required key "when_match" (a boolean, as the feature is boolean)"#,
            "$.features.p.rules.r.conditions: expected non-empty array of conditions, got object",
        ])
        #expect(H.problems(#"{"p":{"default":false,"rules":{"":{"when_match":true}}}}"#) == [
            #"$.features.p.rules[""]: rule name must not be empty"#,
            #"$.features.p.rules[""]: missing required key "conditions""#,
        ])
        // Non-boolean features may omit when_match (Powertools then serves None).
        #expect(H.problems(#"{"p":{"default":"a","boolean_type":false,"rules":{"r":{"conditions":[{"action":"EQUALS","key":"k","value":1}]}}}}"#) == [])
    }

    @Test func everyProblemIsReportedInDocumentOrder() {
        let text = #"""
        {"premium":{"default":false,"rules":{"tier is premium":{"when_match":true,"conditions":[
            {"action":"EQUAL","key":"","value":null},
            {"action":"MODULO_RANGE","key":"userId","value":{"BASE":10,"START":5,"END":1.5}},
            {"action":"SCHEDULE_BETWEEN_TIME_RANGE","key":"NOW","value":{"START":"9:00","TIMEZONE":"Mars/Olympus"}}
        ]}}},
        "other":{"default":1}}
        """#
        let c = #"$.features.premium.rules["tier is premium"].conditions"#
        #expect(H.problems(text) == [
            "\(c)[0].action: must be one of \(PowertoolsRuleAction.namesList); got string \"EQUAL\"",
            "\(c)[0].key: expected non-empty string, got string \"\"",
            "\(c)[0].value: must not be null",
            "\(c)[1].value.END: expected integer, got number 1.5",
            "\(c)[2].key: must be \"CURRENT_TIME\" for SCHEDULE_BETWEEN_TIME_RANGE; got string \"NOW\"",
            "\(c)[2].value.START: expected a 24-hour time HH:MM, got string \"9:00\"",
            "\(c)[2].value: missing required key \"END\" (HH:MM)",
            "\(c)[2].value.TIMEZONE: unknown time zone \"Mars/Olympus\" (expected an IANA name such as Europe/London)",
            "$.features.other.default: expected boolean (boolean_type is absent or true, so the feature is boolean), got number 1",
        ])
    }

    @Test func actionMessageListsEveryAction() {
        #expect(PowertoolsRuleAction.namesList.hasPrefix("EQUALS, NOT_EQUALS, KEY_GREATER_THAN_VALUE"))
        #expect(PowertoolsRuleAction.allCases.count == 21)
        // An unhashable action makes Python raise TypeError: invalid all the same.
        #expect(H.problems(#"{"f":{"default":true,"rules":{"r":{"when_match":true,"conditions":[{"action":["EQUALS"],"key":"k","value":1}]}}}}"#).count == 1)
    }

    @Test func looksLikeFeatures() {
        #expect(PowertoolsSchema.looksLikeFeatures(H.json(#"{"a":{"default":true},"b":{"default":null,"rules":{}}}"#)))
        #expect(!PowertoolsSchema.looksLikeFeatures(H.json("{}")))
        #expect(!PowertoolsSchema.looksLikeFeatures(H.json(#"{"a":{"default":true},"b":{"enabled":true}}"#)))
        #expect(!PowertoolsSchema.looksLikeFeatures(H.json(#"{"a":true}"#)))
        #expect(!PowertoolsSchema.looksLikeFeatures(H.json(#"[{"default":true}]"#)))
    }
}
