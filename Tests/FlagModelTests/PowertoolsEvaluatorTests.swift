import Foundation
import Testing
@testable import FlagModel

/// `FeatureFlags.evaluate` and `_match_by_action`, checked against answers from Powertools.
@Suite struct PowertoolsEvaluatorTests {
    typealias H = PowertoolsTestHelp
    static let now = Date(timeIntervalSince1970: 1_780_000_000)

    /// (action, context value or nil when the key is absent, condition value, Powertools' answer)
    static let conditions: [(String, String?, String, Bool)] = [
        ("EQUALS", #"1"#, #"1.0"#, true),
        ("EQUALS", #"true"#, #"1"#, true),
        ("EQUALS", #"false"#, #"0"#, true),
        ("EQUALS", #"true"#, #"1.0"#, true),
        ("EQUALS", #""1""#, #"1"#, false),
        ("EQUALS", #"[1,2]"#, #"[1.0,2]"#, true),
        ("EQUALS", #"{"a":1,"b":2}"#, #"{"b":2,"a":1}"#, true),
        ("EQUALS", #"null"#, #"null"#, true),
        ("EQUALS", #"9007199254740993"#, #"9007199254740993.0"#, false),
        ("EQUALS", #"9007199254740992"#, #"9007199254740993.0"#, true),
        ("EQUALS", #""é""#, #""é""#, false),
        ("EQUALS", nil, #"null"#, false),
        ("NOT_EQUALS", #""a""#, #""b""#, true),
        ("NOT_EQUALS", #"1"#, #"true"#, false),
        ("NOT_EQUALS", nil, #""x""#, false),
        ("KEY_GREATER_THAN_VALUE", #"10"#, #"9.5"#, true),
        ("KEY_GREATER_THAN_VALUE", #"true"#, #"0"#, true),
        ("KEY_GREATER_THAN_VALUE", #""b""#, #""a""#, true),
        ("KEY_GREATER_THAN_VALUE", #""B""#, #""a""#, false),
        ("KEY_GREATER_THAN_VALUE", #""10""#, #"9"#, false),
        ("KEY_GREATER_THAN_VALUE", #"[1,3]"#, #"[1,2,9]"#, true),
        ("KEY_GREATER_THAN_VALUE", #"[1,"a"]"#, #"[1,2]"#, false),
        ("KEY_GREATER_THAN_VALUE", #"null"#, #"0"#, false),
        ("KEY_GREATER_THAN_VALUE", #"5"#, #"5.0"#, false),
        ("KEY_GREATER_THAN_VALUE", #""a""#, #""a""#, false),
        ("KEY_GREATER_THAN_VALUE", #"[1,2]"#, #"[1,2]"#, false),
        ("KEY_GREATER_THAN_VALUE", #"4"#, #"5"#, false),
        ("KEY_GREATER_THAN_OR_EQUAL_VALUE", #"5"#, #"5.0"#, true),
        ("KEY_GREATER_THAN_OR_EQUAL_VALUE", #"4.9"#, #"5"#, false),
        ("KEY_LESS_THAN_VALUE", #"5"#, #"5"#, false),
        ("KEY_LESS_THAN_VALUE", #"6"#, #"5"#, false),
        ("KEY_LESS_THAN_OR_EQUAL_VALUE", #"5"#, #"5.0"#, true),
        ("KEY_LESS_THAN_OR_EQUAL_VALUE", #"5.1"#, #"5"#, false),
        ("KEY_LESS_THAN_OR_EQUAL_VALUE", #"[1]"#, #"[1]"#, true),
        ("KEY_GREATER_THAN_OR_EQUAL_VALUE", #"[1,2]"#, #"[1,2]"#, true),
        ("KEY_GREATER_THAN_OR_EQUAL_VALUE", #"{}"#, #"{}"#, false),
        ("KEY_LESS_THAN_VALUE", #"-1"#, #"false"#, true),
        ("KEY_LESS_THAN_VALUE", #""abc""#, #""abd""#, true),
        ("KEY_LESS_THAN_VALUE", #"[1]"#, #"[1,0]"#, true),
        ("KEY_LESS_THAN_VALUE", #"123456789012345678901234567890"#, #"1.2345678901234568e+29"#, false),
        ("KEY_LESS_THAN_OR_EQUAL_VALUE", #"1e400"#, #"1e400"#, true),
        ("KEY_LESS_THAN_OR_EQUAL_VALUE", #""é""#, #""z""#, false),
        ("STARTSWITH", #""admin@x""#, #""admin""#, true),
        ("STARTSWITH", #""admin""#, #""""#, true),
        ("STARTSWITH", #""admin""#, #"["ad"]"#, false),
        ("STARTSWITH", #"123"#, #""1""#, false),
        ("ENDSWITH", #""a@example.com""#, #""@example.com""#, true),
        ("ENDSWITH", #""x""#, #""xx""#, false),
        ("IN", #""a""#, #"["a","b"]"#, true),
        ("IN", #"1"#, #"[1.0]"#, true),
        ("IN", #"true"#, #"[1]"#, true),
        ("IN", #""ell""#, #""hello""#, true),
        ("IN", #"1"#, #""123""#, false),
        ("IN", #""a""#, #"{"a":0}"#, true),
        ("IN", #"1"#, #"{"1":0}"#, false),
        ("IN", #"[1]"#, #"{"a":0}"#, false),
        ("IN", #"[1]"#, #"[[1]]"#, true),
        ("IN", #"1"#, #"1"#, false),
        ("IN", #"null"#, #"[null]"#, true),
        ("NOT_IN", #""c""#, #"["a","b"]"#, true),
        ("NOT_IN", #"1"#, #""123""#, false),
        ("NOT_IN", #"1"#, #"{"1":0}"#, true),
        ("NOT_IN", #"[1]"#, #"{"a":0}"#, false),
        ("NOT_IN", #"1"#, #"1"#, false),
        ("NOT_IN", nil, #"["a"]"#, false),
        ("KEY_IN_VALUE", #""a""#, #"["a"]"#, true),
        ("KEY_NOT_IN_VALUE", #""z""#, #"["a"]"#, true),
        ("VALUE_IN_KEY", #"["beta","x"]"#, #""beta""#, true),
        ("VALUE_IN_KEY", #""beta-users""#, #""beta""#, true),
        ("VALUE_IN_KEY", #"{"beta":1}"#, #""beta""#, true),
        ("VALUE_IN_KEY", #"5"#, #"5"#, false),
        ("VALUE_NOT_IN_KEY", #"["x"]"#, #""beta""#, true),
        ("VALUE_NOT_IN_KEY", #""abc""#, #"1"#, false),
        ("ALL_IN_VALUE", #"["a","b"]"#, #"["a","b","c"]"#, true),
        ("ALL_IN_VALUE", #"[]"#, #"["a"]"#, true),
        ("ALL_IN_VALUE", #"["a","z"]"#, #"["a"]"#, false),
        ("ALL_IN_VALUE", #""a""#, #"["a"]"#, false),
        ("ALL_IN_VALUE", #"[1]"#, #"[true]"#, true),
        ("ANY_IN_VALUE", #"["z","a"]"#, #"["a"]"#, true),
        ("ANY_IN_VALUE", #"[]"#, #"["a"]"#, false),
        ("ANY_IN_VALUE", #""a""#, #"["a"]"#, false),
        ("NONE_IN_VALUE", #"["z"]"#, #"["a"]"#, true),
        ("NONE_IN_VALUE", #"[]"#, #"["a"]"#, true),
        ("NONE_IN_VALUE", #"["a"]"#, #"["a"]"#, false),
        ("NONE_IN_VALUE", #"{}"#, #"["a"]"#, false),
        ("MODULO_RANGE", #"42"#, #"{"BASE":10,"START":0,"END":4}"#, true),
        ("MODULO_RANGE", #"47"#, #"{"BASE":10,"START":0,"END":4}"#, false),
        ("MODULO_RANGE", #"-1"#, #"{"BASE":10,"START":9,"END":9}"#, true),
        ("MODULO_RANGE", #"-0.5"#, #"{"BASE":10,"START":9,"END":9}"#, false),
        ("MODULO_RANGE", #"-0.5"#, #"{"BASE":10,"START":0,"END":9}"#, false),
        ("MODULO_RANGE", #"true"#, #"{"BASE":2,"START":1,"END":1}"#, true),
        ("MODULO_RANGE", #""42""#, #"{"BASE":10,"START":0,"END":9}"#, false),
        ("MODULO_RANGE", #"123456789012345678901234567890"#, #"{"BASE":7,"START":1,"END":1}"#, false),
        ("MODULO_RANGE", #"123456789012345678901234567890"#, #"{"BASE":7,"START":0,"END":0}"#, true),
        ("MODULO_RANGE", #"1e400"#, #"{"BASE":10,"START":0,"END":9}"#, false),
        ("MODULO_RANGE", #"7"#, #"{"BASE":0,"START":0,"END":0}"#, false),
        ("MODULO_RANGE", #"3.5"#, #"{"BASE":3,"START":0,"END":0}"#, false),
        ("MODULO_RANGE", #"3.5"#, #"{"BASE":3,"START":0,"END":1}"#, true),
        ("MODULO_RANGE", nil, #"{"BASE":10,"START":0,"END":9}"#, false),
        ("BOGUS", #"1"#, #"1"#, false),
    ]

    @Test func everyActionAgreesWithPowertools() {
        for (action, context, value, expected) in Self.conditions {
            let got = PowertoolsConditionMatcher.matches(action: action, conditionValue: H.json(value),
                                                         contextValue: context.map(H.json), now: Self.now)
            #expect(got == expected, "\(action) \(context ?? "(absent)") \(value)")
        }
    }

    func evaluate(_ feature: String, _ context: [String: JSONValue] = [:]) -> PowertoolsEvaluation {
        PowertoolsEvaluator.evaluate(feature: H.json(feature), context: context, now: Self.now)
    }

    static let premium = #"""
    {"default": false, "rules": {
        "tier is premium": {"when_match": true, "conditions": [{"action": "EQUALS", "key": "tier", "value": "premium"}]},
        "beta testers": {"when_match": true, "conditions": [
            {"action": "VALUE_IN_KEY", "key": "groups", "value": "beta"},
            {"action": "KEY_GREATER_THAN_OR_EQUAL_VALUE", "key": "age", "value": 18}]}
    }}
    """#

    @Test func firstMatchingRuleWinsAndAllConditionsMustMatch() {
        #expect(evaluate(Self.premium, ["tier": "premium"]) == PowertoolsEvaluation(value: true, matchedRule: "tier is premium"))
        #expect(evaluate(Self.premium, ["tier": "free"]) == PowertoolsEvaluation(value: false, matchedRule: nil))
        #expect(evaluate(Self.premium, ["groups": ["beta"], "age": 18]) == PowertoolsEvaluation(value: true, matchedRule: "beta testers"))
        #expect(evaluate(Self.premium, ["groups": ["beta"], "age": 17]).matchedRule == nil)
        #expect(evaluate(Self.premium, ["groups": ["beta"]]).matchedRule == nil)
    }

    @Test func anAbsentKeyNeverMatchesEvenNegativeActions() {
        let f = #"{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"NOT_EQUALS","key":"tier","value":"free"}]}}}"#
        #expect(evaluate(f).value == false)
        #expect(evaluate(f, ["tier": .null]).value == true)
    }

    @Test func booleanFeaturesServeBoolOfTheValues() {
        // No rules: bool(default).
        #expect(evaluate(#"{"default":true}"#).value == true)
        #expect(evaluate(#"{"default":true,"rules":{}}"#).value == true)
        // boolean_type truthy but default not a bool (schema-invalid, still evaluated like Python).
        #expect(evaluate(#"{"default":"on","boolean_type":1}"#).value == true)
        #expect(evaluate(#"{"default":0,"boolean_type":"yes","rules":[]}"#).value == false)
        // A matching rule: bool(when_match).
        let f = #"{"default":false,"rules":{"r":{"when_match":"yes","conditions":[{"action":"EQUALS","key":"k","value":1}]}}}"#
        #expect(evaluate(f, ["k": true]).value == true)
        // No rule matches: the default as is (Python does not convert it here).
        let g = #"{"default":"x","boolean_type":true,"rules":{"r":{"when_match":true,"conditions":[{"action":"EQUALS","key":"k","value":1}]}}}"#
        #expect(evaluate(g).value == "x")
    }

    @Test func nonBooleanFeaturesServeValuesAsWritten() {
        let f = #"""
        {"default": {"group": "read-only"}, "boolean_type": null, "rules": {
            "admins": {"when_match": {"group": "admin"}, "conditions": [{"action": "IN", "key": "user", "value": ["ann", "bob"]}]},
            "no value": {"conditions": [{"action": "EQUALS", "key": "user", "value": "cy"}]}
        }}
        """#
        #expect(evaluate(f, ["user": "bob"]) == PowertoolsEvaluation(value: ["group": "admin"], matchedRule: "admins"))
        #expect(evaluate(f, ["user": "cy"]) == PowertoolsEvaluation(value: .null, matchedRule: "no value"))
        #expect(evaluate(f, ["user": "dee"]).value == ["group": "read-only"])
        #expect(evaluate(#"{"default":0,"boolean_type":false}"#).value == 0)
    }

    @Test func emptyConditionsNeverMatchAndUnknownActionsNeverMatch() {
        #expect(evaluate(#"{"default":false,"rules":{"r":{"when_match":true,"conditions":[]}}}"#).value == false)
        #expect(evaluate(#"{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"SOMETHING","key":"k","value":1}]}}}"#, ["k": 1]).value == false)
    }

    @Test func moduloRangeBucketsUsers() {
        let f = #"{"default":false,"rules":{"10%":{"when_match":true,"conditions":[{"action":"MODULO_RANGE","key":"userId","value":{"BASE":100,"START":0,"END":9}}]}}}"#
        #expect(evaluate(f, ["userId": 1_209]).value == true)
        #expect(evaluate(f, ["userId": 1_210]).value == false)
        // Floor modulo: -95 % 100 == 5.
        #expect(evaluate(f, ["userId": -95]).value == true)
        #expect(evaluate(f, ["userId": "1209"]).value == false)
    }

    @Test func contextKeysCompareByCodePoint() {
        let f = #"{"default":false,"rules":{"r":{"when_match":true,"conditions":[{"action":"EQUALS","key":"caf\u00e9","value":1}]}}}"#
        #expect(evaluate(f, ["caf\u{e9}": 1]).value == true)
        #expect(evaluate(f, ["cafe\u{301}": 1]).value == false)
    }
}
