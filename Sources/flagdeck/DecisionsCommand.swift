import ArgumentParser
import FlagDeck
import FlagDeckConfig
import FlagDeckRuntime
import FleetReview
import FleetStore
import Foundation
import TeamStore

/// `flagdeck decisions export|import`: review decisions as a JSON file a team
/// keeps in a repository (shape documented on `DecisionsFile`).
struct DecisionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decisions",
        abstract: "Export or import review decisions as JSON.",
        subcommands: [DecisionsExportCommand.self, DecisionsImportCommand.self]
    )

    /// The local store, and the team store when `--store`, FLAGDECK_STORE or the
    /// configuration's `store:` names one.
    static func stores(_ options: DecisionsStoreOptions, role: TeamStore.Role, command: String) async throws -> (FleetStore, TeamStore?) {
        let configuration = try FleetSetup.optionalConfiguration(explicit: options.config)
        let local = try FleetSetup.openStore()
        guard let location = try TeamStoreSetup.location(explicit: options.store, configuration: configuration) else { return (local, nil) }
        return (local, try await TeamStoreSetup.open(location, role: role, command: "decisions \(command)"))
    }

    /// Errors a user can act on go to stderr as one line; the exit status is 1.
    static func reporting(_ command: String, _ body: () async throws -> Void) async throws {
        do {
            try await body()
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("flagdeck decisions \(command): \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}

/// Where decisions are read and written: the local store, plus the team store if any.
struct DecisionsStoreOptions: ParsableArguments {
    @Option(name: .long, help: "Configuration file (else $FLAGDECK_CONFIG, else $XDG_CONFIG_HOME/flagdeck/config.yaml): its store: names the team store.")
    var config: String?

    @Option(name: .long, help: "The team store, postgres://USER@HOST[:PORT]/DATABASE (default: FLAGDECK_STORE, else the configuration's store:).")
    var store: String?
}

struct DecisionsExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every decision, with its history, as JSON ({\"version\":1,\"decisions\":[…]}).")

    @Option(name: .long, help: "Write to this file instead of stdout.")
    var output: String?

    @OptionGroup var stores: DecisionsStoreOptions

    func run() async throws {
        try await DecisionsCommand.reporting("export") {
            // With a team store: everyone's decisions and this machine's, each once.
            let (local, team) = try await DecisionsCommand.stores(stores, role: .reader, command: "export")
            defer { team?.close() }
            let decisions = try await team == nil ? local.allDecisions() : DecisionEffects(store: local, team: team).decisionBook().all
            let text = DecisionsFile.encode(decisions)
            if let output {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
                FileHandle.standardError.write(Data("exported \(decisions.count) decisions to \(output)\n".utf8))
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        }
    }
}

struct DecisionsImportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Merge decisions from a JSON file: entries already present are skipped, the rest appended.",
        discussion: "An entry is the same as a stored one when flag, author, createdAt and kind match. Each flag's current decision is its newest by createdAt (ties: the one appended last), whichever side it came from. The new entries are appended in one transaction: on any error, none is.")

    @Argument(help: "The decisions file (as written by `flagdeck decisions export`).")
    var file: String

    @OptionGroup var stores: DecisionsStoreOptions

    func run() async throws {
        try await DecisionsCommand.reporting("import") {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw CannotRead(file: file, reason: error.localizedDescription)
            }
            let decisions = try DecisionsFile.decode(data, fileName: file)
            let (local, team) = try await DecisionsCommand.stores(stores, role: .writer, command: "import")
            defer { team?.close() }
            let plan = try await local.importDecisions(decisions)
            FileHandle.standardOutput.write(Data(
                "imported \(plan.toAppend.count) new decisions from \(file); \(plan.alreadyPresent) already present\n".utf8))
            if let team {
                // Every entry of the file: one already here may still be missing there.
                var added = 0
                for decision in decisions where try await team.recordDecision(decision) { added += 1 }
                FileHandle.standardOutput.write(Data(
                    "team store \(team.location): \(added) new, \(decisions.count - added) already there\n".utf8))
            }
        }
    }

    struct CannotRead: Error, CustomStringConvertible {
        let file: String
        let reason: String
        var description: String { "cannot read \(file): \(reason)" }
    }
}
