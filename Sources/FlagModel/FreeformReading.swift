/// What a hosted version of an `AWS.Freeform` profile is to flagdeck: Powertools feature
/// flags, a Powertools document Powertools itself would reject, or something else (YAML,
/// plain settings) that is not flags at all and is skipped without noise.
public enum FreeformReading: Sendable, Hashable {
    case powertools(FeatureFlagDocument)
    /// Meant as Powertools (an envelope is configured, or it has the shape) but its
    /// SchemaValidator would fail: the function falls back to its defaults.
    case invalidPowertools([ValidationProblem])
    /// Why it is not a flags document.
    case notFlags(String)

    /// Reads `bytes` (a hosted version's content). With a configured `envelope` the profile
    /// is declared Powertools, so anything but valid features is a problem; without one,
    /// only a document shaped like features (`looksLikeFeatures`) counts.
    public static func read(_ bytes: [UInt8], envelope: PowertoolsEnvelope?) -> FreeformReading {
        let json: JSONValue
        do {
            json = try JSONParser.parse(bytes)
        } catch {
            guard envelope != nil else { return .notFlags("not JSON") }
            return .invalidPowertools([ValidationProblem(
                path: error.path, message: "not JSON (line \(error.line), column \(error.column)): \(error.message)")])
        }
        guard let envelope else {
            guard looksLikeFeatures(json) else { return .notFlags("not a Powertools features document") }
            return check(FeatureFlagDocument(powertools: json))
        }
        guard envelope.extract(from: json) != nil else {
            return .invalidPowertools([ValidationProblem(
                path: envelope.path, message: "missing: the envelope \(envelope) names nothing in this document")])
        }
        return check(FeatureFlagDocument(powertools: json, featuresAt: envelope.path))
    }

    /// Shaped like Powertools features: a non-empty object of objects, at least one of them
    /// with a `default`. (A feature missing its `default` is then reported, not skipped.)
    public static func looksLikeFeatures(_ json: JSONValue) -> Bool {
        guard case .object(let features) = json, !features.isEmpty else { return false }
        var anyDefault = false
        for m in features {
            guard case .object(let feature) = m.value else { return false }
            if feature.contains(key: "default") { anyDefault = true }
        }
        return anyDefault
    }

    private static func check(_ document: FeatureFlagDocument) -> FreeformReading {
        let problems = document.validate()
        return problems.isEmpty ? .powertools(document) : .invalidPowertools(problems)
    }
}
