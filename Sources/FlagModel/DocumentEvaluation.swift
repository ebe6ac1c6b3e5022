import Foundation

/// What one flag of a document serves for one context: the evaluation preview's answer.
public enum FlagOutcome: Sendable, Hashable {
    /// Powertools: what `FeatureFlags.evaluate` returns, and the rule that matched (nil: the default).
    case value(JSONValue, rule: String?)
    /// Native: the served `enabled` and attribute values, and the variant chosen (nil: not a
    /// multi-variant flag).
    case served(enabled: Bool, variant: String?, attributes: JSONObject)
    /// The answer depends on something flagdeck cannot evaluate here (why).
    case notEvaluated(String)
}

extension FeatureFlagDocument {
    /// The outcome of `key` for `context` at `now`; nil when the document has no such flag.
    /// `splitBucket` decides `split` rules (nil: they are not evaluated).
    public func evaluate(_ key: String, context: [String: JSONValue], now: Date, splitBucket: SplitBucket? = nil) -> FlagOutcome? {
        switch dialect {
        case .powertools:
            guard let feature = value(key) else { return nil }
            let result = PowertoolsEvaluator.evaluate(feature: feature.json, context: context, now: now)
            return .value(result.value, rule: result.matchedRule)
        case .appconfig:
            guard definition(key) != nil || value(key) != nil else { return nil }
            guard let v = value(key) else { return .served(enabled: false, variant: nil, attributes: JSONObject()) }
            guard let variants = v.variants, !variants.isEmpty else {
                return .served(enabled: v.enabled ?? false, variant: nil, attributes: JSONObject(v.attributeValues))
            }
            switch VariantRules.select(variants, context: context, splitBucket: splitBucket) {
            case .variant(let i):
                return .served(enabled: variants[i].enabled ?? false, variant: variants[i].name ?? "#\(i)",
                               attributes: variants[i].attributeValues)
            case .noVariant:
                return .notEvaluated("no variant matches and there is no default variant")
            case .notEvaluated(let variant, let reason):
                return .notEvaluated("variant \(variant): \(reason)")
            }
        }
    }
}
