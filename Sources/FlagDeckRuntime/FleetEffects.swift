import FlagDeck
import FlagModel
import FleetScanner
import FleetStore
import Foundation
import TeamStore
import Logging

/// The dashboard's I/O: scans on demand (`Ctrl-R`) and every `refreshSeconds`, one at
/// a time, reporting progress and results to the UI through its mailbox.
public final class FleetEffects: EffectHandler, @unchecked Sendable {
    private let scanner: FleetScanner
    private let store: FleetStore?
    private let lock = NSLock()
    /// Flags review decisions made permanent: the next scan judges them exempt.
    private var permanentFlags: Set<FlagID> = []
    /// `:asof`: scans show the fleet as it stood then (nil: now).
    private var asOf: Date?
    private let refreshSeconds: Int
    private let gate = ScanGate()
    private let logger = Logger(label: "flagdeck.effects")

    private let toggles: ToggleEffects
    /// Set when `codeReferences` is configured and there is a store to keep them.
    private let codeReferences: CodeReferenceEffects?
    /// Set when `cloudTrail` is on (the default) and there is a store to keep the events.
    private let trail: TrailEffects?

    /// The team store, when configured: decisions are shared through it.
    private let team: TeamStore?

    public init(scanner: FleetScanner, store: FleetStore?, refreshSeconds: Int, toggles: ToggleEffects, team: TeamStore? = nil) {
        self.scanner = scanner
        self.store = store
        self.team = team
        self.refreshSeconds = refreshSeconds
        self.toggles = toggles
        let sources = scanner.configuration.codeReferences
        codeReferences = store.flatMap { sources.isEmpty ? nil : CodeReferenceEffects(sources: sources, store: $0, team: team) }
        trail = store.flatMap { scanner.configuration.cloudTrail ? TrailEffects(scanner: scanner, store: $0) : nil }
    }

    /// Shows the last stored snapshot at once, then scans now and every `refreshSeconds`.
    public func start(mailbox: Mailbox) {
        Task {
            if let stored = try? await store?.latestSnapshot() {
                mailbox.post(.scanFinished(ScanResult(
                    scannedAt: stored.info.scannedAt, snapshot: stored.snapshot, deployments: [],
                    errors: stored.errors.map {
                        ScanError(account: $0.account, accountId: nil, region: $0.region, application: $0.application,
                                  environment: $0.environment, message: $0.message)
                    })))
            }
            await loadDecisions(mailbox)
            // A toggle killed mid-way last time: what happened is found and journaled first.
            await toggles.recoverInterrupted(mailbox)
            await loadJournal(mailbox)
            if trail == nil { mailbox.post(.auditTrailLoaded(.off, notes: (try? await store?.journalNotes()) ?? [])) }
            while !Task.isCancelled {
                await refresh(mailbox)
                try? await Task.sleep(for: .seconds(refreshSeconds))
            }
        }
    }

    public func handle(_ effect: Effect, mailbox: Mailbox) {
        switch effect {
        case .refresh:
            // Asked for by a person (Ctrl-R): CloudTrail is read again too, not only when due.
            Task { await refresh(mailbox, requested: true) }
        case .travel(let moment):
            lock.withLock { asOf = moment }
            Task { await refresh(mailbox) }
        case .loadTheme:
            break
        case .recordDecision(let request):
            Task { await record(request, mailbox) }
        case .planToggle, .executeToggle, .stopDeployment, .revertDeployment:
            handleToggle(effect, mailbox: mailbox)
        }
    }

    func handleToggle(_ effect: Effect, mailbox: Mailbox) {
        toggles.handle(effect, mailbox: mailbox)
    }

    /// The journal as the Audit view shows it; also after every refresh, since toggles
    /// and stops append to it.
    func loadJournal(_ mailbox: Mailbox) async {
        // With a team store: everyone's actions (this machine's are mirrored there).
        var entries = try? await team?.journal(limit: 500)
        if entries == nil { entries = try? await store?.journal(limit: 500) }
        guard let entries else { return }
        mailbox.post(.journalLoaded(entries.map {
            JournalLine(at: $0.at, actor: $0.actor, action: $0.action, target: $0.target, result: $0.result)
        }))
    }

    private func loadDecisions(_ mailbox: Mailbox) async {
        guard let store else { return }
        do {
            let (infos, permanent) = try await DecisionEffects(store: store, team: team).load()
            lock.withLock { permanentFlags = permanent }
            mailbox.post(.decisionsLoaded(infos))
        } catch {
            logger.error("could not read review decisions: \(error)")
            mailbox.post(.status(StatusMessage("could not read review decisions: \(error)", .error)))
        }
    }

    private func record(_ request: DecisionRequest, _ mailbox: Mailbox) async {
        guard let store else {
            mailbox.post(.decisionFailed("no state directory: decisions cannot be stored"))
            return
        }
        do {
            let recorded = try await DecisionEffects(store: store, team: team).record(request)
            await loadDecisions(mailbox)
            mailbox.post(.decisionRecorded(recorded.text))
            if recorded.teamProblem { mailbox.post(.status(StatusMessage(recorded.text, .warning))) }
            // A permanent decision changes verdicts: judge the fleet again.
            if request.choice == .permanent { await refresh(mailbox) }
        } catch {
            mailbox.post(.decisionFailed("decision not recorded: \(error)"))
        }
    }

    private func refresh(_ mailbox: Mailbox, requested: Bool = false) async {
        guard await gate.begin() else {
            mailbox.post(.status(StatusMessage("a scan is already running")))
            return
        }
        mailbox.post(.scanStarted)
        let throttle = ProgressThrottle()
        var scanner = self.scanner
        scanner.permanentFlags = lock.withLock { permanentFlags }
        let asOf = lock.withLock { self.asOf }
        let store = self.store
        let result = await scanner.scan(asOf: asOf, earlier: { await SnapshotHistory.earlier(in: store) }) { progress in
            if throttle.shouldReport(progress) {
                mailbox.post(.scanProgress(done: progress.done, total: progress.total, current: progress.current))
            }
        }
        // A look into the past is not a new fact about the fleet: only scans of now are kept.
        if asOf == nil {
            do {
                try await store?.saveSnapshot(result.snapshot, scannedAt: result.scannedAt, errors: result.errors.map(ScanFailure.init),
                                              retention: .standard)
            } catch {
                logger.error("could not store the snapshot: \(error)")
            }
        }
        mailbox.post(.scanFinished(result))
        await loadJournal(mailbox)
        // Others' decisions arrive through the team store: read them again each refresh.
        if team != nil { await loadDecisions(mailbox) }
        await gate.end()
        await codeReferences?.refresh(flags: result.snapshot.rows.map(\.flag), mailbox: mailbox)
        if asOf == nil { await trail?.refresh(after: result, mailbox: mailbox, now: requested) }
    }
}

/// One scan at a time: a refresh while one runs is refused, not queued.
actor ScanGate {
    private var running = false
    func begin() -> Bool {
        if running { return false }
        running = true
        return true
    }
    func end() { running = false }
}

/// Progress arrives per API call; the UI needs a few updates a second at most.
final class ProgressThrottle: @unchecked Sendable {
    private let lock = NSLock()
    private var last = Date.distantPast

    func shouldReport(_ progress: ScanProgress) -> Bool {
        lock.lock()
        defer { lock.unlock() }
        let now = Date()
        guard now.timeIntervalSince(last) >= 0.1 || progress.done == progress.total else { return false }
        last = now
        return true
    }
}
