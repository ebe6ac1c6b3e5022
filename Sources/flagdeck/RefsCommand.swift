import ArgumentParser
import CodeReferences
import FlagDeckConfig
import FlagModel
import FleetStore
import Foundation
import FlagDeckRuntime
import TeamStore

/// `flagdeck refs`: searches the configured git work trees for the keys of the latest
/// stored scan's flags, keeps what it finds in the store (for the dashboard and the
/// review) and prints it.
struct RefsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "refs",
        abstract: "Where the flags' keys appear in the code of the configured git repositories.",
        discussion: """
        Searches the tracked files of each `codeReferences` work tree for the key of every flag of the latest \
        `flagdeck scan` (and its camelCase, PascalCase, SCREAMING_SNAKE and kebab-case spellings), as whole words; \
        vendored, generated and binary files are skipped. Never calls AWS.
        Exit status: 0 when every repository was searched, 2 when some could not be (the rest is still printed \
        and kept), 1 when there is nothing to search (no configuration, no stored scan).
        """
    )

    enum Format: String, CaseIterable, ExpressibleByArgument { case table, json }

    @Option(name: .long, help: "Configuration file (else $FLAGDECK_CONFIG, else $XDG_CONFIG_HOME/flagdeck/config.yaml).")
    var config: String?

    @Option(name: .long, help: "Output format: table or json.")
    var format: Format = .table

    func run() async throws {
        let configuration: FlagDeckConfiguration
        let store: FleetStore
        let stored: StoredSnapshot
        do {
            let loaded = try FleetSetup.loadConfiguration(explicit: config)
            configuration = loaded.0
            guard !configuration.codeReferences.isEmpty else { throw NotConfigured(path: loaded.path) }
            store = try FleetSetup.openStore()
            guard let latest = try await store.latestSnapshot() else { throw NoScan() }
            stored = latest
        } catch {
            Self.complain(error)
            throw ExitCode(1)
        }

        let flags = stored.snapshot.rows.map(\.flag)
        // Shared with the team when there is a team store: a retirement elsewhere sees them.
        let team = await TeamStoreSetup.openForJournal(configuration, command: "refs")
        defer { team?.close() }
        var failed = false
        for source in configuration.codeReferences {
            // Only the keys this repository can speak for: fewer aliases, and no hits kept
            // that the index would filter out anyway.
            let keys = Set(flags.filter { source.applies(to: $0.application) }.map(\.key))
            do {
                let scan = try CodeReferenceScanner.scan(repository: source.path, keys: Array(keys))
                try await store.saveCodeReferences(scan)
                do {
                    try await team?.publishCodeReferences(scan, source: source)
                } catch {
                    FileHandle.standardError.write(Data("flagdeck refs: warning: \(source.path) not shared with the team store: \(error)\n".utf8))
                }
            } catch {
                Self.complain(error)
                failed = true
            }
        }

        // From the store: a repository that could not be searched now shows its last scan,
        // dated, as the dashboard will.
        let index: CodeReferenceIndex
        do {
            index = CodeReferenceIndex(scans: try await CodeReferenceEffects.scans(local: store, team: team),
                                       sources: configuration.codeReferences)
        } catch {
            Self.complain(error)
            throw ExitCode(1)
        }
        let text = switch format {
        case .table: CodeReferenceReport.table(flags: flags, index: index)
        case .json: CodeReferenceReport.json(flags: flags, index: index)
        }
        FileHandle.standardOutput.write(Data(text.utf8))
        if failed { throw ExitCode(2) }
    }

    static func complain(_ error: Error) {
        FileHandle.standardError.write(Data("flagdeck refs: \(error)\n".utf8))
    }

    struct NotConfigured: Error, CustomStringConvertible {
        let path: String
        var description: String {
            """
            no code references configured: add the git work trees to search to \(path), like
              codeReferences:
                - path: ~/src/checkout-service
                  applications: [checkout]      # optional: only flags of these applications
            (see config.example.yaml)
            """
        }
    }

    struct NoScan: Error, CustomStringConvertible {
        var description: String { "no scan stored yet: run `flagdeck scan` first" }
    }
}
