/// AppConfig's native multi-variant flag rules, evaluated as far as their meaning is published.
///
/// Evaluated: `eq gt gte lt lte` (numbers numerically, strings by code point, booleans with eq;
/// a missing context key or mismatched kinds is false), `and or not`, `begins_with`,
/// `ends_with`, `contains` (strings), `in` (a value in a list), `exists`. Not evaluated, with the
/// reason: `matches` (the regex dialect is unpublished), timestamps, and `split` other than
/// `pct::0` (never) and `pct::100` (always), since it hashes with AppConfig's unpublished
/// function. A rule that does not parse is not evaluated, with the message and column.
public enum VariantRuleOutcome: Sendable, Hashable {
    case matched, notMatched, notEvaluated(String)
}

public enum VariantSelection: Sendable, Hashable {
    /// The index into the variants.
    case variant(Int)
    case noVariant
    case notEvaluated(variant: String, reason: String)
}

public enum VariantRules {
    public static func evaluate(_ rule: String, context: [String: JSONValue]) -> VariantRuleOutcome {
        let call: VariantRuleCall
        do {
            call = try VariantRuleParser.parse(rule)
        } catch {
            return .notEvaluated("rule does not parse: \(error.description)")
        }
        switch VariantRuleEvaluator(context: context).evaluate(call) {
        case .yes: return .matched
        case .no: return .notMatched
        case .unknown(let why): return .notEvaluated(why)
        }
    }

    /// The variant served for `context`: variants in order, the first whose rule matches (a
    /// variant without a rule matches). If a rule before the match cannot be evaluated, the
    /// answer is not evaluated, naming that variant and why.
    public static func select(_ variants: [Variant], context: [String: JSONValue]) -> VariantSelection {
        for (index, variant) in variants.enumerated() {
            guard let rule = variant.rule else { return .variant(index) }
            switch evaluate(rule, context: context) {
            case .matched: return .variant(index)
            case .notMatched: continue
            case .notEvaluated(let reason):
                return .notEvaluated(variant: variant.name ?? "#\(index + 1)", reason: reason)
            }
        }
        return .noVariant
    }
}
