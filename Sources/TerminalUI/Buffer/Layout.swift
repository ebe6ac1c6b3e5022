/// How much of a split a part takes, in the spirit of ratatui's constraints.
public enum Constraint: Hashable, Sendable {
    /// Exactly this many cells (or what is left, if less).
    case length(Int)
    /// At least this many cells, sharing leftovers with other flexible parts.
    case min(Int)
    /// A share of what remains after fixed parts, weighted against other fills.
    case fill(Int)
}

public enum Direction: Sendable { case vertical, horizontal }

/// Splits a rectangle into consecutive parts along one direction.
public func split(_ area: Rect, _ direction: Direction, _ constraints: [Constraint]) -> [Rect] {
    let total = direction == .vertical ? area.height : area.width
    var sizes = constraints.map { constraint -> Int in
        switch constraint {
        case .length(let n), .min(let n): return Swift.max(0, n)
        case .fill: return 0
        }
    }
    // Fixed parts first; if they overflow, the later parts are squeezed so the
    // earliest (usually header lines) survive on tiny terminals.
    var used = 0
    for i in sizes.indices {
        let fit = Swift.min(sizes[i], Swift.max(0, total - used))
        sizes[i] = fit
        used += fit
    }
    var remaining = Swift.max(0, total - used)
    let weights = constraints.map { constraint -> Int in
        switch constraint {
        case .fill(let w): return Swift.max(1, w)
        case .min: return 1
        case .length: return 0
        }
    }
    let weightSum = weights.reduce(0, +)
    if weightSum > 0, remaining > 0 {
        let share = remaining
        var lastFlexible = -1
        for i in sizes.indices where weights[i] > 0 {
            let extra = share * weights[i] / weightSum
            sizes[i] += extra
            remaining -= extra
            lastFlexible = i
        }
        if lastFlexible >= 0 { sizes[lastFlexible] += remaining }
    }
    var rects: [Rect] = []
    var offset = 0
    for size in sizes {
        switch direction {
        case .vertical:
            rects.append(Rect(x: area.x, y: area.y + offset, width: area.width, height: size))
        case .horizontal:
            rects.append(Rect(x: area.x + offset, y: area.y, width: size, height: area.height))
        }
        offset += size
    }
    return rects
}
