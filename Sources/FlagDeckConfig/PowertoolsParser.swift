import FlagModel
import Yams

/// The `powertools:` block: which Freeform profiles hold Powertools feature flags and
/// their envelopes. Same rules as the rest of the walk: every problem located.
extension ConfigParser {
    static let powertoolsKeys = ["profiles", "envelope"]

    mutating func powertools(_ node: Node, path: ConfigPath) -> FlagDeckConfiguration.Powertools {
        var result = FlagDeckConfiguration.Powertools()
        guard let fields = reader.fields(of: node, path: path, known: Self.powertoolsKeys,
                                         what: "a mapping with profiles (patterns) and envelope (pattern: envelope)")
        else { return result }
        if let n = fields["profiles"], let p = reader.patterns(n, path: path.key("profiles")) { result.profiles = p }
        if let n = fields["envelope"] { result.envelopes = envelopes(n, path: path.key("envelope")) }
        return result
    }

    /// `{"checkout/feature-flags": "features", "*/lambda-flags": "config.flags"}`.
    private mutating func envelopes(_ node: Node, path: ConfigPath) -> [FlagDeckConfiguration.Powertools.EnvelopeRule] {
        guard case .mapping(let mapping) = node else {
            reader.report("expected a mapping of \"application/profile\" patterns to envelopes (like "
                          + "{\"checkout/flags\": features}), found \(NodeReader.describe(node))", at: node, path: path)
            return []
        }
        var rules: [FlagDeckConfiguration.Powertools.EnvelopeRule] = []
        for (key, value) in mapping {
            guard let pattern = reader.nonEmptyString(key, path: path) else { continue }
            let valuePath = path.key("\"\(pattern)\"")
            guard let expression = reader.nonEmptyString(value, path: valuePath) else { continue }
            do {
                rules.append(.init(pattern: pattern, envelope: try PowertoolsEnvelope(parsing: expression)))
            } catch {
                reader.report("\"\(expression)\" is not an envelope flagdeck can follow: \(error)", at: value, path: valuePath)
            }
        }
        return rules
    }
}
