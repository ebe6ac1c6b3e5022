import Foundation

/// Which unreadable parts may hold a flag: an application that failed alone holds only
/// its own flags; a whole account/region that failed holds the applications an earlier
/// scan saw there, or, with no earlier knowledge, any flag at all. Silence is never
/// taken for "not there".
struct UnreadableScope {
    private let parts: [UnreadablePart]
    /// Per whole-region part: the applications the earlier scan saw there (nil: it saw nothing).
    private let knownApplications: [UnreadablePart: Set<String>]

    init(parts: [UnreadablePart], earlier: FleetSnapshot?) {
        self.parts = parts.sorted()
        var known: [UnreadablePart: Set<String>] = [:]
        for part in parts where part.application == nil {
            guard let earlier else { continue }
            let apps = Set(earlier.environments.filter { part.contains($0.id) }.map(\.id.applicationName))
            if !apps.isEmpty { known[part] = apps }
        }
        knownApplications = known
    }

    func parts(forApplication app: String) -> [UnreadablePart] {
        parts.filter { part in
            if let a = part.application { return a == app }
            return knownApplications[part].map { $0.contains(app) } ?? true
        }
    }
}

/// The last known cells of environments that could not be read now, from the earlier
/// scan, each marked with when it was read.
struct CarriedCells {
    private var byFlag: [FlagID: (row: FlagRow, cells: [FlagCell])] = [:]

    init(earlier: EarlierScan?, environments lastReadAt: [EnvironmentID: Date]) {
        guard let earlier, !lastReadAt.isEmpty else { return }
        for row in earlier.snapshot.rows {
            var cells: [FlagCell] = []
            for var cell in row.cells {
                guard let readAt = lastReadAt[cell.environment] else { continue }
                cell.lastReadAt = cell.lastReadAt ?? readAt
                cells.append(cell)
            }
            if !cells.isEmpty { byFlag[row.flag] = (row, cells) }
        }
    }

    var isEmpty: Bool { byFlag.isEmpty }

    func cells(for flag: FlagID) -> [FlagCell] { byFlag[flag]?.cells ?? [] }

    /// Flags seen only in unreadable parts: shown with their last known cells. Only what
    /// their last known definition says is judged (short-term, overdue, permanent); no
    /// cell is fresh, so nothing about serving is.
    func rowsOnlyKnownEarlier(excluding seen: Set<FlagID>, unreadable: UnreadableScope,
                              policy: RetirementPolicy) -> [FlagRow] {
        byFlag.filter { !seen.contains($0.key) }.map { flag, known in
            var row = FlagRow(flag: flag, definition: known.row.definition, cells: known.cells, verdicts: [],
                              unreadable: unreadable.parts(forApplication: flag.application),
                              notes: ["not read by this scan: last known values only"],
                              problems: known.row.problems, deprecationDates: known.row.deprecationDates)
            row.verdicts = Verdicts.judge(row, policy: policy)
            return row
        }
    }
}
