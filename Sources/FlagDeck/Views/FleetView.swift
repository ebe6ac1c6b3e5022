import FlagModel
import Foundation
import TerminalUI

/// The Fleet view: one row per flag grouped by application/profile, one column per
/// environment grouped by account/region; the flag and verdict columns stay put while
/// the environment columns scroll sideways.
struct FleetView {
    static let flagWidth = 28
    static let badgeWidth = 16
    static let cellWidth = 8

    let state: AppState

    func title() -> String {
        guard let snapshot = state.result?.snapshot else { return "Flags(0)" }
        let shown = state.fleetLines().filter { $0.flagIndex != nil }.count
        var title = "Flags(\(shown))"
        if let quick = state.fleet.quick {
            title += "[\(quick.rawValue) \(shown)]"
        } else {
            let counts = FleetRows.verdictCounts(snapshot)
            let parts = [VerdictKind.stale, .dead, .overdue, .drift].compactMap { kind in
                counts[kind].map { "\(kind == .shortTerm ? "short-term" : kind.rawValue) \($0)" }
            }
            if !parts.isEmpty { title += "[" + parts.joined(separator: " · ") + "]" }
        }
        if !state.filterText.isEmpty { title += " /\(state.filterText)" }
        if state.fleet.sort != .name { title += " by \(state.fleet.sort.rawValue)" }
        return title
    }

    func render(into buffer: inout CellBuffer, area: Rect) {
        let inner = drawBox(&buffer, area, title: title())
        guard let result = state.result, !inner.isEmpty else { return }
        var body = inner
        for error in result.errors.prefix(2) where body.height > 4 {
            buffer.put("✖ \(error.account)/\(error.region): \(error.message)", x: body.x, y: body.y,
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
        let rows: [TableRow] = lines.map { line in
            switch line {
            case .group(let app, let profile, let count):
                return .group("▾ \(app) / \(profile) (\(count))")
            case .flag(let index):
                let row = result.snapshot.rows[index]
                let (badges, badgeRole) = CellGlyphs.badges(row)
                var cells = [TableCell("  " + row.flag.key, .text), TableCell(badges, badgeRole)]
                for column in columns {
                    let cell = row.cells.first { column.contains($0.environment) && $0.environment.applicationName == row.flag.application }
                    let (text, role) = CellGlyphs.text(cell)
                    cells.append(TableCell(text, role))
                }
                return .cells(cells)
            }
        }
        let table = Table(columns: tableColumns, rows: rows, selected: lines.isEmpty ? nil : state.fleet.list.selected,
                          offset: state.fleet.list.offset, frozenColumns: 2,
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
