import CodeReferences
import FlagDeck
import FlagModel
import FleetStore
import Foundation
import Logging
import TeamStore

/// Code references for the dashboard (issue 16): after each scan the stored ones are shown
/// at once, and the configured repositories are searched again in the background (at most
/// every `interval`), never on the scan's own path.
public final class CodeReferenceEffects: @unchecked Sendable {
    private let sources: [CodeReferenceSource]
    private let store: FleetStore
    /// Where searches are shared, and a teammate's newer ones read.
    private let team: TeamStore?
    private let interval: TimeInterval
    private let lock = NSLock()
    private var lastSearch = Date.distantPast
    private var searching = false
    private let logger = Logger(label: "flagdeck.refs")

    init(sources: [CodeReferenceSource], store: FleetStore, team: TeamStore? = nil, interval: TimeInterval = 300) {
        self.sources = sources
        self.store = store
        self.team = team
        self.interval = interval
    }

    /// Posts the stored references of `flags`, then searches again when due.
    func refresh(flags: [FlagID], mailbox: Mailbox) async {
        await post(flags, mailbox)
        let due: Bool = lock.withLock {
            guard !searching, Date().timeIntervalSince(lastSearch) >= interval else { return false }
            searching = true
            return true
        }
        guard due else { return }
        Task.detached { [self] in
            await search(flags)
            lock.withLock {
                searching = false
                lastSearch = Date()
            }
            await post(flags, mailbox)
        }
    }

    private func search(_ flags: [FlagID]) async {
        for source in sources {
            let keys = Set(flags.filter { source.applies(to: $0.application) }.map(\.key))
            do {
                let scan = try CodeReferenceScanner.scan(repository: source.path, keys: Array(keys))
                try await store.saveCodeReferences(scan)
                do {
                    try await team?.publishCodeReferences(scan, source: source)
                } catch {
                    logger.warning("code references of \(source.path) not shared with the team store: \(error)")
                }
            } catch {
                // The stored scan (if any) stays; the Flag view says how old it is.
                logger.warning("code references of \(source.path) not refreshed: \(error)")
            }
        }
    }

    private func post(_ flags: [FlagID], _ mailbox: Mailbox) async {
        do {
            let index = CodeReferenceIndex(scans: try await Self.scans(local: store, team: team), sources: sources)
            mailbox.post(.codeReferencesLoaded(index.summaries(for: flags)))
        } catch {
            logger.error("could not read code references: \(error)")
        }
    }

    /// This machine's scans and the team's, the newest of each repository. The team's
    /// side never hides the local ones: unreadable, it is left out (and logged).
    public static func scans(local: FleetStore, team: TeamStore?) async throws -> [RepositoryScan] {
        var scans = try await local.codeReferenceScans()
        if let team {
            do {
                scans += try await team.codeReferenceScans().map(\.scan)
            } catch {
                Logger(label: "flagdeck.refs").warning("the team's code references not read: \(error)")
            }
        }
        return RepositoryScan.newestPerRepository(scans)
    }
}
