import FlagModel
import FleetStore
import Foundation

extension ReviewReport {
    /// Everything the minutes are made of. Pure: the command fetches, this judges.
    public struct Input: Sendable {
        public var snapshot: FleetSnapshot
        public var scannedAt: Date
        public var scanFailures: [ScanFailure]
        public var decisions: DecisionBook
        public var baseline: BaselineLookup
        public var today: ReviewDay

        public init(snapshot: FleetSnapshot, scannedAt: Date, scanFailures: [ScanFailure] = [],
                    decisions: DecisionBook, baseline: BaselineLookup, today: ReviewDay) {
            self.snapshot = snapshot
            self.scannedAt = scannedAt
            self.scanFailures = scanFailures
            self.decisions = decisions
            self.baseline = baseline
            self.today = today
        }
    }

    /// Current `retired` decisions recorded after `since`, newest first.
    static func retired(_ book: DecisionBook, since: Date) -> [Retired] {
        book.currentDecisions.values.filter { $0.kind == .retired && $0.createdAt > since }
            .sorted { ($0.createdAt, $1.flag) > ($1.createdAt, $0.flag) }
            .map { Retired(flag: $0.flag.description, by: $0.author, on: Timestamp.formatSeconds($0.createdAt), note: $0.note) }
    }

    public static func build(_ input: Input) -> ReviewReport {
        let book = input.decisions, day = input.today
        let snapshot = book.applyingPermanent(to: input.snapshot)
        let rows = snapshot.rows.filter(Candidates.isPresent)
        let candidacy = Dictionary(uniqueKeysWithValues: rows.map { ($0.flag, Candidates.candidacy($0, book: book, on: day)) })

        var open: [Candidate] = [], held: [Candidate] = []
        for row in rows {
            switch candidacy[row.flag]! {
            case .notCandidate: break
            case .candidate(let verdicts): open.append(candidate(row, verdicts, book, day, snapshot.asOf))
            case .exempt(_, let d) where d.kind == .retired: break  // done: listed under `retired`
            case .exempt(let verdicts, _): held.append(candidate(row, verdicts, book, day, snapshot.asOf))
            }
        }
        let byAge: (Candidate, Candidate) -> Bool = {
            ($0.daysUnchanged ?? -1, $1.flag) > ($1.daysUnchanged ?? -1, $0.flag)
        }

        let changes: Changes
        if let baseline = input.baseline.baseline {
            let c = ReviewChanges.compare(baseline: baseline.snapshot, current: snapshot, book: book, on: day)
            changes = Changes(baseline: baseline.origin.description, baselineScannedAt: Timestamp.formatSeconds(baseline.scannedAt),
                              unavailable: nil, newFlags: c.newFlags.map(\.description),
                              removedFlags: c.removedFlags.map(\.description),
                              newCandidates: c.newCandidates.map { .init(flag: $0.flag.description, reasons: $0.verdicts.map(\.description)) },
                              resolvedCandidates: c.resolvedCandidates.map(\.description))
        } else {
            let origin: String = switch input.baseline {
            case .noSnapshot(let o): o.description
            default: "the previous review"
            }
            changes = Changes(baseline: origin, baselineScannedAt: nil, unavailable: input.baseline.explanation,
                              newFlags: [], removedFlags: [], newCandidates: [], resolvedCandidates: [])
        }

        let present = Set(rows.map(\.flag))
        let decisions = book.flags.compactMap { flag -> Decision? in
            guard let d = book.current(flag) else { return nil }
            let badge = DecisionBadge(d, on: day, flagPresent: present.contains(flag))
            let checklist = [(3, d.checklist.positiveFeedback), (4, d.checklist.noRefactorsExpected),
                             (5, d.checklist.noLongerNeeded)].filter(\.1).map(\.0)
            return Decision(flag: flag.description, kind: d.kind.rawValue, badge: badge.text,
                            status: present.contains(flag) || badge.state == .done ? badge.state.rawValue : "flag gone",
                            owner: d.owner, targetDate: d.targetDate, note: d.note, checklist: checklist,
                            author: d.author, createdAt: Timestamp.formatSeconds(d.createdAt),
                            superseded: book.history(of: flag).count - 1)
        }

        let accountNames = Set(snapshot.environments.map(\.id.accountName))
        return ReviewReport(
            date: day.description,
            scan: Scan(scannedAt: Timestamp.formatSeconds(input.scannedAt), asOf: Timestamp.formatSeconds(snapshot.asOf),
                       flags: rows.count, accounts: accountNames.count, environments: snapshot.environments.count,
                       failures: input.scanFailures.map {
                           [$0.account, $0.region, $0.application, $0.environment].compactMap { $0 }.joined(separator: "/") + ": \($0.message)"
                       }),
            verdictCounts: VerdictKind.allCases.map { kind in
                VerdictCount(verdict: verdictName(kind), flags: rows.filter { $0.has(kind) }.count)
            },
            openCandidates: open.count,
            applications: groups(rows, candidacy) { [$0.flag.application] },
            accounts: groups(rows, candidacy) { row in
                Set(row.cells.filter { $0.state != .absent }.map(\.environment.accountName)).sorted()
            },
            candidates: open.sorted(by: byAge),
            heldBack: held.sorted(by: byAge),
            decisions: decisions,
            overdueRetirements: OverdueRetirement.find(in: snapshot, book: book, on: day).map {
                Overdue(flag: $0.decision.flag.description, owner: $0.decision.owner,
                        targetDate: $0.decision.targetDate ?? "", daysOverdue: $0.daysOverdue)
            },
            retired: retired(book, since: input.baseline.baseline?.scannedAt ?? input.scannedAt.addingTimeInterval(-31 * 86_400)),
            sinceLastReview: changes,
            shortTermAges: AgeHistogram.buckets(rows.filter { $0.has(.shortTerm) }, asOf: snapshot.asOf))
    }

    /// `short-term` as `flagdeck scan` spells it; the other kinds by name.
    static func verdictName(_ kind: VerdictKind) -> String { kind == .shortTerm ? "short-term" : kind.rawValue }

    static func candidate(_ row: FlagRow, _ verdicts: [Verdict], _ book: DecisionBook, _ day: ReviewDay,
                          _ asOf: Date) -> Candidate {
        Candidate(flag: row.flag.description, name: row.definition?.name, verdicts: verdicts.map { verdictName($0.kind) },
                  reasons: verdicts.map(\.reason), daysUnchanged: Candidates.daysUnchanged(row, asOf: asOf),
                  decision: book.badge(row.flag, on: day)?.text)
    }

    static func groups(_ rows: [FlagRow], _ candidacy: [FlagID: Candidacy],
                       by names: (FlagRow) -> [String]) -> [GroupCount] {
        var out: [String: GroupCount] = [:]
        for row in rows {
            for name in names(row) {
                var g = out[name] ?? GroupCount(name: name, flags: 0, candidates: 0, verdicts: [:])
                g.flags += 1
                if candidacy[row.flag]?.isCandidate == true { g.candidates += 1 }
                for kind in Set(row.verdicts.map(\.kind)) { g.verdicts[verdictName(kind), default: 0] += 1 }
                out[name] = g
            }
        }
        return out.values.sorted { $0.name < $1.name }
    }
}
