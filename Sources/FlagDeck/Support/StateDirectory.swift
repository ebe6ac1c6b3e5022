import Foundation

/// Where flagdeck keeps its state (SQLite, log): `$FLAGDECK_STATE_DIR`, else
/// `$XDG_STATE_HOME/flagdeck`, else `~/.local/state/flagdeck`. Created private (0700).
public enum StateDirectory {
    public static func path(environment: [String: String] = ProcessInfo.processInfo.environment) -> String {
        if let explicit = environment["FLAGDECK_STATE_DIR"], !explicit.isEmpty { return explicit }
        let home = environment["HOME"] ?? NSHomeDirectory()
        let stateHome = environment["XDG_STATE_HOME"].flatMap { $0.isEmpty ? nil : $0 } ?? home + "/.local/state"
        return stateHome + "/flagdeck"
    }

    @discardableResult
    public static func ensure(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> String {
        let dir = path(environment: environment)
        try FileManager.default.createDirectory(atPath: dir, withIntermediateDirectories: true,
                                                attributes: [.posixPermissions: 0o700])
        return dir
    }
}
