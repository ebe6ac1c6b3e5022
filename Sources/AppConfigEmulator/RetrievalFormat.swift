import FlagModel
import Foundation

/// What applications receive of an `AWS.AppConfig.FeatureFlags` document: AppConfig's
/// "retrieval-time format" (the feature-flag type reference's second schema; the Agent's
/// local-development samples page calls it that), not the stored definition:
///
///     {"flag_key": {"enabled": true, "attribute": value, …}, "other": {"enabled": false}}
///
/// Definitions and `_`-prefixed metadata (`_createdAt`, `_updatedAt`, `_deprecation`) are
/// dropped; attribute values are present only while the flag is enabled.
///
/// Multi-variant flags: "For performance reasons, AWS CLI and SDK calls to AWS AppConfig don't
/// retrieve variant data" (User Guide, "Creating a multi-variant feature flag"); only the
/// Agent evaluates variants against a caller's context. So `flattened` (the data plane) serves
/// each multi-variant flag as its default variant, the one "returned when no other variant is
/// selected" (User Guide, multi-variant concepts), and `evaluated` (the Agent API) picks the
/// variant for a context.
enum RetrievalFormat {
    /// Why a configuration cannot be shown in the retrieval format.
    struct Failure: Error, Sendable { var message: String }

    /// The data plane's answer: every flag, multi-variant ones as their default variant.
    static func flattened(_ content: Data) throws -> JSONValue {
        let document = try parse(content)
        var out = JSONObject()
        for key in document.flagKeys {
            guard let value = document.value(key) else { out[key] = entry(enabled: false, attributes: []); continue }
            if let variants = value.variants, !variants.isEmpty {
                let fallback = variants.last { $0.rule == nil } ?? variants[variants.count - 1]
                out[key] = entry(enabled: fallback.enabled ?? false, attributes: fallback.attributeValues.members)
            } else {
                out[key] = entry(enabled: value.enabled ?? false, attributes: value.attributeValues)
            }
        }
        return .object(out)
    }

    /// The Agent API's answer for `context`: the flags asked for (all when `only` is empty),
    /// multi-variant ones evaluated, with the chosen variant's name under `_variant`.
    static func evaluated(_ content: Data, only: [String], context: [String: JSONValue], now: Date,
                          splitBucket: @escaping SplitBucket) throws -> JSONValue {
        let document = try parse(content)
        let known = document.flagKeys
        let missing = only.filter { !known.contains($0) }
        if !missing.isEmpty {
            throw Failure(message: "no flag \(missing.map { "\"\($0)\"" }.joined(separator: ", ")) in this configuration "
                + "(its flags: \(known.joined(separator: ", ")))")
        }
        var out = JSONObject()
        for key in only.isEmpty ? known : only where out[key] == nil {
            switch document.evaluate(key, context: context, now: now, splitBucket: splitBucket) {
            case .served(let enabled, let variant, let attributes)?:
                var e = entry(enabled: enabled, attributes: attributes.members)
                if let variant, var o = e.objectValue {
                    o["_variant"] = .string(variant)
                    e = .object(o)
                }
                out[key] = e
            case .notEvaluated(let why)?:
                throw Failure(message: "flag \(key) cannot be evaluated for this context: \(why)")
            case .value?, nil:
                out[key] = entry(enabled: false, attributes: [])
            }
        }
        return .object(out)
    }

    private static func parse(_ content: Data) throws -> FeatureFlagDocument {
        guard let json = try? JSONParser.parse(Array(content)), json.objectValue != nil else {
            throw Failure(message: "the stored feature flag document is not a JSON object")
        }
        return FeatureFlagDocument(json: json)
    }

    private static func entry(enabled: Bool, attributes: [JSONObject.Member]) -> JSONValue {
        var members = [JSONObject.Member(key: "enabled", value: .bool(enabled))]
        if enabled { members += attributes.filter { !$0.key.hasPrefix("_") && $0.key != "enabled" } }
        return .object(JSONObject(members))
    }
}
