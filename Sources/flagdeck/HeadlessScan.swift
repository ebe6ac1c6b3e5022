import AWSCore
import AccountDiscovery
import FlagDeckConfig
import FlagDeckRuntime
import FlagModel
import FleetScanner
import FleetStore
import Foundation
import TeamStore

/// The scan `scan` and `audit` run without a terminal UI: accounts discovered and joined
/// to the listed ones, the store's cache, flags made permanent by the review exempt,
/// read-only whatever the configuration says, progress only on a terminal.
struct HeadlessScan {
    var configuration: FlagDeckConfiguration
    var store: FleetStore?
    var useCache = true
    var command: String
    /// The team store whose shared cache the scan uses too (`scan --publish`).
    var team: TeamStore? = nil

    struct Outcome {
        var result: ScanResult
        /// The configuration with the discovered accounts in it.
        var fleetConfiguration: FlagDeckConfiguration
        var transport: TransportPool
    }

    func run(asOf: Date? = nil) async throws -> Outcome {
        let fleet = try await FleetSetup.discoverFleet(configuration, store: useCache ? store : nil, command: command)
        let fleetConfiguration = fleet.applied(to: configuration)
        // Enough HTTP clients that every account-region can use its concurrency at once.
        let transport = TransportPool.forScan(of: fleetConfiguration)
        let decisions = (try? await store?.currentDecisions()) ?? [:]
        let permanent = Set(decisions.values.filter { $0.kind == .permanent }.map(\.flag))
        var scanner = FleetScanner(configuration: fleetConfiguration, transport: transport,
                                   cache: useCache ? SharedScanCache.make(local: store, team: team) : NoCache(), readOnly: true,
                                   permanentFlags: permanent)
        if configuration.discoversAccounts { scanner.accountSource = fleet }
        // Progress only for a person watching: never into a cron job's mail or a script's pipe.
        let progressLine = isatty(STDERR_FILENO) == 1 ? ProgressLine() : nil
        let result = await scanner.scan(asOf: asOf, earlier: { [store] in await SnapshotHistory.earlier(in: store) }) { progress in
            progressLine?.show(progress)
        }
        progressLine?.clear()
        return Outcome(result: result, fleetConfiguration: fleetConfiguration, transport: transport)
    }
}

extension HeadlessScan.Outcome {
    /// The audit of this scan: CloudTrail's events read first when it is on (only what is
    /// new since the last read), then every deployment and version creation joined with
    /// them and with flagdeck's journal. `gaps`: the account-regions whose CloudTrail could
    /// not be read. Uses the scan's transport: call before shutting it down.
    func audit(store: FleetStore?, cloudTrail: Bool) async throws -> (audit: PublishedAudit, gaps: [String]) {
        var gaps: [String] = []
        var trail = AuditTrail.off
        if cloudTrail, let store {
            let sync = TrailSync(configuration: fleetConfiguration,
                                 factory: AccountClientFactory(readOnly: true, transport: transport), store: store,
                                 accountIds: TrailSync.accountIds(in: result))
            gaps = await sync.run().unreadable
            trail = try await store.auditTrail()
        }
        let notes = (try? await store?.journalNotes()) ?? []
        return (PublishedAudit(rows: AuditLog.rows(result, trail: trail, notes: notes), deployments: result.deployments,
                               trail: trail, notes: notes), gaps)
    }
}
