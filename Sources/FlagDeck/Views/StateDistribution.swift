import FlagModel

/// How one flag's cells spread over a group of environments: how many serve each state,
/// how many are moving, and how many could not be read now. The grouped Fleet view draws
/// one per flag and group (`● 597 ○ 3`).
struct StateDistribution: Hashable, Sendable {
    var on = 0
    var off = 0
    var variants = 0
    /// Powertools non-boolean features: they serve a value.
    var value = 0
    /// Absent where a served version lacks the flag (not promoted there yet).
    var missing = 0
    /// Absent where nothing is served at all.
    var unserved = 0
    /// Not known now: the served version could not be read, or the environment could not
    /// be read and only an earlier scan's value is known. Counts in no state.
    var unreadable = 0
    var rollingOut = 0
    var baking = 0
    var pending = 0

    mutating func add(_ cell: FlagCell) {
        guard cell.isFresh, cell.state != .unknown else { unreadable += 1; return }
        if cell.isRollingOut { rollingOut += 1 }
        if cell.isBaking { baking += 1 }
        if cell.isPending { pending += 1 }
        switch cell.state {
        case .on: on += 1
        case .off: off += 1
        case .variants: variants += 1
        case .value: value += 1
        case .absent: if cell.servedVersion == nil { unserved += 1 } else { missing += 1 }
        case .unknown: break
        }
    }

    /// Environments of the flag's application in the group.
    var total: Int { on + off + variants + value + missing + unserved + unreadable }
    var absent: Int { missing + unserved }

    /// The members serve different states, by the rule drift uses: on, off and variants
    /// disagree, and a flag on somewhere but missing from another served version disagrees.
    /// (An environment serving nothing disagrees with nobody.)
    var disagrees: Bool {
        let states = (on > 0 ? 1 : 0) + (off > 0 ? 1 : 0) + (variants > 0 ? 1 : 0) + (value > 0 ? 1 : 0)
        return states > 1 || (on > 0 && missing > 0)
    }

    /// Counts per state, most served first (ties in on, off, variants, value, absent order);
    /// zero counts left out. Unreadable environments are not a state: see `unreadable`.
    var states: [(state: CellState, count: Int)] {
        let all: [(state: CellState, count: Int)] = [(.on, on), (.off, off), (.variants, variants), (.value, value), (.absent, absent)]
        return all.enumerated().filter { $0.element.count > 0 }
            .sorted { ($1.element.count, $0.offset) < ($0.element.count, $1.offset) }
            .map(\.element)
    }

    /// The state most environments serve, nil when none was read.
    var majority: CellState? { states.first?.state }

    /// Whether `cell` is one of the members that disagree with the majority (what to look at first).
    func isOutlier(_ cell: FlagCell) -> Bool {
        guard disagrees, cell.isFresh, let majority else { return false }
        switch cell.state {
        case .on, .off, .variants, .value: return cell.state != majority
        case .absent: return cell.servedVersion != nil && majority == .on
        case .unknown: return false
        }
    }
}
