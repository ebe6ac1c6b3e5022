import FlagDeck
import FlagModel
import FleetScanner
import FleetStore
import Foundation
import Logging

/// Who made each change, for the dashboard (issue 17): after each scan the stored
/// CloudTrail events are shown at once, and each account/region's history is read again
/// in the background (at most every `interval`), never on the scan's own path.
final class TrailEffects: @unchecked Sendable {
    private let scanner: FleetScanner
    private let store: FleetStore
    private let interval: TimeInterval
    private let lock = NSLock()
    private var lastRead = Date.distantPast
    private var reading = false
    private let logger = Logger(label: "flagdeck.cloudtrail")

    init(scanner: FleetScanner, store: FleetStore, interval: TimeInterval = 300) {
        self.scanner = scanner
        self.store = store
        self.interval = interval
    }

    /// Posts what is stored, then reads CloudTrail again when due (or `now`, when asked).
    func refresh(after result: ScanResult, mailbox: Mailbox, now: Bool = false) async {
        await post(mailbox)
        let due: Bool = lock.withLock {
            guard !reading, now || Date().timeIntervalSince(lastRead) >= interval else { return false }
            reading = true
            return true
        }
        guard due else { return }
        Task.detached { [self] in
            await read(result)
            lock.withLock {
                reading = false
                lastRead = Date()
            }
            await post(mailbox)
        }
    }

    private func read(_ result: ScanResult) async {
        var configuration = scanner.configuration
        if let source = scanner.accountSource, let fleet = try? await source.resolve() {
            configuration.accounts = fleet.accounts
        }
        let factory = AccountClientFactory(readOnly: true, transport: scanner.transport, environment: scanner.environment)
        let report = await TrailSync(configuration: configuration, factory: factory, store: store,
                                     accountIds: TrailSync.accountIds(in: result)).run()
        logger.info("CloudTrail: \(report.eventsRead) events from \(report.regionsRead) account-regions, \(report.unreadable.count) unreadable")
    }

    private func post(_ mailbox: Mailbox) async {
        do {
            var trail = try await store.auditTrail()
            // Before the first read of this session finishes, "not found" would be a guess.
            if lock.withLock({ lastRead == .distantPast }), (try? await store.trailCursors())?.isEmpty ?? true {
                trail.status = .loading
            }
            mailbox.post(.auditTrailLoaded(trail, notes: (try? await store.journalNotes()) ?? []))
        } catch {
            logger.error("could not read the stored CloudTrail events: \(error)")
        }
    }
}
