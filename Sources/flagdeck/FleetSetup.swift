import AWSCore
import FlagDeck
import FlagDeckConfig
import FleetScanner
import FleetStore
import Foundation

/// Loading the configuration and opening the store, with the errors a user can act on.
enum FleetSetup {
    struct ConfigMissing: Error, CustomStringConvertible {
        let location: ConfigLocation
        var description: String {
            "no configuration file found; looked in: \(location.candidates.joined(separator: ", ")).\n"
                + "Create one from your AWS profiles with `flagdeck init`, or try flagdeck with `flagdeck demo`."
        }
    }

    static func loadConfiguration(explicit: String?) throws -> (FlagDeckConfiguration, path: String) {
        let location = ConfigLocation.resolve(explicit: explicit)
        guard let path = location.found else { throw ConfigMissing(location: location) }
        do {
            return (try FlagDeckConfiguration.load(path: path), path)
        } catch {
            throw ConfigInvalid(message: error.description)
        }
    }

    /// The configuration when there is one: commands that also work without (on the local
    /// or team store). One named with --config must exist and be valid.
    static func optionalConfiguration(explicit: String?) throws -> FlagDeckConfiguration? {
        guard explicit != nil || ConfigLocation.resolve(explicit: nil).found != nil else { return nil }
        return try loadConfiguration(explicit: explicit).0
    }

    struct ConfigInvalid: Error, CustomStringConvertible {
        let message: String
        var description: String { message }
    }

    /// The store in the state directory; nil (with the reason logged) if it cannot be
    /// opened, so a read-only file system does not stop a scan.
    static func openStore(environment: [String: String] = ProcessInfo.processInfo.environment) throws -> FleetStore {
        let dir = try StateDirectory.ensure(environment: environment)
        return try FleetStore(directory: URL(fileURLWithPath: dir))
    }

    /// Read-only from the flag, the environment or the configuration: any of them wins.
    static func readOnly(flag: Bool, configuration: FlagDeckConfiguration?) -> Bool {
        if flag { return true }
        let value = ProcessInfo.processInfo.environment["FLAGDECK_READ_ONLY"]?.lowercased() ?? ""
        if ["1", "true", "yes", "on"].contains(value) { return true }
        return configuration?.readOnly ?? false
    }
}
