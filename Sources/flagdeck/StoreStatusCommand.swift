import ArgumentParser
import FlagDeck
import FlagDeckConfig
import Foundation
import TeamStore

/// `flagdeck store status`: the team store's schema version and how much it holds.
struct StoreStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "The team store's schema version and row counts (a reader role is enough).")

    @Option(name: .long, help: "postgres://USER@HOST[:PORT]/DATABASE (default: FLAGDECK_STORE, else the configuration's store:).")
    var store: String?

    @Option(name: .long, help: "Configuration file (else $FLAGDECK_CONFIG, else $XDG_CONFIG_HOME/flagdeck/config.yaml).")
    var config: String?

    func run() async throws {
        do {
            let configuration = try FleetSetup.optionalConfiguration(explicit: config)
            guard let location = try TeamStoreSetup.location(explicit: store, configuration: configuration) else {
                throw ValidationError("no team store: pass --store postgres://USER@HOST[:PORT]/DATABASE, set FLAGDECK_STORE, "
                                      + "or add store: to the configuration")
            }
            let team = try await TeamStoreSetup.open(location, role: .reader, command: "store status")
            defer { team.close() }
            let version = try await team.schemaVersion()
            let counts = try await team.counts()
            print("\(location): schema version \(version); \(counts.decisions) decisions, \(counts.journal) journal entries, "
                  + "\(counts.snapshots) published snapshots")
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("flagdeck store status: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
