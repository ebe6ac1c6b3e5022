import AWSCore
import AccountDiscovery
import ArgumentParser
import FlagDeckConfig
import FleetStore
import Foundation

extension FleetSetup {
    /// The fleet a command works on: the `accounts:` entries plus the accounts the
    /// `organization` / `sso` blocks discover (kept an hour in `store`; nil: listed afresh).
    /// A source that cannot be listed is printed and ends the command with exit 1: an
    /// organization that cannot be read is not an empty fleet.
    static func discoverFleet(_ configuration: FlagDeckConfiguration, store: FleetStore?, command: String,
                              environment: [String: String] = ProcessInfo.processInfo.environment)
        async throws -> DiscoveredFleet {
        guard configuration.discoversAccounts else { return .explicit(configuration) }
        // Only for a person watching: a cron job's mail stays clean.
        let showProgress = isatty(STDERR_FILENO) == 1
        if showProgress { FileHandle.standardError.write(Data("discovering accounts…".utf8)) }
        defer { if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) } }
        do {
            let fleet = try await AsyncHTTPTransport.with { transport in
                try await FleetDiscovery(configuration: configuration, transport: transport, environment: environment,
                                         cache: store).resolve()
            }
            for warning in fleet.warnings {
                FileHandle.standardError.write(Data("flagdeck \(command): warning: \(warning)\n".utf8))
            }
            return fleet
        } catch {
            if showProgress { FileHandle.standardError.write(Data("\r\u{1B}[K".utf8)) }
            FileHandle.standardError.write(Data("flagdeck \(command): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
