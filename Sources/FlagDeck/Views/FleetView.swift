import FlagModel
import Foundation
import TerminalUI

/// The Fleet view: one row per flag grouped by application/profile, one column per
/// environment grouped by account/region; the flag and verdict columns stay put while
/// the environment columns scroll sideways.
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

    func render(into buffer: inout CellBuffer, area: Rect) {
        let inner = drawBox(&buffer, area, title: title())
        guard let result = state.result, !inner.isEmpty else { return }
        var body = inner
        for error in result.errors.prefix(2) where body.height > 4 {
            buffer.put("✖ unreadable \(error.part): \(error.message)", x: body.x, y: body.y,
                       width: body.width, style: CellStyle(.error))
            body = Rect(x: body.x, y: body.y + 1, width: body.width, height: body.height - 1)
        }
        // The legend costs a line; keep it while there is room for a few rows.
        if body.height > 8 {
            buffer.put(CellGlyphs.legend, x: body.x, y: body.maxY - 1, width: body.width, style: CellStyle(.muted))
            body.height -= 1
        }
        let columns = state.fleetColumns()
        let lines = state.fleetLines()
        var tableColumns = [TableColumn("FLAG", width: .fixed(Self.flagWidth)),
                            TableColumn("VERDICT", width: .fixed(Self.badgeWidth))]
        tableColumns += columns.map { TableColumn($0.environmentName, width: .fixed(Self.cellWidth)) }
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
                var cells = [TableCell((row.isComplete ? "  " : "? ") + row.flag.key, row.isComplete ? .text : .warning),
                             TableCell(badges, badgeRole)]
                for column in columns {
                    let cell = row.cells.first { column.contains($0.environment) && $0.environment.applicationName == row.flag.application }
                    let (text, role) = CellGlyphs.text(cell, now: now)
                    cells.append(TableCell(text, role))
                }
                return .cells(cells)
            }
        }
        let table = Table(columns: tableColumns, rows: rows, selected: lines.isEmpty ? nil : state.fleet.list.selected - offset,
                          offset: 0, frozenColumns: 2,
                          firstScrollableColumn: state.fleet.firstColumn,
                          emptyMessage: result.snapshot.rows.isEmpty ? "No feature flags in this fleet." : "No flags match — Esc clears the filter, 0 shows all verdicts.")
        // A row above the header names each column's account/region.
        let groupRow = Rect(x: body.x, y: body.y, width: body.width, height: min(1, body.height))
        renderGroupRow(into: &buffer, area: groupRow, table: table, columns: columns)
        let tableArea = Rect(x: body.x, y: body.y + 1, width: body.width, height: body.height - 1)
        table.render(into: &buffer, area: tableArea)
    }

    private func renderGroupRow(into buffer: inout CellBuffer, area: Rect, table: Table, columns: [EnvironmentColumn]) {
        guard !area.isEmpty else { return }
        let visible = table.visibleColumns(in: area.width)
        var x = area.x
        var lastGroup: String?
        for column in visible {
            defer { x += column.width + 1 }
            guard column.index >= 2 else { continue }
            let env = columns[column.index - 2]
            if env.groupLabel != lastGroup {
                lastGroup = env.groupLabel
                // Spans the group's visible columns.
                let span = visible.filter { $0.index >= column.index && columns[$0.index - 2].groupLabel == env.groupLabel }
                let width = span.reduce(0) { $0 + $1.width + 1 } - 1
                buffer.put("┌" + env.groupLabel, x: x, y: area.y, width: max(1, width), style: CellStyle(.groupHeader), clip: area)
            }
        }
    }
}
