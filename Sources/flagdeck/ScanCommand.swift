import CodeReferences
import AWSCore
import AccountDiscovery
import ArgumentParser
import FlagDeck
import FlagDeckConfig
import FlagDeckRuntime
import FlagModel
import FleetScanner
import FleetStore
import Foundation
import TeamStore

struct ScanCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "scan",
        abstract: "Headless scan of the fleet (table, JSON or CSV), for cron jobs and scripts.",
        discussion: "Exit status: 0 when every account and region was scanned, 2 when some failed (the rest is still printed), 1 on a configuration error."
    )

    @Option(name: .long, help: "Configuration file (else $FLAGDECK_CONFIG, else $XDG_CONFIG_HOME/flagdeck/config.yaml).")
    var config: String?

    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: String = "table"

    @Option(name: .long, help: "Judge verdicts as of this ISO-8601 time instead of now.")
    var asOf: String?

    @Option(name: .long, help: "Write the output to this file instead of stdout.")
    var output: String?

    @Flag(name: .long, help: "Neither read nor write the local cache of immutable versions and deployments.")
    var noCache = false

    @Flag(name: .long, help: "Publish the snapshot and its audit (with CloudTrail's who, unless cloudTrail: false) to the team store (FLAGDECK_STORE or the configuration's store:; password from PGPASSWORD or ~/.pgpass).")
    var publish = false

    @OptionGroup var author: AuthorOption

    func run() async throws {
        _ = try? Logs.bootstrap()
        try author.apply()
        guard let outputFormat = ScanOutput.Format(rawValue: format) else {
            throw ValidationError("--format must be table, json or csv, not \(format)")
        }
        var asOfDate: Date?
        if let asOf {
            guard let parsed = UTCDate.moment(asOf) else {
                throw ValidationError("--as-of must be an ISO-8601 time like 2026-11-21T12:00:00Z or a date like 2026-11-21, not \(asOf)")
            }
            asOfDate = parsed
        }
        let configuration: FlagDeckConfiguration
        do {
            configuration = try FleetSetup.loadConfiguration(explicit: config).0
        } catch {
            FileHandle.standardError.write(Data("flagdeck scan: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let teamStore = try publish ? teamStoreLocation(configuration) : nil
        // The store also holds decisions and the last snapshot: `--no-cache` skips only the cache
        // (and the kept account listings: discovery lists afresh).
        let store = try? FleetSetup.openStore()
        // Opened before scanning: the scan shares the team's cache, and a cron job that cannot
        // publish should not scan for nothing.
        var team: TeamStore?
        if let teamStore, asOfDate == nil {
            do {
                team = try await TeamStoreSetup.open(teamStore, role: .writer, command: "scan")
            } catch {
                FileHandle.standardError.write(Data("flagdeck scan: not published: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
        defer { team?.close() }
        let scan = try await HeadlessScan(configuration: configuration, store: store, useCache: !noCache, command: "scan",
                                          team: team).run(asOf: asOfDate)
        let result = scan.result, transport = scan.transport
        // What auditors read from the team store: who changed what, read while the scan's
        // connections are open.
        var audit: (audit: PublishedAudit, gaps: [String])?
        if team != nil {
            audit = try await scan.audit(store: store, cloudTrail: configuration.cloudTrail)
        }
        // Closing connections and keeping the snapshot (for "what changed since") overlap
        // with rendering: a script waits for none of them.
        async let closed: Void = transport.shutdown()
        // A look into the past is not a new fact about the fleet: only scans of now are kept.
        async let saved: Void = asOfDate == nil ? SnapshotHistory.save(result, in: store) : ()
        // Code references as `flagdeck refs` (or the dashboard) last stored them.
        var references: [FlagID: FlagCodeReferences]?
        if !configuration.codeReferences.isEmpty, let scans = try? await store?.codeReferenceScans() {
            references = CodeReferenceIndex(scans: scans, sources: configuration.codeReferences)
                .summaries(for: result.snapshot.rows.map(\.flag))
        }
        try ScanOutputFile(path: output).write { write in
            // JSON is written as it is produced: at 100,000 cells it is 30 MB.
            if outputFormat == .json {
                ScanOutput.writeJSON(result, codeReferences: references) { write(Data($0)) }
            } else {
                write(Data(ScanOutput.render(result, as: outputFormat).utf8))
            }
        }
        // The table shows unreadable versions itself; JSON and CSV readers learn of them here.
        if outputFormat != .table {
            for environment in result.snapshot.environments {
                for problem in environment.problems {
                    FileHandle.standardError.write(Data("flagdeck scan: warning: \(environment.id): \(problem)\n".utf8))
                }
            }
        }
        for error in result.errors {
            FileHandle.standardError.write(Data("flagdeck scan: \(error.part) failed: \(error.message)\n".utf8))
        }
        _ = await (closed, saved)
        if let team, let teamStore {
            do {
                let outcome = try await team.publish(result.snapshot, scannedAt: result.scannedAt,
                                                     errors: result.errors.map(ScanFailure.init), audit: audit?.audit)
                let said = switch outcome {
                case .stored: "published to \(teamStore)"
                case .unchanged: "published to \(teamStore) (the fleet is as in the last snapshot: its sighting was extended)"
                case .alreadyPublished: "already in \(teamStore)"
                }
                FileHandle.standardError.write(Data("flagdeck scan: \(said)\n".utf8))
                for gap in audit?.gaps ?? [] {
                    FileHandle.standardError.write(Data("flagdeck scan: warning: the published audit lacks CloudTrail of \(gap)\n".utf8))
                }
            } catch {
                FileHandle.standardError.write(Data("flagdeck scan: not published: \(error)\n".utf8))
                throw ExitCode(1)
            }
        }
        if !result.errors.isEmpty { throw ExitCode(2) }
    }
}

/// `scanning 412/980 payments-prod/eu-west-1` on one terminal line, redrawn at most ten
/// times a second (a scan reports thousands of events).
final class ProgressLine: @unchecked Sendable {
    private let lock = NSLock()
    private var lastDrawn = Date.distantPast

    func show(_ progress: ScanProgress) {
        let now = Date()
        let draw: Bool = lock.withLock {
            guard now.timeIntervalSince(lastDrawn) >= 0.1 else { return false }
            lastDrawn = now
            return true
        }
        guard draw else { return }
        FileHandle.standardError.write(Data("\r\u{1B}[Kscanning \(progress.done)/\(progress.total) \(progress.current)".utf8))
    }

    func clear() {
        FileHandle.standardError.write(Data("\r\u{1B}[K".utf8))
    }
}

extension ScanCommand {
    func teamStoreLocation(_ configuration: FlagDeckConfiguration) throws -> TeamStoreLocation {
        do {
            guard let location = try TeamStoreSetup.location(explicit: nil, configuration: configuration) else {
                FileHandle.standardError.write(Data("flagdeck scan: --publish needs a team store: FLAGDECK_STORE or store: in the configuration\n".utf8))
                throw ExitCode(1)
            }
            return location
        } catch let error as TeamStoreLocation.Problem {
            FileHandle.standardError.write(Data("flagdeck scan: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }
}
