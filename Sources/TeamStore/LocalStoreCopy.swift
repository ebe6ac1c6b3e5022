import FleetStore
import Foundation

/// `flagdeck store migrate`: a local SQLite store's decisions, journal and snapshots into
/// the team store. Rows already there are kept once, so running it again (or after an
/// interruption) copies only what is missing.
public struct LocalStoreCopy: Sendable {
    public struct Report: Sendable, Hashable, CustomStringConvertible {
        public var decisions = (copied: 0, present: 0)
        public var journal = (copied: 0, present: 0)
        public var snapshots = (copied: 0, present: 0)

        public static func == (a: Self, b: Self) -> Bool {
            a.decisions == b.decisions && a.journal == b.journal && a.snapshots == b.snapshots
        }
        public func hash(into h: inout Hasher) {
            for p in [decisions, journal, snapshots] { h.combine(p.copied); h.combine(p.present) }
        }

        public var description: String {
            "decisions: \(decisions.copied) copied, \(decisions.present) already there; "
                + "journal: \(journal.copied) copied, \(journal.present) already there; "
                + "snapshots: \(snapshots.copied) copied, \(snapshots.present) already there"
        }
    }

    public var source: FleetStore
    public var target: TeamStore

    public init(source: FleetStore, target: TeamStore) {
        self.source = source
        self.target = target
    }

    public func run() async throws -> Report {
        var report = Report()
        for decision in try await source.decisionLog() {
            if try await target.recordDecision(decision) { report.decisions.copied += 1 } else { report.decisions.present += 1 }
        }
        // The journal is read back to front in pages; entries are copied oldest first.
        var entries: [JournalEntry] = []
        var before: Int64?
        while true {
            let page = try await source.journal(limit: 1000, beforeId: before)
            guard let last = page.last else { break }
            entries += page
            before = last.id
        }
        for entry in entries.reversed() {
            if try await target.appendJournal(entry) { report.journal.copied += 1 } else { report.journal.present += 1 }
        }
        // Each as the scan that stored it, then its last sighting (the unchanged rescans).
        for info in try await source.snapshots().reversed() {
            guard let stored = try await source.snapshot(id: info.id) else { continue }
            let outcome = try await target.publish(stored.snapshot, scannedAt: info.firstScannedAt, errors: stored.errors,
                                                   by: "store migrate")
            if outcome == .stored { report.snapshots.copied += 1 } else { report.snapshots.present += 1 }
            if outcome == .stored, info.lastSeenAt > info.firstScannedAt {
                try await target.publish(stored.snapshot, scannedAt: info.lastSeenAt, errors: stored.errors, by: "store migrate")
            }
        }
        return report
    }
}
