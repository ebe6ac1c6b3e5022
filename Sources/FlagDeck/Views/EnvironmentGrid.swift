import FlagModel
import Foundation
import TerminalUI

/// The environment part of the Fleet table for one layout: the column headers, the
/// labels in the row above them, and each flag's cells. Positions count the pinned
/// columns, then the scrolling ones (as the column cursor does).
struct EnvironmentGrid {
    /// Above the groups: what a group column is, and the keys that open one.
    static let groupedHint = "←/→ pick a column, Enter expands it into its accounts & regions"
    static let shortGroupedHint = "←/→ pick, Enter expands"
    /// Above the expanded group's summary.
    static let expandedHint = "Esc closes"

    let grouping: ColumnGrouping
    let layout: FleetColumnLayout
    /// The column cursor (grouped modes only); nil: on the flag.
    let cursor: Int?
    /// The first scrolling column on screen.
    let first: Int
    let now: Date

    init(grouping: ColumnGrouping, layout: FleetColumnLayout, cursor: Int?, first: Int, now: Date) {
        self.grouping = grouping
        self.layout = layout
        self.cursor = layout.isGrouped ? cursor.flatMap { $0 < layout.positions ? $0 : nil } : nil
        self.first = max(0, min(first, layout.scrolling.count - 1))
        self.now = now
    }

    var entries: [FleetColumnLayout.Entry] { layout.pinned + layout.scrolling }

    func tableColumns() -> [TableColumn] {
        entries.indices.map { TableColumn(header($0), width: .fixed(entries[$0].width)) }
    }

    /// Column titles; the cursor's mark goes in the gap before its column (see `FleetView`).
    func header(_ position: Int) -> String {
        switch entries[position].slot {
        case .group(let g):
            if case .expanded = layout.mode { return "▾" + grouping.groups[g].title }
            return grouping.groups[g].title
        case .column(let c):
            let column = grouping.columns[c]
            if case .expanded = layout.mode { return RegionName.short(column.region) }
            return column.environmentName
        }
    }

    /// The label above a column; neighbours with the same label share one.
    func label(_ position: Int) -> String {
        switch (layout.mode, entries[position].slot) {
        case (.individual, .column(let c)): return grouping.columns[c].groupLabel
        case (.expanded, .column(let c)): return grouping.columns[c].accountName
        case (.expanded, .group): return Self.expandedHint
        default: return Self.groupedHint
        }
    }

    /// `label` as drawn in `width` columns: the hint loses its explanation before its keys.
    func fitted(_ label: String, width: Int) -> String {
        label == Self.groupedHint && DisplayWidth.of(label) >= width ? Self.shortGroupedHint : label
    }

    /// A flag's environment cells. Only the columns on screen are formatted; the cells
    /// are placed with one pass over the row (see `ColumnGrouping.place`). In an expanded
    /// group, the members that differ from the rest wear the group's drift colour.
    func cells(_ row: FlagRow) -> [TableCell] {
        let placed = grouping.place(row)
        var expanded: (distribution: StateDistribution, production: Bool)?
        if case .expanded(let g) = layout.mode {
            expanded = (placed.distributions[g], grouping.groups[g].isProduction)
        }
        let visible = layout.pinned.count + first + layout.visibleCount(from: first)
        var cells = [TableCell](repeating: TableCell(""), count: visible)
        for position in cells.indices where position < layout.pinned.count || position >= layout.pinned.count + first {
            let entry = entries[position]
            let (text, role): (String, StyleRole)
            switch entry.slot {
            case .column(let c):
                let cell = placed.cell(c, of: row)
                (text, role) = CellGlyphs.text(cell, now: now)
                if let expanded, let cell, expanded.distribution.isOutlier(cell) {
                    cells[position] = TableCell(text, expanded.production ? .drift : .warning)
                    continue
                }
            case .group(let g):
                (text, role) = CellGlyphs.distribution(placed.distributions[g], width: entry.width,
                                                       production: grouping.groups[g].isProduction)
            }
            cells[position] = TableCell(text, role)
        }
        return cells
    }
}
