import Foundation

/// Where the configuration file is looked for: `--config`, `$FLAGDECK_CONFIG`, then
/// `$XDG_CONFIG_HOME/flagdeck/config.yaml` (default `~/.config/flagdeck/config.yaml`).
public struct ConfigLocation: Hashable, Sendable {
    /// Every path considered, in order, so "not found" can say where it looked.
    public var candidates: [String]
    /// The first candidate that exists, if any.
    public var found: String?

    public static func resolve(explicit: String?,
                               environment: [String: String] = ProcessInfo.processInfo.environment,
                               fileExists: (String) -> Bool = { FileManager.default.fileExists(atPath: $0) }) -> ConfigLocation {
        if let explicit {
            return ConfigLocation(candidates: [explicit], found: fileExists(explicit) ? explicit : nil)
        }
        var candidates: [String] = []
        if let env = environment["FLAGDECK_CONFIG"], !env.isEmpty { candidates.append(env) }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let configHome = environment["XDG_CONFIG_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.config"
        candidates.append(configHome + "/flagdeck/config.yaml")
        return ConfigLocation(candidates: candidates, found: candidates.first(where: fileExists))
    }
}
