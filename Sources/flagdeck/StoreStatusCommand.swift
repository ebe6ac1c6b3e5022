import ArgumentParser
import Foundation
import TeamStore

/// `flagdeck store status`: the team store's schema version and how much it holds.
struct StoreStatusCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "status",
        abstract: "The team store's schema version and row counts (a reader role is enough).")

    @Option(name: .long, help: "postgres://USER@HOST[:PORT]/DATABASE (default: FLAGDECK_STORE).")
    var store: String?

    func run() async throws {
        do {
            guard let location = try TeamStoreSetup.location(explicit: store, configuration: nil) else {
                throw ValidationError("--store postgres://USER@HOST[:PORT]/DATABASE is required (or FLAGDECK_STORE)")
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
