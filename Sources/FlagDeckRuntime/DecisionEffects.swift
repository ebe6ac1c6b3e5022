import FlagDeck
import FlagModel
import FleetReview
import FleetStore
import Foundation
import Logging
import TeamStore

/// Review decisions between the dashboard and the store, and the team store when there
/// is one: a decision is recorded in both, and the team's decisions (everyone's) are read
/// with the local ones, so a decision taken on one laptop shows on the next.
public struct DecisionEffects: Sendable {
    public let store: FleetStore
    public let team: TeamStore?

    public init(store: FleetStore, team: TeamStore? = nil) {
        self.store = store
        self.team = team
    }

    /// Every flag's decision as the UI shows it, and the flags decisions made permanent.
    public func load(now: Date = Date()) async throws -> (infos: [FlagID: DecisionInfo], permanent: Set<FlagID>) {
        let book = try await decisionBook()
        return (Self.infos(book, now: now), book.permanentFlags)
    }

    /// The local decisions and the team's, each decision once (one recorded here is in both).
    public func decisionBook() async throws -> DecisionBook {
        guard let team else { return try await store.decisionBook() }
        struct Key: Hashable { var flag: FlagID; var kind: DecisionKind; var author: String; var at: TimeInterval }
        var seen: Set<Key> = []
        var all: [ReviewDecision] = []
        var teamDecisions: [ReviewDecision] = []
        do {
            teamDecisions = try await team.decisions()
        } catch {
            // The local decisions still show; the log says why the team's do not.
            Logger(label: "flagdeck.teamstore").error("team decisions not read: \(error)")
        }
        for d in try await teamDecisions + store.decisionLog() {
            // To the nearest millisecond: what both stores keep of a time.
            let key = Key(flag: d.flag, kind: d.kind, author: d.author, at: (d.createdAt.timeIntervalSince1970 * 1000).rounded())
            if seen.insert(key).inserted { all.append(d) }
        }
        return DecisionBook(all)
    }

    /// Every flag's decision as the UI shows it, from any store's decisions.
    public static func infos(_ book: DecisionBook, now: Date = Date()) -> [FlagID: DecisionInfo] {
        let today = ReviewDay.today(now)
        var infos: [FlagID: DecisionInfo] = [:]
        for flag in book.flags {
            guard let current = book.current(flag), let badge = book.badge(flag, on: today) else { continue }
            var ticks: Set<Int> = []
            if current.checklist.positiveFeedback { ticks.insert(3) }
            if current.checklist.noRefactorsExpected { ticks.insert(4) }
            if current.checklist.noLongerNeeded { ticks.insert(5) }
            infos[flag] = DecisionInfo(text: badge.text, overdue: badge.state == .overdue,
                                       exempt: book.exemption(flag, on: today) != nil,
                                       history: book.history(of: flag).map(Self.describe), checklist: ticks)
        }
        return infos
    }

    public static func describe(_ d: ReviewDecision) -> String {
        var text = "\(UTCDate.format(d.createdAt)) \(d.author): \(d.kind.rawValue)"
        if let owner = d.owner { text += " owner \(owner)" }
        if let date = d.targetDate { text += " \(date)" }
        if let note = d.note, !note.isEmpty { text += " — \(note)" }
        return text
    }

    /// What recording a decision did, for the status line.
    public struct Recorded: Sendable {
        public var text: String
        /// Recorded on this machine, not (yet) in the team store: `text` says why.
        public var teamProblem: Bool
    }

    /// Validates and stores the request; the error text is for the status line. A
    /// decision the team store did not take is still recorded here (not an error).
    public func record(_ request: DecisionRequest) async throws -> Recorded {
        let checklist = ReviewChecklist(positiveFeedback: request.ticks.contains(3), noRefactorsExpected: request.ticks.contains(4),
                                        noLongerNeeded: request.ticks.contains(5))
        let note = request.value("Note")
        let draft: DecisionDraft
        switch request.choice {
        case .retire:
            draft = DecisionDraft(kind: .retire, owner: request.value("Owner"), targetDate: request.value("Retire by"),
                                  note: note, checklist: checklist)
        case .keepUntil:
            draft = DecisionDraft(kind: .keepUntil, targetDate: request.value("Keep until"), note: note, checklist: checklist)
        case .permanent:
            draft = DecisionDraft(kind: .permanent, note: request.values.first.flatMap { $0.isEmpty ? nil : $0 }, checklist: checklist)
        case .snooze:
            guard let text = request.value("Snooze"), let days = Int(text) else {
                throw DecisionInputError(message: "snooze needs a number of days, like 30")
            }
            draft = DecisionDraft(kind: .snooze, snoozeDays: days, note: note, checklist: checklist)
        case .note:
            guard let current = try await store.currentDecision(for: request.flag) else {
                throw DecisionInputError(message: "take a decision first (r retire, K keep, p permanent, z snooze), then add notes")
            }
            draft = DecisionDraft(kind: current.kind, owner: current.owner, targetDate: current.targetDate,
                                  note: request.values.first, checklist: checklist)
        }
        let decision = try await store.recordDecision(draft, for: request.flag)
        let what = "\(request.flag.key) \(Self.describe(decision))"
        guard let team else { return Recorded(text: "decision recorded: \(what)", teamProblem: false) }
        do {
            try await team.recordDecision(decision)
            return Recorded(text: "decision recorded: \(what)", teamProblem: false)
        } catch let error as TeamStoreError where error.serverUnreachable {
            // The status line is cut at the screen's width: what matters first.
            return Recorded(text: "decision recorded here; the team store does not answer and gets it when it does: \(what) (\(error))",
                            teamProblem: true)
        } catch {
            // Kept here; `flagdeck store migrate` copies it once the team store takes it.
            return Recorded(text: "decision recorded on this machine only, not in the team store (\(error)): \(what)", teamProblem: true)
        }
    }
}

public struct DecisionInputError: Error, CustomStringConvertible {
    public let message: String
    public var description: String { message }
}
