/// Which schema a profile's documents follow. Both hold flags on AppConfig and the fleet
/// shows them side by side (DESIGN.md "Flag dialects").
public enum FlagDialect: String, Sendable, Hashable, Codable, CaseIterable {
    /// `AWS.AppConfig.FeatureFlags` profiles: `{"version":"1","flags":{…},"values":{…}}`.
    case appconfig
    /// Powertools for AWS Lambda's feature-flags utility: its own schema in an
    /// `AWS.Freeform` profile (`{"feature": {"default": …, "rules": {…}}}`), optionally under
    /// an envelope, evaluated inside the function.
    case powertools
}
