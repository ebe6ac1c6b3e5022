import ArgumentParser
import FlagDeck
import FleetStore
import Foundation
import TeamStore

/// `flagdeck store migrate --from sqlite:PATH --to postgres://…`: a local store's
/// decisions, journal and snapshots into the team store, idempotently.
struct StoreMigrateCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "migrate",
        abstract: "Copy a local store (decisions, journal, snapshots) into the team store on PostgreSQL.",
        discussion: """
        --from sqlite:PATH names a state directory (or its flagdeck.sqlite); the default is this machine's. \
        --to postgres://USER@HOST[:PORT]/DATABASE (else FLAGDECK_STORE, else the configuration's store:); the password comes from PGPASSWORD or \
        ~/.pgpass. Rows already in the team store are kept once: running it again copies only what is missing. \
        The team store's schema is created or upgraded first (this needs a writer role).
        """
    )

    @Option(name: .long, help: "sqlite:PATH — a state directory or its flagdeck.sqlite (default: this machine's state).")
    var from: String?

    @Option(name: .long, help: "postgres://USER@HOST[:PORT]/DATABASE (default: FLAGDECK_STORE, else the configuration's store:).")
    var to: String?

    @Option(name: .long, help: "Configuration file (else $FLAGDECK_CONFIG, else $XDG_CONFIG_HOME/flagdeck/config.yaml).")
    var config: String?

    func run() async throws {
        do {
            let source = try openSource()
            guard let location = try TeamStoreSetup.location(explicit: to, configuration: FleetSetup.optionalConfiguration(explicit: config))
            else {
                throw ValidationError("no team store: pass --to postgres://USER@HOST[:PORT]/DATABASE, set FLAGDECK_STORE, "
                                      + "or add store: to the configuration")
            }
            let target = try await TeamStoreSetup.open(location, role: .writer, command: "store migrate")
            defer { target.close() }
            let report = try await LocalStoreCopy(source: source, target: target).run()
            print("copied \(source.fileURL.path) to \(location): \(report)")
        } catch let error as ValidationError {
            throw error
        } catch {
            FileHandle.standardError.write(Data("flagdeck store migrate: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    private func openSource() throws -> FleetStore {
        guard let from else { return try FleetStore(directory: URL(fileURLWithPath: StateDirectory.path())) }
        guard from.hasPrefix("sqlite:") else { throw ValidationError("--from must be sqlite:PATH, not \(from)") }
        var path = String(from.dropFirst("sqlite:".count))
        if path.hasSuffix("/" + FleetStore.fileName) || path == FleetStore.fileName {
            path = (path as NSString).deletingLastPathComponent
        }
        if path.isEmpty { path = "." }
        guard FileManager.default.fileExists(atPath: path + "/" + FleetStore.fileName) else {
            throw ValidationError("--from \(from): no \(FleetStore.fileName) in \(path)")
        }
        return try FleetStore(directory: URL(fileURLWithPath: path))
    }
}
