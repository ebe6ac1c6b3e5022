/// How wide a table column is.
public enum ColumnWidth: Hashable, Sendable {
    case fixed(Int)
    /// Takes a share of the leftover width, never less than `min`.
    case fill(min: Int)
}

public struct TableColumn: Hashable, Sendable {
    public var title: String
    public var width: ColumnWidth
    public var alignment: Alignment

    public init(_ title: String, width: ColumnWidth, alignment: Alignment = .left) {
        self.title = title
        self.width = width
        self.alignment = alignment
    }
}

public struct TableCell: Hashable, Sendable {
    public var text: String
    public var role: StyleRole

    public init(_ text: String, _ role: StyleRole = .text) {
        self.text = text
        self.role = role
    }
}

public enum TableRow: Hashable, Sendable {
    case cells([TableCell])
    /// A full-width heading between rows (application/profile groups); never selectable.
    case group(String)

    public var isSelectable: Bool {
        if case .cells = self { return true }
        return false
    }
}

/// Where a scrolling list shows from: keeps the selection in view with the least movement.
public enum ScrollWindow {
    public static func offset(current: Int, selected: Int?, visible: Int, count: Int) -> Int {
        guard visible > 0, count > visible else { return 0 }
        var offset = min(max(0, current), count - visible)
        if let selected {
            if selected < offset { offset = selected }
            if selected >= offset + visible { offset = selected - visible + 1 }
        }
        return offset
    }
}

/// A table drawn into a region: header, rows, a selected row, vertical scrolling, and
/// horizontal scrolling of the non-frozen columns (the flag column stays put).
public struct Table: Sendable {
    public var columns: [TableColumn]
    public var rows: [TableRow]
    public var selected: Int?
    public var offset: Int
    public var frozenColumns: Int
    public var firstScrollableColumn: Int
    public var showHeader: Bool
    public var emptyMessage: String

    public init(columns: [TableColumn], rows: [TableRow], selected: Int? = nil, offset: Int = 0,
                frozenColumns: Int = 0, firstScrollableColumn: Int = 0, showHeader: Bool = true,
                emptyMessage: String = "Nothing to show") {
        self.columns = columns
        self.rows = rows
        self.selected = selected
        self.offset = offset
        self.frozenColumns = frozenColumns
        self.firstScrollableColumn = firstScrollableColumn
        self.showHeader = showHeader
        self.emptyMessage = emptyMessage
    }

    /// Column indices and widths that fit in `width`, frozen ones first.
    public func visibleColumns(in width: Int) -> [(index: Int, width: Int)] {
        let frozen = Array(columns.indices.prefix(frozenColumns))
        let scrollable = Array(columns.indices.dropFirst(frozenColumns).dropFirst(max(0, firstScrollableColumn)))
        let candidates = frozen + scrollable
        var chosen: [(Int, Int)] = []
        var used = 0
        for index in candidates {
            let minimum: Int
            switch columns[index].width {
            case .fixed(let n): minimum = n
            case .fill(let m): minimum = m
            }
            let gap = chosen.isEmpty ? 0 : 1
            if used + gap + minimum > width {
                if chosen.isEmpty { chosen.append((index, width)); used = width }
                break
            }
            chosen.append((index, minimum))
            used += gap + minimum
        }
        // Leftover width goes to fill columns, so the table spans its region.
        let fills = chosen.indices.filter { if case .fill = columns[chosen[$0].0].width { return true } else { return false } }
        if !fills.isEmpty, used < width {
            let extra = width - used
            for (n, i) in fills.enumerated() {
                chosen[i].1 += extra / fills.count + (n < extra % fills.count ? 1 : 0)
            }
        }
        return chosen.map { (index: $0.0, width: $0.1) }
    }

    /// True when scrollable columns exist beyond the right edge.
    public func hasColumnsBeyond(width: Int) -> Bool {
        guard let last = visibleColumns(in: width).last else { return false }
        return last.index < columns.count - 1
    }

    public func render(into buffer: inout CellBuffer, area: Rect) {
        guard !area.isEmpty else { return }
        let layout = visibleColumns(in: area.width)
        var y = area.y
        if showHeader {
            buffer.fill(area.row(0), style: CellStyle(.tableHeader))
            var x = area.x
            for column in layout {
                buffer.put(columns[column.index].title, x: x, y: y, width: column.width,
                           style: CellStyle(.tableHeader), alignment: columns[column.index].alignment, clip: area)
                x += column.width + 1
            }
            // Arrows tell the user there are columns scrolled out of view on that side.
            if firstScrollableColumn > 0 {
                let frozenWidth = layout.prefix { $0.index < frozenColumns }.reduce(0) { $0 + $1.width + 1 }
                buffer.put("◀", x: area.x + max(0, frozenWidth - 1), y: y, style: CellStyle(.tableHeader), clip: area)
            }
            if hasColumnsBeyond(width: area.width) {
                buffer.put("▶", x: area.maxX - 1, y: y, style: CellStyle(.tableHeader), clip: area)
            }
            y += 1
        }
        let visible = area.maxY - y
        guard visible > 0 else { return }
        if rows.isEmpty {
            buffer.put(emptyMessage, x: area.x + 1, y: y, style: CellStyle(.muted), clip: area)
            return
        }
        let start = ScrollWindow.offset(current: offset, selected: selected, visible: visible, count: rows.count)
        for (line, rowIndex) in (start..<min(rows.count, start + visible)).enumerated() {
            let rowY = y + line
            let isSelected = rowIndex == selected
            switch rows[rowIndex] {
            case .group(let title):
                buffer.fill(area.row(rowY - area.y), style: CellStyle(.groupHeader))
                buffer.put(title, x: area.x, y: rowY, style: CellStyle(.groupHeader), clip: area)
            case .cells(let cells):
                var x = area.x
                for column in layout {
                    let cell = column.index < cells.count ? cells[column.index] : TableCell("")
                    buffer.put(cell.text, x: x, y: rowY, width: column.width,
                               style: CellStyle(cell.role, selected: isSelected),
                               alignment: columns[column.index].alignment, clip: area)
                    x += column.width
                    if x < area.maxX { buffer.put(" ", x: x, y: rowY, style: CellStyle(.text, selected: isSelected), clip: area) }
                    x += 1
                }
                if isSelected, x < area.maxX {
                    buffer.fill(Rect(x: x, y: rowY, width: area.maxX - x, height: 1), style: CellStyle(.text, selected: true))
                }
            }
        }
    }
}
