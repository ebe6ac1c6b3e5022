import FlagDeck
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

    /// The team store a command that writes (a journal entry, a decision, code references)
    /// also writes to, when one is configured. It never stands in the way: when it cannot be
    /// opened the command goes on with the local store and says so.
    static func openForJournal(_ configuration: FlagDeckConfiguration, command: String) async -> TeamStore? {
        do {
            guard let location = try location(explicit: nil, configuration: configuration) else { return nil }
            return try await open(location, role: .writer, command: command)
        } catch {
            FileHandle.standardError.write(Data("flagdeck \(command): warning: the team store is not used (everything stays on this machine): \(error)\n".utf8))
            return nil
        }
    }

    /// The team store of `--config` (or FLAGDECK_STORE) as a reader: `--from-store`
    /// commands. A configuration file is optional here (an auditor may have only
    /// FLAGDECK_STORE); one named with --config must be readable.
    static func openForReading(config: String?, command: String) async throws -> TeamStore {
        let configuration = try FleetSetup.optionalConfiguration(explicit: config)
        guard let location = try location(explicit: nil, configuration: configuration) else {
            throw TeamStoreError("--from-store needs a team store: FLAGDECK_STORE, or store: in the configuration")
        }
        return try await open(location, role: .reader, command: command)
    }

    static func open(_ location: TeamStoreLocation, role: TeamStore.Role, command: String) async throws -> TeamStore {
        let password = PGPassword.find(for: location) { warning in
            FileHandle.standardError.write(Data("flagdeck \(command): \(warning)\n".utf8))
        }
        return try await TeamStore.open(location, password: password, role: role)
    }
}
