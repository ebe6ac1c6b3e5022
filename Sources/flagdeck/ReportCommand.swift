import ArgumentParser
import FlagDeckConfig
import FlagModel
import FleetReview
import FleetStore
import Foundation
import TeamStore

/// `flagdeck report`: the review meeting's minutes from the latest stored snapshot.
struct ReportCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "report",
        abstract: "Review meeting minutes (Markdown, CSV or JSON) from the latest scan.",
        discussion: """
        Reads the latest snapshot `flagdeck scan` stored and the recorded review decisions; never calls AWS. With
        --from-store: the team store's latest published snapshot and everyone's decisions.
        "Since" compares with the snapshot of the previous review (the last day decisions were recorded
        before today), or with the fleet as it was at the end of --since DATE.
        """
    )

    enum Format: String, CaseIterable, ExpressibleByArgument { case markdown, csv, json }

    @Option(name: .long, help: "Output format: markdown, csv or json.")
    var format: Format = .markdown

    @Option(name: .long, help: "Compare with the fleet as it was at the end of this day (YYYY-MM-DD) instead of the previous review.")
    var since: String?

    @Option(name: .long, help: "Write the minutes to this file instead of stdout.")
    var output: String?

    @Option(name: .long, help: "Configuration file (else $FLAGDECK_CONFIG, else $XDG_CONFIG_HOME/flagdeck/config.yaml); its retirement thresholds and patterns re-judge the snapshot when found.")
    var config: String?

    @Flag(name: .long, help: "Read the team store's latest published snapshot and the team's decisions instead of the local store (a reader role is enough).")
    var fromStore = false

    func validate() throws {
        if let since, ReviewDay(since) == nil {
            throw ValidationError("--since must be a date like 2026-10-20, not \(since)")
        }
    }

    func run() async throws {
        do {
            let text = try await minutes()
            if let output {
                try Data(text.utf8).write(to: URL(fileURLWithPath: output), options: .atomic)
            } else {
                FileHandle.standardOutput.write(Data(text.utf8))
            }
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("flagdeck report: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    func minutes() async throws -> String {
        let policySource = try retirementSettings()
        let today = ReviewDay.today()
        var input = try await (fromStore ? teamInput(today: today) : localInput(today: today))
        if let policySource {
            input.snapshot = input.snapshot.rejudged(policy: policySource(input.decisions.permanentFlags, input.snapshot.asOf))
        }
        let report = ReviewReport.build(input)
        switch format {
        case .markdown: return ReportMarkdown.render(report)
        case .csv: return ReportCSV.render(report)
        case .json: return ReportJSON.render(report)
        }
    }

    private func localInput(today: ReviewDay) async throws -> ReviewReport.Input {
        let store = try FleetSetup.openStore()
        guard let stored = try await store.latestSnapshot() else {
            throw NoSnapshot(place: store.fileURL.path, remedy: "flagdeck scan")
        }
        let book = try await store.decisionBook()
        let baseline = try await store.reviewBaseline(since: since.flatMap(ReviewDay.init), book: book, today: today)
        return .init(snapshot: stored.snapshot, scannedAt: stored.info.scannedAt, scanFailures: stored.errors, decisions: book,
                     baseline: baseline, today: today)
    }

    /// The team's picture: the latest published snapshot, everyone's decisions, and the
    /// published snapshot of the previous review (or of --since) to compare with.
    private func teamInput(today: ReviewDay) async throws -> ReviewReport.Input {
        let team = try await TeamStoreSetup.openForReading(config: config, command: "report")
        defer { team.close() }
        guard let published = try await team.latestSnapshot() else {
            throw NoSnapshot(place: "the team store \(team.location)", remedy: "flagdeck scan --publish")
        }
        let book = DecisionBook(try await team.decisions())
        var baseline = BaselineLookup.noPreviousReview
        if let (origin, moment) = BaselineLookup.wanted(since: since.flatMap(ReviewDay.init), book: book, today: today) {
            baseline = try await team.snapshot(atOrBefore: moment).map {
                .found(ReviewBaseline(origin: origin, snapshot: $0.snapshot, scannedAt: $0.scannedAt))
            } ?? .noSnapshot(origin)
        }
        return .init(snapshot: published.snapshot, scannedAt: published.scannedAt, scanFailures: published.errors, decisions: book,
                     baseline: baseline, today: today)
    }

    /// Today's thresholds and patterns from the configuration, when there is
    /// one. Without any, the verdicts stored with the scan stand; a --config
    /// that cannot be read is an error, not a silent fallback.
    func retirementSettings() throws -> (@Sendable (Set<FlagID>, Date) -> RetirementPolicy)? {
        let configuration: FlagDeckConfiguration
        do {
            configuration = try FleetSetup.loadConfiguration(explicit: config).0
        } catch is FleetSetup.ConfigMissing where config == nil {
            return nil
        }
        return { permanent, asOf in
            RetirementPolicy(rolledOutDays: configuration.retirement.rolledOutDays,
                             deadDays: configuration.retirement.deadDays,
                             productionPatterns: configuration.production,
                             permanentPatterns: configuration.retirement.permanent,
                             permanentKeys: permanent, asOf: asOf)
        }
    }

    struct NoSnapshot: Error, CustomStringConvertible {
        let place: String
        let remedy: String
        var description: String { "no snapshot stored in \(place) yet: run `\(remedy)` first" }
    }
}
