import Testing
@testable import FlagModel

/// The typed reading used for display, and conditions in words.
@Suite struct PowertoolsFeatureTests {
    typealias H = PowertoolsTestHelp

    func feature(_ text: String) -> PowertoolsFeature { PowertoolsFeature(name: "f", json: H.json(text)) }

    @Test func readsLeniently() {
        let f = feature(#"{"default":true,"rules":{"b":{"when_match":false,"conditions":[{"action":"EQUALS","key":"tier","value":"x"},7]},"a":[]}}"#)
        #expect(f.name == "f")
        #expect(f.defaultValue == true)
        #expect(f.isBoolean)
        #expect(f.rules.map(\.name) == ["b", "a"])
        #expect(f.rules[0].whenMatch == false)
        #expect(f.rules[0].conditions == [
            PowertoolsCondition(action: "EQUALS", key: "tier", value: "x"),
            PowertoolsCondition(action: "", key: "", value: nil),
        ])
        #expect(f.rules[1] == PowertoolsRule(name: "a", whenMatch: nil, conditions: []))
        #expect(feature(#"{"default":true,"rules":[{"x":1}]}"#).rules == [])
        #expect(feature(#"{"default":null}"#).defaultValue == nil)
        #expect(feature("[]").defaultValue == nil)
    }

    @Test func booleanStateAndDifferingRules() {
        #expect(feature(#"{"default":true}"#).booleanState == true)
        #expect(feature(#"{"default":false}"#).booleanState == false)
        #expect(feature(#"{"default":"x","boolean_type":null}"#).booleanState == nil)
        #expect(!feature(#"{"default":"x","boolean_type":null}"#).isBoolean)
        #expect(feature(#"{"default":"x","boolean_type":"yes"}"#).booleanState == true)

        let same = #"{"default":false,"rules":{"r":{"when_match":false,"conditions":[]}}}"#
        let differs = #"{"default":false,"rules":{"r":{"when_match":false,"conditions":[]},"s":{"when_match":true,"conditions":[]}}}"#
        #expect(!feature(same).hasDifferingRules)
        #expect(feature(differs).hasDifferingRules)
        // Truthiness: when_match 0 serves False, like the default false.
        #expect(!feature(#"{"default":false,"rules":{"r":{"when_match":0}}}"#).hasDifferingRules)
        // Non-boolean: Python ==, so 1 and 1.0 are the same value.
        #expect(!feature(#"{"default":1,"boolean_type":false,"rules":{"r":{"when_match":1.0}}}"#).hasDifferingRules)
        #expect(feature(#"{"default":1,"boolean_type":false,"rules":{"r":{"when_match":"1"}}}"#).hasDifferingRules)
        #expect(feature(#"{"default":1,"boolean_type":false,"rules":{"r":{}}}"#).hasDifferingRules)
        #expect(!feature(#"{"default":1,"boolean_type":false}"#).hasDifferingRules)
    }

    func words(_ action: String, _ key: String, _ value: String?) -> String {
        PowertoolsCondition(action: action, key: key, value: value.map(H.json)).description
    }

    @Test func conditionsInWords() {
        #expect(words("EQUALS", "tier", #""premium""#) == #"tier = "premium""#)
        #expect(words("NOT_EQUALS", "tier", #""free""#) == #"tier ≠ "free""#)
        #expect(words("KEY_GREATER_THAN_VALUE", "age", "65") == "age > 65")
        #expect(words("KEY_GREATER_THAN_OR_EQUAL_VALUE", "age", "65") == "age ≥ 65")
        #expect(words("KEY_LESS_THAN_VALUE", "age", "1.5") == "age < 1.5")
        #expect(words("KEY_LESS_THAN_OR_EQUAL_VALUE", "age", "18") == "age ≤ 18")
        #expect(words("STARTSWITH", "email", #""admin""#) == #"email starts with "admin""#)
        #expect(words("ENDSWITH", "email", #""@example.com""#) == #"email ends with "@example.com""#)
        #expect(words("IN", "region", #"["eu-west-1", "eu-central-1"]"#) == #"region in ["eu-west-1","eu-central-1"]"#)
        #expect(words("KEY_IN_VALUE", "region", #"["a"]"#) == #"region in ["a"]"#)
        #expect(words("NOT_IN", "region", #"["a"]"#) == #"region not in ["a"]"#)
        #expect(words("KEY_NOT_IN_VALUE", "region", #"["a"]"#) == #"region not in ["a"]"#)
        #expect(words("VALUE_IN_KEY", "groups", #""beta""#) == #"groups contains "beta""#)
        #expect(words("VALUE_NOT_IN_KEY", "groups", #""beta""#) == #"groups does not contain "beta""#)
        #expect(words("ALL_IN_VALUE", "roles", #"["a","b"]"#) == #"roles all in ["a","b"]"#)
        #expect(words("ANY_IN_VALUE", "roles", #"["a"]"#) == #"roles any in ["a"]"#)
        #expect(words("NONE_IN_VALUE", "roles", #"["a"]"#) == #"roles none in ["a"]"#)
        #expect(words("MODULO_RANGE", "userId", #"{"BASE":100,"START":0,"END":9}"#) == "userId mod 100 in 0…9")
        #expect(words("SCHEDULE_BETWEEN_TIME_RANGE", "CURRENT_TIME", #"{"START":"09:00","END":"17:00","TIMEZONE":"Europe/London"}"#)
            == "time 09:00–17:00 Europe/London")
        #expect(words("SCHEDULE_BETWEEN_TIME_RANGE", "CURRENT_TIME", #"{"START":"22:00","END":"02:00","TIMEZONE":""}"#) == "time 22:00–02:00 UTC")
        #expect(words("SCHEDULE_BETWEEN_DATETIME_RANGE", "CURRENT_DATETIME", #"{"START":"2026-01-01T00:00","END":"2026-02-01T00:00"}"#)
            == "date 2026-01-01T00:00 – 2026-02-01T00:00 UTC")
        #expect(words("SCHEDULE_BETWEEN_DAYS_OF_WEEK", "CURRENT_DAY_OF_WEEK", #"{"DAYS":["MONDAY","FRIDAY"]}"#) == "day is MONDAY, FRIDAY (UTC)")
        #expect(words("SCHEDULE_BETWEEN_DAYS_OF_WEEK", "CURRENT_DAY_OF_WEEK", #"{"DAYS":[],"TIMEZONE":"Asia/Tokyo"}"#) == "day is (none) (Asia/Tokyo)")
    }

    @Test func malformedConditionsFallBackToTheRawParts() {
        #expect(words("MODULO_RANGE", "userId", "7") == "userId MODULO_RANGE 7")
        #expect(words("SCHEDULE_BETWEEN_TIME_RANGE", "CURRENT_TIME", #""09:00-17:00""#) == #"CURRENT_TIME SCHEDULE_BETWEEN_TIME_RANGE "09:00-17:00""#)
        #expect(words("WHATEVER", "k", "1") == "k WHATEVER 1")
        #expect(words("", "", nil) == "? ? ?")
        #expect(words("EQUALS", "k", nil) == "k = ?")
    }
}
