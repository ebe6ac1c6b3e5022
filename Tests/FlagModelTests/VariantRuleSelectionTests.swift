import Testing
@testable import FlagModel

/// Picking the served variant: in order, first match wins, a rule-less variant always matches.
@Suite struct VariantRuleSelectionTests {
    func variant(_ name: String, rule: String?) -> Variant {
        var json: [String: JSONValue] = ["name": .string(name), "enabled": true]
        if let rule { json["rule"] = .string(rule) }
        return Variant(json: .object(JSONObject(json.sorted { $0.key < $1.key }.map { JSONObject.Member(key: $0.key, value: $0.value) })))
    }

    var variants: [Variant] {
        [
            variant("BetaTesters", rule: #"(in $accountId ["111122223333", "444455556666"])"#),
            variant("Seniors", rule: "(gt $age 65)"),
            variant("Default", rule: nil),
        ]
    }

    @Test func firstMatchWins() {
        #expect(VariantRules.select(variants, context: ["accountId": "444455556666", "age": 70]) == .variant(0))
        #expect(VariantRules.select(variants, context: ["age": 70]) == .variant(1))
        #expect(VariantRules.select(variants, context: [:]) == .variant(2))
    }

    @Test func noVariantWhenNothingMatches() {
        #expect(VariantRules.select(Array(variants.prefix(2)), context: [:]) == .noVariant)
        #expect(VariantRules.select([], context: [:]) == .noVariant)
    }

    @Test func anUnevaluableRuleBeforeTheMatchMakesTheAnswerUnknown() {
        let split = [variant("TenPercent", rule: "(split by::$userId pct::10)"), variant("Default", rule: nil)]
        guard case .notEvaluated(let name, let reason) = VariantRules.select(split, context: ["userId": "u1"]) else {
            Issue.record("split selection evaluated")
            return
        }
        #expect(name == "TenPercent")
        #expect(reason.contains("unpublished hash"))
        // A match before it decides.
        let ordered = [variant("Seniors", rule: "(gt $age 65)")] + split
        #expect(VariantRules.select(ordered, context: ["age": 70]) == .variant(0))
        // An unnamed variant is named by its position.
        let unnamed = [Variant(json: ["enabled": true, "rule": "(gt $age"])]
        guard case .notEvaluated(let position, _) = VariantRules.select(unnamed, context: [:]) else { Issue.record("parsed"); return }
        #expect(position == "#1")
    }
}
