@testable import FlagDeckConfig

/// The issue lines a document produces, or [] when it parses.
func issues(_ yaml: String, file: String = "config.yaml") -> [String] {
    do {
        _ = try FlagDeckConfiguration.parse(text: yaml, file: file)
        return []
    } catch {
        return error.issues.map(\.description)
    }
}

/// A document that must parse.
func parsed(_ yaml: String) throws -> FlagDeckConfiguration {
    try FlagDeckConfiguration.parse(text: yaml, file: "config.yaml")
}

/// The smallest valid file, with `extra` appended at the top level.
func minimal(_ extra: String = "") -> String {
    """
    accounts:
      - name: one
        regions: [us-east-1]
    \(extra)
    """
}
