import FlagDeckConfig
import Foundation
import TeamStore

/// Which team store a command uses: `--store URL`, else `FLAGDECK_STORE`, else the
/// configuration's `store:`; the password from PGPASSWORD or ~/.pgpass, never printed.
enum TeamStoreSetup {
    static func location(explicit: String?, configuration: FlagDeckConfiguration?,
                         environment: [String: String] = ProcessInfo.processInfo.environment) throws -> TeamStoreLocation? {
        if let explicit { return try TeamStoreLocation(explicit, source: "--store") }
        if let env = environment["FLAGDECK_STORE"], !env.isEmpty { return try TeamStoreLocation(env, source: "FLAGDECK_STORE") }
        if let configured = configuration?.store { return try TeamStoreLocation(configured, source: "configuration store") }
        return nil
    }

    static func open(_ location: TeamStoreLocation, role: TeamStore.Role, command: String) async throws -> TeamStore {
        let password = PGPassword.find(for: location) { warning in
            FileHandle.standardError.write(Data("flagdeck \(command): \(warning)\n".utf8))
        }
        return try await TeamStore.open(location, password: password, role: role)
    }
}
