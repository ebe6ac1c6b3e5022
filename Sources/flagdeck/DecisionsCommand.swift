import ArgumentParser
import FleetReview
import FleetStore
import Foundation

/// `flagdeck decisions export|import`: review decisions as a JSON file a team
/// keeps in a repository (shape documented on `DecisionsFile`).
struct DecisionsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "decisions",
        abstract: "Export or import review decisions as JSON.",
        subcommands: [DecisionsExportCommand.self, DecisionsImportCommand.self]
    )

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

struct DecisionsExportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write every decision, with its history, as JSON ({\"version\":1,\"decisions\":[…]}).")

    @Option(name: .long, help: "Write to this file instead of stdout.")
    var output: String?

    func run() async throws {
        try await DecisionsCommand.reporting("export") {
            let decisions = try await FleetSetup.openStore().allDecisions()
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

    func run() async throws {
        try await DecisionsCommand.reporting("import") {
            let data: Data
            do {
                data = try Data(contentsOf: URL(fileURLWithPath: file))
            } catch {
                throw CannotRead(file: file, reason: error.localizedDescription)
            }
            let decisions = try DecisionsFile.decode(data, fileName: file)
            let plan = try await FleetSetup.openStore().importDecisions(decisions)
            FileHandle.standardOutput.write(Data(
                "imported \(plan.toAppend.count) new decisions from \(file); \(plan.alreadyPresent) already present\n".utf8))
        }
    }

    struct CannotRead: Error, CustomStringConvertible {
        let file: String
        let reason: String
        var description: String { "cannot read \(file): \(reason)" }
    }
}
