import ArgumentParser
import FlagDeck
import FleetStore
import Foundation
import TeamStore

/// `flagdeck store stats`: what the local state directory holds.
struct StoreCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "Inspect the local state (cached versions and deployments, snapshots, decisions, journal); copy it to the team store.",
        subcommands: [StoreStatsCommand.self, StoreMigrateCommand.self, StoreStatusCommand.self]
    )
}

struct StoreStatsCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "What the state directory holds: file sizes, and per kind of record how many and how many bytes.",
        discussion: "The state directory is $FLAGDECK_STATE_DIR, else $XDG_STATE_HOME/flagdeck, else ~/.local/state/flagdeck. Snapshots are stored only when the fleet changed (an unchanged rescan is counted, not stored), as pieces shared between snapshots; the retention rule shown is applied after every scan. Counts and sizes only: no record's content is printed. Never calls AWS."
    )

    @Flag(name: .long, help: "Print JSON instead of text.")
    var json = false

    @Option(name: .long, help: "Configuration file (else $FLAGDECK_CONFIG, else $XDG_CONFIG_HOME/flagdeck/config.yaml): when its store: (or FLAGDECK_STORE) names a team store, its row counts are shown too.")
    var config: String?

    func run() async throws {
        let directory = StateDirectory.path()
        let database = directory + "/" + FleetStore.fileName
        guard FileManager.default.fileExists(atPath: database) else {
            FileHandle.standardError.write(Data("flagdeck store stats: no state database in \(directory) yet: run `flagdeck scan` first\n".utf8))
            throw ExitCode(1)
        }
        let url = URL(fileURLWithPath: directory)
        // Sizes as the last writer left them: opening the store touches its log.
        let files = FleetStore.stateFiles(in: url)
        var stats: StoreStats
        do {
            let store = try FleetStore(directory: url)
            stats = try await store.stats(files: files)
            try? store.close()
        } catch {
            FileHandle.standardError.write(Data("flagdeck store stats: \(error)\n".utf8))
            throw ExitCode(1)
        }
        stats.teamStore = await teamStoreCounts()
        FileHandle.standardOutput.write(Data((json ? Self.json(stats) : Self.text(stats)).utf8))
    }

    /// The team store's counts when one is configured; what went wrong otherwise (the
    /// local figures are still worth printing).
    private func teamStoreCounts() async -> StoreStats.TeamStoreCounts? {
        let location: TeamStoreLocation
        do {
            guard let found = try TeamStoreSetup.location(explicit: nil, configuration: FleetSetup.optionalConfiguration(explicit: config))
            else { return nil }
            location = found
        } catch {
            return StoreStats.TeamStoreCounts(location: config ?? "configuration", problem: "\(error)")
        }
        do {
            let team = try await TeamStoreSetup.open(location, role: .reader, command: "store stats")
            defer { team.close() }
            let counts = try await team.counts()
            return StoreStats.TeamStoreCounts(location: location.description, schemaVersion: try await team.schemaVersion(),
                                              decisions: counts.decisions, journal: counts.journal, snapshots: counts.snapshots)
        } catch {
            return StoreStats.TeamStoreCounts(location: location.description, problem: "\(error)")
        }
    }

    static func json(_ stats: StoreStats) -> String {
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes]
        encoder.dateEncodingStrategy = .custom { date, encoder in
            var c = encoder.singleValueContainer()
            try c.encode(iso(date))
        }
        return String(decoding: try! encoder.encode(stats), as: UTF8.self) + "\n"
    }

    static func text(_ s: StoreStats) -> String {
        var out = "state directory \(s.directory)\n"
        let nameWidth = max(s.files.map(\.name.count).max() ?? 0, 4)
        for f in s.files {
            out += "  " + f.name.padding(toLength: nameWidth, withPad: " ", startingAt: 0) + "  " + bytes(f.bytes).leftPadded(10) + "\n"
        }
        out += "database: \(s.pages) pages of \(s.pageSize) bytes, \(s.freePages) free (\(bytes(Int64(s.freePages * s.pageSize))) reusable)\n"
        out += "\n" + "records".padding(toLength: 20, withPad: " ", startingAt: 0) + "count".leftPadded(10) + "data".leftPadded(12)
            + "on disk".leftPadded(12) + "\n"
        func line(_ name: String, _ count: Int, _ data: Int64, _ disk: Int64?) {
            out += name.padding(toLength: 20, withPad: " ", startingAt: 0) + "\(count)".leftPadded(10) + bytes(data).leftPadded(12)
                + (disk.map(bytes) ?? "?").leftPadded(12) + "\n"
        }
        line("cached versions", s.hostedVersions.count, s.hostedVersions.bytes, s.hostedVersions.diskBytes)
        line("cached deployments", s.deployments.count, s.deployments.bytes, s.deployments.diskBytes)
        line("snapshots", s.snapshots.count, s.snapshots.bodyBytes + s.snapshots.pieceBytes, s.snapshots.diskBytes)
        line("decisions", s.decisions.count, s.decisions.bytes, s.decisions.diskBytes)
        line("journal entries", s.journal.count, s.journal.bytes, s.journal.diskBytes)
        let n = s.snapshots
        out += "\nsnapshots: \(n.count) stored for \(n.scans) scans (\(n.scans - n.count) unchanged rescans), \(n.pinned) pinned"
        if n.legacy > 0 { out += ", \(n.legacy) in the format before compact snapshots" }
        out += "\n"
        if let oldest = n.oldestScannedAt, let newest = n.newestScannedAt {
            out += "  oldest \(iso(oldest)), newest \(iso(newest))\n"
        }
        out += "  \(n.pieces) distinct pieces (\(bytes(n.pieceBytes))), piece lists and errors \(bytes(n.bodyBytes))\n"
        out += "retention: \(n.retention)\n"
        if let team = s.teamStore {
            if let problem = team.problem {
                out += "\nteam store \(team.location): not read: \(problem)\n"
            } else {
                out += "\nteam store \(team.location): schema version \(team.schemaVersion ?? 0); \(team.decisions ?? 0) decisions, "
                    + "\(team.journal ?? 0) journal entries, \(team.snapshots ?? 0) published snapshots\n"
            }
        }
        return out
    }

    static func iso(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.timeZone = TimeZone(identifier: "UTC")
        return f.string(from: date)
    }

    /// `812 B`, `12.3 KiB`, `4.0 MiB`.
    static func bytes(_ n: Int64) -> String {
        if n < 1024 { return "\(n) B" }
        var value = Double(n) / 1024
        for unit in ["KiB", "MiB", "GiB"] {
            if value < 1024 || unit == "GiB" { return String(format: "%.1f", value) + " " + unit }
            value /= 1024
        }
        return "\(n) B"
    }
}

private extension String {
    func leftPadded(_ width: Int) -> String { count >= width ? self : String(repeating: " ", count: width - count) + self }
}
