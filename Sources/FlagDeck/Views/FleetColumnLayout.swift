import TerminalUI

/// Which environment columns the Fleet view draws in the width it has. Every column
/// when they all fit (scrolling sideways as before); otherwise one column per
/// environment name across accounts and regions (`prod ×600`); or one such group
/// expanded into its member environments, its summary pinned beside the flag while
/// the members scroll.
///
/// Environment columns are what scrolls: `FleetViewState.firstColumn` is the first of
/// `scrolling` on screen. In the grouped modes the column cursor (`FleetViewState.column`)
/// walks `pinned` then `scrolling`.
struct FleetColumnLayout: Sendable {
    enum Mode: Hashable, Sendable {
        case individual
        case grouped
        case expanded(group: Int)
    }

    enum Slot: Hashable, Sendable {
        /// One environment column (individually, or as a member of the expanded group).
        case column(Int)
        case group(Int)
    }

    struct Entry: Hashable, Sendable {
        var slot: Slot
        var width: Int
    }

    /// A group column never grows past this: wider only spreads the counts apart.
    static let maxGroupWidth = 24

    let mode: Mode
    let pinned: [Entry]
    let scrolling: [Entry]
    /// The room for environment columns; each costs its width plus a one-cell gap.
    let width: Int

    init(grouping: ColumnGrouping, width: Int, expanded: String?) {
        self.width = width
        let cell = FleetView.cellWidth
        if grouping.columns.count * (cell + 1) <= width || !grouping.groupsAnything {
            mode = .individual
            pinned = []
            scrolling = grouping.columns.indices.map { Entry(slot: .column($0), width: cell) }
        } else if let expanded, let g = grouping.groups.firstIndex(where: { $0.name == expanded }) {
            mode = .expanded(group: g)
            // The summary keeps room for its counts (and the `▾`), the members get the rest.
            let summary = max(Self.naturalWidth(grouping.groups[g]) + 1, 11, min(Self.maxGroupWidth, width / 4))
            pinned = [Entry(slot: .group(g), width: summary)]
            scrolling = grouping.groups[g].members.map { Entry(slot: .column($0), width: cell) }
        } else {
            mode = .grouped
            pinned = []
            var widths = grouping.groups.map(Self.naturalWidth)
            // Room left over spreads evenly, so the grid spans the box.
            var extra = width - widths.reduce(0) { $0 + $1 + 1 }
            while extra > 0, widths.contains(where: { $0 < Self.maxGroupWidth }) {
                for i in widths.indices where extra > 0 && widths[i] < Self.maxGroupWidth {
                    widths[i] += 1
                    extra -= 1
                }
            }
            scrolling = widths.indices.map { Entry(slot: .group($0), width: widths[$0]) }
        }
    }

    /// Wide enough for the title, and never narrower than a cell.
    static func naturalWidth(_ group: ColumnGroup) -> Int {
        max(FleetView.cellWidth, DisplayWidth.of(group.title))
    }

    var isGrouped: Bool { mode != .individual }

    /// Places the column cursor can be: the pinned columns, then the scrolling ones.
    var positions: Int { pinned.count + scrolling.count }

    func entry(at position: Int) -> Entry {
        position < pinned.count ? pinned[position] : scrolling[position - pinned.count]
    }

    /// How many scrolling columns fit on screen from `first` on.
    func visibleCount(from first: Int) -> Int {
        var room = width - pinned.reduce(0) { $0 + $1.width + 1 }
        var count = 0
        for entry in scrolling.dropFirst(max(0, first)) {
            guard entry.width + 1 <= room else { break }
            room -= entry.width + 1
            count += 1
        }
        return count
    }

    /// The first scrolling column to show so that `index` is on screen, moving as little
    /// as possible from `first`.
    func firstShowing(_ index: Int, from first: Int) -> Int {
        if index < first { return index }
        var first = first
        while first < index, index >= first + visibleCount(from: first) { first += 1 }
        return first
    }
}
