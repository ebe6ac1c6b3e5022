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

/// Where a `split by::` value falls, 0 ≤ bucket < 100 (see `VariantRuleEvaluator.splitBucket`).
public typealias SplitBucket = @Sendable (JSONValue) -> Double

public enum VariantRules {
    public static func evaluate(_ rule: String, context: [String: JSONValue], splitBucket: SplitBucket? = nil) -> VariantRuleOutcome {
        let call: VariantRuleCall
        do {
            call = try VariantRuleParser.parse(rule)
        } catch {
            return .notEvaluated("rule does not parse: \(error.description)")
        }
        switch VariantRuleEvaluator(context: context, splitBucket: splitBucket).evaluate(call) {
        case .yes: return .matched
        case .no: return .notMatched
        case .unknown(let why): return .notEvaluated(why)
        }
    }

    /// The variant served for `context`: variants in order, the first whose rule matches (a
    /// variant without a rule matches). If a rule before the match cannot be evaluated, the
    /// answer is not evaluated, naming that variant and why.
    public static func select(_ variants: [Variant], context: [String: JSONValue], splitBucket: SplitBucket? = nil) -> VariantSelection {
        for (index, variant) in variants.enumerated() {
            guard let rule = variant.rule else { return .variant(index) }
            switch evaluate(rule, context: context, splitBucket: splitBucket) {
            case .matched: return .variant(index)
            case .notMatched: continue
            case .notEvaluated(let reason):
                return .notEvaluated(variant: variant.name ?? "#\(index + 1)", reason: reason)
            }
        }
        return .noVariant
    }
}
