import FlagDeck
import FlagModel
import FleetScanner
import FleetStore
import Foundation
import Logging

/// The dashboard's I/O: scans on demand (`Ctrl-R`) and every `refreshSeconds`, one at
/// a time, reporting progress and results to the UI through its mailbox.
final class FleetEffects: EffectHandler, @unchecked Sendable {
    private let scanner: FleetScanner
    private let store: FleetStore?
    private let refreshSeconds: Int
    private let gate = ScanGate()
    private let logger = Logger(label: "flagdeck.effects")

    init(scanner: FleetScanner, store: FleetStore?, refreshSeconds: Int) {
        self.scanner = scanner
        self.store = store
        self.refreshSeconds = refreshSeconds
    }

    /// Shows the last stored snapshot at once, then scans now and every `refreshSeconds`.
    func start(mailbox: Mailbox) {
        Task {
            if let stored = try? await store?.latestSnapshot() {
                mailbox.post(.scanFinished(ScanResult(
                    scannedAt: stored.info.scannedAt, snapshot: stored.snapshot, deployments: [],
                    errors: stored.errors.map { ScanError(account: $0.account, accountId: nil, region: $0.region, message: $0.message) })))
            }
            while !Task.isCancelled {
                await refresh(mailbox)
                try? await Task.sleep(for: .seconds(refreshSeconds))
            }
        }
    }

    func handle(_ effect: Effect, mailbox: Mailbox) {
        switch effect {
        case .refresh:
            Task { await refresh(mailbox) }
        case .loadTheme:
            break
        }
    }

    private func refresh(_ mailbox: Mailbox) async {
        guard await gate.begin() else {
            mailbox.post(.status(StatusMessage("a scan is already running")))
            return
        }
        mailbox.post(.scanStarted)
        let throttle = ProgressThrottle()
        let result = await scanner.scan { progress in
            if throttle.shouldReport(progress) {
                mailbox.post(.scanProgress(done: progress.done, total: progress.total, current: progress.current))
            }
        }
        do {
            try await store?.saveSnapshot(result.snapshot, scannedAt: result.scannedAt,
                                          errors: result.errors.map { ScanFailure(account: $0.account, region: $0.region, message: $0.message) })
        } catch {
            logger.error("could not store the snapshot: \(error)")
        }
        mailbox.post(.scanFinished(result))
        await gate.end()
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
