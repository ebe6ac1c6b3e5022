import Foundation

/// The one definition of a production environment: its name matches one of the
/// configured globs (`production:` in the configuration; `*`, `?`, case-insensitive).
/// Production environments decide drift, deprecation dates and the toggle's double
/// confirmation, so every part of flagdeck asks this type.
public struct ProductionEnvironments: Sendable, Hashable, Codable {
    /// Used when the configuration names none.
    public static let defaultPatterns = ["prod*", "production*"]

    public var patterns: [String]

    public init(patterns: [String] = ProductionEnvironments.defaultPatterns) { self.patterns = patterns }

    public func contains(environmentName: String) -> Bool {
        patterns.contains { Glob.matches($0, environmentName) }
    }

    public func contains(_ environment: EnvironmentID) -> Bool { contains(environmentName: environment.environmentName) }
}
