import Foundation

extension FlagCell {
    /// What this environment serves `context` at `now`, from the served value the scan
    /// read (no call to AWS): the Flag view's evaluation preview. nil where the flag is absent.
    public func evaluate(dialect: FlagDialect, context: [String: JSONValue], now: Date) -> FlagOutcome? {
        switch state {
        case .absent: return nil
        case .unknown: return .notEvaluated(note ?? "the served version could not be read")
        default: break
        }
        guard let attributes else { return .notEvaluated("the served value is not known") }
        switch dialect {
        case .powertools:
            let result = PowertoolsEvaluator.evaluate(feature: attributes, context: context, now: now)
            return .value(result.value, rule: result.matchedRule)
        case .appconfig:
            // Attributes hold the served value without `enabled`; the state says on/off.
            var members = attributes.objectValue?.members.filter { $0.key != "_variants" } ?? []
            members.insert(JSONObject.Member(key: "enabled", value: .bool(state == .on)), at: 0)
            if let variants = attributes["_variants"] { members.append(JSONObject.Member(key: "_variants", value: variants)) }
            let document = FeatureFlagDocument(json: ["version": "1", "flags": [:],
                                                      "values": .object(JSONObject([JSONObject.Member(key: "f", value: .object(JSONObject(members)))]))])
            return document.evaluate("f", context: context, now: now)
        }
    }
}
