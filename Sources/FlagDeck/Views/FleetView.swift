import FlagModel
import Foundation
import TerminalUI

/// The Fleet view: one row per flag grouped by application/profile, one column per
/// environment grouped by account/region; the flag and verdict columns stay put while
/// the environment columns scroll sideways. When the environments do not fit, one column
/// per environment name stands for it in every account and region (`FleetColumnLayout`).
struct FleetView {
    static let flagWidth = 28
    static let badgeWidth = 16
    static let cellWidth = 9

    let state: AppState
    var now = Date()

    func title() -> String {
        guard state.result != nil else { return "Flags(0)" }
        let lines = state.fleetLines()
        let shown = lines.count - lines.filter { $0.flagIndex == nil }.count
        var title = "Flags(\(shown))"
        if let quick = state.fleet.quick {
            title += "[\(quick.rawValue) \(shown)]"
        } else {
            let counts = state.verdictCounts()
            let parts = [VerdictKind.stale, .dead, .overdue, .drift].compactMap { kind in
                counts[kind].map { "\(kind == .shortTerm ? "short-term" : kind.rawValue) \($0)" }
            }
            if !parts.isEmpty { title += "[" + parts.joined(separator: " · ") + "]" }
        }
        if !state.filterText.isEmpty { title += " /\(state.filterText)" }
        if state.fleet.sort != .name { title += " by \(state.fleet.sort.rawValue)" }
        return title
    }

    /// Rows of flags the list shows at the state's size; `update` uses it to keep the
    /// scroll position stable, the view to draw the same window.
    static func listHeight(_ state: AppState) -> Int {
        let body = max(0, state.size.height - 4 - 2)  // header, tabs, status, footer; box
        let errors = min(2, state.result?.errors.count ?? 0)
        var rows = body
        rows -= min(errors, max(0, body - 4))
        if rows > 8 { rows -= 1 }  // legend
        return max(0, rows - 2)  // account/region row, column header
    }

    /// The room left for environment columns beside FLAG and VERDICT (each environment
    /// column costs its width and a one-cell gap).
    static func environmentWidth(_ size: Size) -> Int {
        max(0, size.width - 2 - flagWidth - 1 - badgeWidth)
    }

    /// The environment columns at the state's size: `update` moves the column cursor
    /// over the same layout the view draws.
    static func columnLayout(_ state: AppState, grouping: ColumnGrouping? = nil) -> FleetColumnLayout {
        FleetColumnLayout(grouping: grouping ?? state.fleetGrouping(), width: environmentWidth(state.size),
                          expanded: state.fleet.expanded)
    }

    func render(into buffer: inout CellBuffer, area: Rect) {
        let inner = drawBox(&buffer, area, title: title())
        guard let result = state.result, !inner.isEmpty else { return }
        var body = inner
        for error in result.errors.prefix(2) where body.height > 4 {
            buffer.put("✖ unreadable \(error.part): \(error.message)", x: body.x, y: body.y,
                       width: body.width, style: CellStyle(.error))
            body = Rect(x: body.x, y: body.y + 1, width: body.width, height: body.height - 1)
        }
        let grouping = state.fleetGrouping()
        let layout = Self.columnLayout(state, grouping: grouping)
        // The legend costs a line; keep it while there is room for a few rows.
        if body.height > 8 {
            buffer.put(layout.isGrouped ? CellGlyphs.groupedLegend : CellGlyphs.legend, x: body.x, y: body.maxY - 1,
                       width: body.width, style: CellStyle(.muted))
            body.height -= 1
        }
        let grid = EnvironmentGrid(grouping: grouping, layout: layout, cursor: state.fleet.column,
                                   first: state.fleet.firstColumn, now: now)
        let lines = state.fleetLines()
        let tableColumns = [TableColumn("FLAG", width: .fixed(Self.flagWidth)),
                            TableColumn("VERDICT", width: .fixed(Self.badgeWidth))] + grid.tableColumns()
        // Only the rows on screen become table rows: a 10,000-flag fleet must not cost
        // 10,000 rows of formatting per frame.
        let visibleCount = max(0, body.height - 2)
        let offset = ScrollWindow.offset(current: state.fleet.list.offset, selected: state.fleet.list.selected,
                                         visible: visibleCount, count: lines.count)
        let window = lines.isEmpty ? [] : Array(lines[offset..<min(lines.count, offset + visibleCount)])
        let rows: [TableRow] = window.map { line in
            switch line {
            case .group(let app, let profile, let count):
                return .group("▾ \(app) / \(profile) (\(count))")
            case .flag(let index):
                let row = result.snapshot.rows[index]
                let (badges, badgeRole) = CellGlyphs.badges(row)
                // `?`: the flag may live where this scan could not read; its verdicts speak of the rest.
                return .cells([TableCell((row.isComplete ? "  " : "? ") + row.flag.key, row.isComplete ? .text : .warning),
                               TableCell(badges + Self.codeMark(state.codeReferences(of: row.flag), after: badges), badgeRole)] + grid.cells(row))
            }
        }
        let table = Table(columns: tableColumns, rows: rows, selected: lines.isEmpty ? nil : state.fleet.list.selected - offset,
                          offset: 0, frozenColumns: 2 + layout.pinned.count,
                          firstScrollableColumn: grid.first,
                          emptyMessage: result.snapshot.rows.isEmpty ? "No feature flags in this fleet." : "No flags match — Esc clears the filter, 0 shows all verdicts.")
        // A row above the header names each column's account/region (or the group's keys).
        let labelRow = Rect(x: body.x, y: body.y, width: body.width, height: min(1, body.height))
        let tableArea = Rect(x: body.x, y: body.y + 1, width: body.width, height: body.height - 1)
        let visible = table.visibleColumns(in: tableArea.width)
        renderLabelRow(into: &buffer, area: labelRow, visible: visible, grid: grid)
        table.render(into: &buffer, area: tableArea)
        if let cursor = grid.cursor, !tableArea.isEmpty {
            // The column cursor: its header in the active look, and a `▸` in the gap before
            // it that says the same without colour (unless the gap shows the `◀` scroll mark).
            var x = tableArea.x
            for column in visible {
                if column.index == 2 + cursor {
                    buffer.restyle(Rect(x: x, y: tableArea.y, width: column.width, height: 1)) { _ in CellStyle(.tabActive) }
                    if x > tableArea.x, buffer[x - 1, tableArea.y].grapheme == " " {
                        buffer.put("▸", x: x - 1, y: tableArea.y, style: CellStyle(.tableHeader))
                    }
                }
                x += column.width + 1
            }
        }
    }

    /// Labels above the environment columns; neighbours with the same label share one
    /// that spans them.
    private func renderLabelRow(into buffer: inout CellBuffer, area: Rect, visible: [(index: Int, width: Int)],
                                grid: EnvironmentGrid) {
        guard !area.isEmpty else { return }
        var x = area.x
        var i = 0
        while i < visible.count {
            let column = visible[i]
            guard column.index >= 2 else { x += column.width + 1; i += 1; continue }
            let label = grid.label(column.index - 2)
            var width = column.width
            var j = i + 1
            while j < visible.count, grid.label(visible[j].index - 2) == label {
                width += visible[j].width + 1
                j += 1
            }
            buffer.put("┌" + grid.fitted(label, width: width), x: x, y: area.y, width: max(1, width), style: CellStyle(.groupHeader), clip: area)
            x += width + 1
            i = j
        }
    }

    /// ` code:3` after the badges when the flag is still referenced in code.
    static func codeMark(_ refs: FlagCodeReferences?, after badges: String) -> String {
        guard let refs, refs.count > 0 else { return "" }
        return (badges.isEmpty ? "" : " ") + "code:\(refs.count)"
    }
}
