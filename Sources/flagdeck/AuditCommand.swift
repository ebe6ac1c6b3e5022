import ArgumentParser
import FlagDeckConfig
import FlagModel
import FleetScanner
import FleetStore
import Foundation
import TeamStore

/// `flagdeck audit`: who changed what, when and where, fleet-wide, for an auditor's
/// spreadsheet or a SIEM. Read-only: a scan, then CloudTrail's event history.
struct AuditCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "audit",
        abstract: "Every deployment and version creation, with who made it (CloudTrail), as a table, JSON or CSV.",
        discussion: """
        Scans the fleet (read-only, with the local cache), reads AppConfig's writes from each account and region's \
        CloudTrail event history (only what is new since the last read; kept in the store, so the record outlives \
        CloudTrail's 90 days) and prints one row per deployment and per hosted version created: when, where, profile, \
        version, strategy, state, who (IAM user, or role and session; the Identity Center user), the flags changed \
        and, for changes made with flagdeck, its journal's actor and reason. Needs only read permissions \
        (`flagdeck iam --read-only`, which grants cloudtrail:LookupEvents). Exit status: 0 when everything was \
        read, 2 when some account, region or CloudTrail could not be (the rest is printed), 1 on a configuration error.
        """
    )

    @Option(name: .long, help: "Configuration file (else $FLAGDECK_CONFIG, else $XDG_CONFIG_HOME/flagdeck/config.yaml).")
    var config: String?

    @Option(name: .long, help: "Only rows at or after this time (ISO-8601, or a date).")
    var since: String?

    @Option(name: .long, help: "Only rows at or before this time (ISO-8601, or a date: the end of that day).")
    var until: String?

    @Option(name: .long, help: "Only rows that changed this flag: APPLICATION/PROFILE/KEY.")
    var flag: String?

    @Option(name: .long, help: "Only this account (name or id).")
    var account: String?

    @Option(name: .long, help: "Output format: table, json or csv.")
    var format: String = "table"

    @Option(name: .long, help: "Write the output to this file instead of stdout.")
    var output: String?

    @Flag(name: .long, help: "Read the audit published with the team store's latest snapshot (`flagdeck scan --publish`) instead of scanning: no AWS call, a reader role is enough.")
    var fromStore = false

    func run() async throws {
        _ = try? Logs.bootstrap()
        let filter = try parsedFilter()
        guard let outputFormat = AuditOutput.Format(rawValue: format) else {
            throw ValidationError("--format must be table, json or csv, not \(format)")
        }
        if fromStore {
            try await runFromStore(filter: filter, format: outputFormat)
            return
        }
        let configuration: FlagDeckConfiguration
        do {
            configuration = try FleetSetup.loadConfiguration(explicit: config).0
        } catch {
            FileHandle.standardError.write(Data("flagdeck audit: \(error)\n".utf8))
            throw ExitCode(1)
        }
        let store = try FleetSetup.openStore()
        let scan = try await HeadlessScan(configuration: configuration, store: store, command: "audit").run()
        let (audit, gaps) = try await scan.audit(store: store, cloudTrail: configuration.cloudTrail)
        await scan.transport.shutdown()
        try write(audit.rows.filter(filter.matches), format: outputFormat, gaps: gaps)
        for error in scan.result.errors {
            FileHandle.standardError.write(Data("flagdeck audit: \(error.part) failed: \(error.message)\n".utf8))
        }
        for gap in gaps {
            FileHandle.standardError.write(Data("flagdeck audit: CloudTrail of \(gap)\n".utf8))
        }
        if !scan.result.errors.isEmpty || !gaps.isEmpty { throw ExitCode(2) }
    }

    private func write(_ rows: [AuditRow], format: AuditOutput.Format, gaps: [String]) throws {
        try ScanOutputFile(path: output).write { write in
            write(Data(AuditOutput.render(rows, as: format, gaps: gaps).utf8))
        }
    }

    /// The auditor without AWS access: what the last `scan --publish` saw.
    private func runFromStore(filter: AuditFilter, format: AuditOutput.Format) async throws {
        do {
            let team = try await TeamStoreSetup.openForReading(config: config, command: "audit")
            defer { team.close() }
            guard let (audit, scannedAt) = try await team.latestAudit() else {
                throw TeamStoreError("the team store's latest snapshot carries no audit: publish one with `flagdeck scan --publish`")
            }
            try write(audit.rows.filter(filter.matches), format: format, gaps: [])
            FileHandle.standardError.write(Data("flagdeck audit: as published to \(team.location), scanned \(scannedAt.formatted(.iso8601))\n".utf8))
            // The gaps the publishing scan had, as `audit` itself would report them.
            for gap in audit.gaps {
                FileHandle.standardError.write(Data("flagdeck audit: CloudTrail of \(gap.accountId)/\(gap.region): \(gap.message)\n".utf8))
            }
            if !audit.gaps.isEmpty { throw ExitCode(2) }
        } catch let error as ExitCode {
            throw error
        } catch {
            FileHandle.standardError.write(Data("flagdeck audit: \(error)\n".utf8))
            throw ExitCode(1)
        }
    }

    func parsedFilter() throws -> AuditFilter {
        var filter = AuditFilter(account: account)
        if let since {
            guard let d = UTCDate.moment(since) else { throw ValidationError("--since must be an ISO-8601 time or a date like 2026-11-21, not \(since)") }
            filter.since = d
        }
        if let until {
            guard let d = UTCDate.moment(until) else { throw ValidationError("--until must be an ISO-8601 time or a date like 2026-11-21, not \(until)") }
            // A date alone means the whole of that day; a time, the whole of that second (the
            // output prints whole seconds, so a printed time given back includes its row).
            filter.until = until.count == 10 ? d.addingTimeInterval(86_399.999) : d.addingTimeInterval(0.999)
        }
        if let s = filter.since, let u = filter.until, s > u { throw ValidationError("--since \(since!) is after --until \(until!)") }
        if let flag {
            let parts = flag.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 3, !parts.contains(where: \.isEmpty) else {
                throw ValidationError("--flag must be APPLICATION/PROFILE/KEY, not \(flag)")
            }
            filter.flag = FlagID(application: parts[0], profile: parts[1], key: parts[2])
        }
        return filter
    }
}
