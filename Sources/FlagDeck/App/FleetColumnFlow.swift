import FlagModel

/// The Fleet view's environment columns under the keys. When every column fits, ←/→
/// scroll them and there is no column cursor. When they are grouped by environment
/// name, ←/→ move a column cursor over the groups (with one group expanded: over its
/// pinned summary, then its member environments), scrolling as it goes; Enter on a
/// group expands it, Enter on the expanded group's summary (or Esc) collapses it, and
/// Enter anywhere else opens the flag as always. The cursor left of the first column is
/// on the flag itself (`fleet.column == nil`).
enum FleetColumnFlow {
    static func move(_ state: inout AppState, by delta: Int) {
        let layout = FleetView.columnLayout(state)
        var first = max(0, min(state.fleet.firstColumn, layout.scrolling.count - 1))
        guard layout.isGrouped else {
            state.fleet.firstColumn = max(0, min(layout.scrolling.count - 1, first + delta))
            return
        }
        let pinned = layout.pinned.count
        guard layout.positions > 0 else { state.fleet.column = nil; return }
        var target: Int?
        if let column = state.fleet.column {
            if delta > 0, column == pinned - 1 {
                // From the pinned summary into the members on screen, not back to the first.
                target = min(layout.positions - 1, pinned + first)
            } else {
                target = column + delta < 0 ? nil : min(layout.positions - 1, column + delta)
            }
        } else if delta > 0 {
            target = pinned > 0 ? 0 : min(layout.positions - 1, first)
        }
        if let target, target >= pinned { first = layout.firstShowing(target - pinned, from: first) }
        state.fleet.column = target
        state.fleet.firstColumn = first
    }

    /// Enter in the Fleet view: expands the group under the column cursor or collapses
    /// the expanded one. False when Enter should open the flag instead.
    static func enter(_ state: inout AppState) -> Bool {
        let layout = FleetView.columnLayout(state)
        guard layout.isGrouped, let column = state.fleet.column, column < layout.positions,
              case .group(let g) = layout.entry(at: column).slot else { return false }
        if case .expanded = layout.mode {
            return collapse(&state)
        }
        expand(&state, group: g)
        return true
    }

    /// Expands a group, the cursor on its summary. When the selected flag differs across
    /// the group, the members scroll to the first environment that differs from the rest.
    static func expand(_ state: inout AppState, group g: Int) {
        let grouping = state.fleetGrouping()
        let group = grouping.groups[g]
        state.fleet.expanded = group.name
        state.fleet.column = 0
        state.fleet.firstColumn = 0
        var text = "\(group.title): \(group.accounts) account\(group.accounts == 1 ? "" : "s") × \(group.regions) region\(group.regions == 1 ? "" : "s")"
        if let row = selectedRow(state) {
            let placed = grouping.place(row)
            let d = placed.distributions[g]
            let outliers = group.members.indices.filter { m in placed.cell(group.members[m], of: row).map(d.isOutlier) ?? false }
            if let m = outliers.first {
                // From the outlier's account's first region, so its regions show side by side.
                let column = grouping.columns[group.members[m]]
                state.fleet.firstColumn = group.members.firstIndex { grouping.columns[$0].accountName == column.accountName } ?? m
                text += " — \(row.flag.key) differs in \(outliers.count), first \(column.accountName) \(column.region)"
            }
        }
        state.status = StatusMessage(text + " — Esc collapses")
    }

    /// Collapses the expanded group, the cursor on it. False when nothing is expanded.
    @discardableResult
    static func collapse(_ state: inout AppState) -> Bool {
        guard case .expanded(let g) = FleetView.columnLayout(state).mode else { return false }
        let name = state.fleet.expanded ?? ""
        state.fleet.expanded = nil
        state.fleet.column = g
        state.fleet.firstColumn = FleetView.columnLayout(state).firstShowing(g, from: 0)
        state.status = StatusMessage("\(name) collapsed")
        return true
    }

    /// After data, scope or size change: no cursor or expansion where nothing is grouped,
    /// and positions that exist.
    static func clamp(_ state: inout AppState) {
        let layout = FleetView.columnLayout(state)
        if !layout.isGrouped {
            state.fleet.column = nil
            state.fleet.expanded = nil
        } else if layout.mode == .grouped {
            state.fleet.expanded = nil
        }
        if let column = state.fleet.column, column >= layout.positions {
            state.fleet.column = layout.positions > 0 ? layout.positions - 1 : nil
        }
        state.fleet.firstColumn = max(0, min(state.fleet.firstColumn, layout.scrolling.count - 1))
    }

    private static func selectedRow(_ state: AppState) -> FlagRow? {
        let lines = state.fleetLines()
        guard state.fleet.list.selected < lines.count, let index = lines[state.fleet.list.selected].flagIndex else { return nil }
        return state.result?.snapshot.rows[index]
    }
}
