import Testing
@testable import FlagModel

/// The subset of AppConfig's multi-variant rule language flagdeck evaluates.
@Suite struct VariantRuleTests {
    let context: [String: JSONValue] = [
        "age": 70, "state": "Virginia", "email": "ann@amazon.com", "promoCode": "WINTER24", "userId": "123",
        "score": .number(JSONNumber(text: "2.5")!), "beta": true, "tags": ["a", "b"], "country": "FR",
    ]

    func outcome(_ rule: String) -> VariantRuleOutcome { VariantRules.evaluate(rule, context: context) }

    @Test func comparisons() {
        #expect(outcome("(gt $age 65)") == .matched)
        #expect(outcome("(gt $age 70)") == .notMatched)
        #expect(outcome("(gte $age 70)") == .matched)
        #expect(outcome("(gte $age 71)") == .notMatched)
        #expect(outcome("(lte $age 69)") == .notMatched)
        #expect(outcome("(lt $age 70)") == .notMatched)
        #expect(outcome("(lte $age 70.0)") == .matched)
        #expect(outcome("(eq $age 70)") == .matched)
        #expect(outcome("(eq $score 2.50)") == .matched)
        #expect(outcome(#"(eq $state "Virginia")"#) == .matched)
        #expect(outcome(#"(gt $state "Texas")"#) == .matched)
        #expect(outcome(#"(lt "apple" "banana")"#) == .matched)
        #expect(outcome("(eq $beta true)") == .matched)
        #expect(outcome("(gt $beta false)") == .notMatched)
        // A missing key, or a number against a string, is false.
        #expect(outcome("(eq $missing 1)") == .notMatched)
        #expect(outcome(#"(eq $age "70")"#) == .notMatched)
        #expect(outcome("(eq 9223372036854775807 9223372036854775807)") == .matched)
    }

    @Test func logic() {
        #expect(outcome(#"(and (eq $state "Virginia") (gt $age 65))"#) == .matched)
        #expect(outcome(#"(and (eq $state "Texas") (gt $age 65))"#) == .notMatched)
        #expect(outcome(#"(or (eq $state "Texas") (gt $age 65))"#) == .matched)
        #expect(outcome("(not (eq $missing 1))") == .matched)
        #expect(outcome("(or (lt $age 1) (lt $age 2) (lt $age 3))") == .notMatched)
        #expect(outcome("(and true (not false))") == .matched)
    }

    @Test func customOperators() {
        #expect(outcome(#"(begins_with $state "V")"#) == .matched)
        #expect(outcome(#"(begins_with $state "v")"#) == .notMatched)
        #expect(outcome(#"(ends_with $email "amazon.com")"#) == .matched)
        #expect(outcome(#"(contains $promoCode "WIN")"#) == .matched)
        #expect(outcome(#"(contains $age "7")"#) == .notMatched)
        #expect(outcome(#"(in $userId ["123","456"])"#) == .matched)
        #expect(outcome(#"(in $userId ["1234" "456"])"#) == .notMatched)
        #expect(outcome(#"(in "b" $tags)"#) == .matched)
        #expect(outcome("(in $age [69, 70.0])") == .matched)
        #expect(outcome(#"(exists key::"country")"#) == .matched)
        #expect(outcome(#"(exists key::"region")"#) == .notMatched)
        #expect(outcome("(exists $country)") == .matched)
    }

    @Test func splitOnlyAtTheExtremes() {
        #expect(outcome("(split by::$userId pct::0)") == .notMatched)
        #expect(outcome("(split by::$userId pct::100)") == .matched)
        #expect(outcome("(split pct::100 by::$userId seed::\"x\")") == .matched)
        guard case .notEvaluated(let why) = outcome("(split by::$userId pct::20)") else { Issue.record("split 20 evaluated"); return }
        #expect(why.contains("unpublished hash"))
    }

    @Test func notEvaluatedParts() {
        guard case .notEvaluated(let regex) = outcome(#"(matches in::$state pattern::"V.*")"#) else { Issue.record("matches evaluated"); return }
        #expect(regex.contains("matches"))
        guard case .notEvaluated(let time) = outcome("(gt $signup 2024-01-01T00:00:00Z)") else { Issue.record("timestamp evaluated"); return }
        #expect(time.contains("timestamp 2024-01-01T00:00:00Z"))
        // Kleene logic: decided when the undecided part cannot change the answer.
        #expect(outcome(#"(and (eq $age 1) (matches in::$state pattern::"V"))"#) == .notMatched)
        #expect(outcome(#"(and (matches in::$state pattern::"V") (eq $age 1))"#) == .notMatched)
        #expect(outcome(#"(or (matches in::$state pattern::"V") (eq $age 70))"#) == .matched)
        if case .notEvaluated = outcome(#"(and (eq $age 70) (matches in::$state pattern::"V"))"#) {} else { Issue.record("and decided on an unknown") }
        if case .notEvaluated = outcome(#"(not (split by::$userId pct::5))"#) {} else { Issue.record("not decided on an unknown") }
    }

    @Test func parseErrorsNameTheColumn() {
        func error(_ rule: String) -> String? {
            if case .notEvaluated(let why) = outcome(rule) { return why }
            return nil
        }
        #expect(error("") == "rule does not parse: column 1: empty rule")
        #expect(error("(gt $age 65") == #"rule does not parse: column 12: expected ")" to close gt"#)
        #expect(error("(gt $age 65))") == #"rule does not parse: column 13: unexpected text after the closing ")""#)
        #expect(error("(greater $age 65)")?.hasPrefix("rule does not parse: column 2: unknown operator greater") == true)
        #expect(error("(gt $age)") == "rule does not parse: column 1: gt takes 2 argument(s), got 1")
        #expect(error("(eq $state Virginia)") == "rule does not parse: column 12: unexpected Virginia (strings need double quotes, context keys a $)")
        #expect(error(#"(eq $s "open)"#) == "rule does not parse: column 8: unterminated string")
        #expect(error("(exists)") == "rule does not parse: column 8: exists needs key::")
        #expect(error("(split by::$u)") == "rule does not parse: column 14: split needs pct::")
        #expect(error("(gt $age 99999999999999999999)") == "rule does not parse: column 10: integer 99999999999999999999 does not fit in 64 bits")
        #expect(error("(in $x [$y])") == "rule does not parse: column 9: list items must be strings, numbers or booleans")
        #expect(error("(eq $ 1)") == "rule does not parse: column 5: expected a context key after $")
        #expect(error("(gt $age 6.5.1)") == "rule does not parse: column 10: invalid number 6.5.1")
        #expect(error("(eq pct::1 2)") == "rule does not parse: column 5: eq takes no argument pct::")
        #expect(error("eq 1 1") == #"rule does not parse: column 1: expected "(""#)
    }
}
