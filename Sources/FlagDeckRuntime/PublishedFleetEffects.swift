import CodeReferences
import FlagDeck
import FlagModel
import FleetReview
import FleetStore
import Foundation
import Logging
import TeamStore

/// The dashboard on the team store (`flagdeck --from-store`): the latest published
/// snapshot, the team's decisions and journal, read again every `refreshSeconds` and on
/// Ctrl-R. No AWS call at all: an auditor needs only a PostgreSQL role.
public final class PublishedFleetEffects: EffectHandler, @unchecked Sendable {
    private let store: TeamStore
    private let refreshSeconds: Int
    private let logger = Logger(label: "flagdeck.teamstore")

    public init(store: TeamStore, refreshSeconds: Int) {
        self.store = store
        self.refreshSeconds = refreshSeconds
    }

    public func start(mailbox: Mailbox) {
        Task {
            while !Task.isCancelled {
                await load(mailbox)
                try? await Task.sleep(for: .seconds(refreshSeconds))
            }
        }
    }

    public func handle(_ effect: Effect, mailbox: Mailbox) {
        switch effect {
        case .refresh:
            Task { await load(mailbox) }
        case .loadTheme:
            break
        default:
            mailbox.post(.status(StatusMessage("opened from the team store: nothing can be changed from here", .warning)))
        }
    }

    private func load(_ mailbox: Mailbox) async {
        do {
            if let published = try await store.latestSnapshot() {
                // The Audit view as the publisher saw it: deployments, CloudTrail's who, the
                // journal's notes (CloudTrail is read where there are AWS credentials).
                let audit = try await store.latestAudit()?.audit
                mailbox.post(.auditTrailLoaded(audit?.trail ?? .off, notes: audit?.notes ?? []))
                mailbox.post(.scanFinished(ScanResult(
                    scannedAt: published.scannedAt, snapshot: published.snapshot, deployments: audit?.deployments ?? [],
                    errors: published.errors.map {
                        ScanError(account: $0.account, accountId: nil, region: $0.region, application: $0.application,
                                  environment: $0.environment, message: $0.message)
                    })))
                mailbox.post(.publishedBy(published.publishedBy))
                // Code references as the team last found them, with the repositories' own filters.
                let references = try await store.codeReferenceScans()
                if !references.isEmpty {
                    let index = CodeReferenceIndex(scans: references.map(\.scan), sources: references.map(\.source))
                    mailbox.post(.codeReferencesLoaded(index.summaries(for: published.snapshot.rows.map(\.flag))))
                }
            } else {
                mailbox.post(.status(StatusMessage("the team store has no published snapshot yet: `flagdeck scan --publish` writes one",
                                                   .warning)))
            }
            mailbox.post(.decisionsLoaded(DecisionEffects.infos(DecisionBook(try await store.decisions()))))
            mailbox.post(.journalLoaded(try await store.journal(limit: 500).map {
                JournalLine(at: $0.at, actor: $0.actor, action: $0.action, target: $0.target, result: $0.result)
            }))
        } catch {
            // The last picture stays on screen; the header's age tells how old it is.
            logger.error("team store not read: \(error)")
            mailbox.post(.status(StatusMessage("team store not read: \(error)", .error)))
        }
    }
}
