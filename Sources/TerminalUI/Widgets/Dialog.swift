/// A line of styled spans, for dialogs and detail panes.
public struct StyledLine: Hashable, Sendable {
    public var spans: [(text: String, role: StyleRole)]

    public init(_ text: String, _ role: StyleRole = .dialog) { spans = [(text, role)] }
    public init(spans: [(String, StyleRole)]) { self.spans = spans.map { (text: $0.0, role: $0.1) } }

    public var width: Int { spans.reduce(0) { $0 + DisplayWidth.of($1.text) } }

    public static func == (a: StyledLine, b: StyledLine) -> Bool {
        a.spans.map(\.text) == b.spans.map(\.text) && a.spans.map(\.role) == b.spans.map(\.role)
    }
    public func hash(into hasher: inout Hasher) {
        for span in spans { hasher.combine(span.text); hasher.combine(span.role) }
    }

    /// Draws the spans from (x, y), clipped to `clip`; returns the next column.
    @discardableResult
    public func render(into buffer: inout CellBuffer, x: Int, y: Int, clip: Rect, selected: Bool = false) -> Int {
        var column = x
        for span in spans {
            column = buffer.put(span.text, x: column, y: y, style: CellStyle(span.role, selected: selected), clip: clip)
        }
        return column
    }
}

/// A modal box centred over the screen: title, body lines (scrollable), and a hint
/// line of keys at the bottom. The area behind it is left as drawn.
public struct Dialog: Sendable {
    public var title: String
    public var lines: [StyledLine]
    public var footer: String
    public var scroll: Int
    public var preferredWidth: Int

    public init(title: String, lines: [StyledLine], footer: String = "", scroll: Int = 0, preferredWidth: Int = 60) {
        self.title = title
        self.lines = lines
        self.footer = footer
        self.scroll = scroll
        self.preferredWidth = preferredWidth
    }

    /// The box a dialog takes on a screen of `area`.
    public func frame(in area: Rect) -> Rect {
        let contentWidth = max(preferredWidth, lines.map(\.width).max() ?? 0, DisplayWidth.of(footer), DisplayWidth.of(title) + 4)
        let width = min(area.width - 2, contentWidth + 4)
        let height = min(area.height - 2, lines.count + (footer.isEmpty ? 2 : 4))
        return area.centered(width: max(width, 0), height: max(height, 0))
    }

    /// Lines that fit in the body, so callers can clamp scrolling.
    public func visibleLineCount(in area: Rect) -> Int {
        max(0, frame(in: area).height - (footer.isEmpty ? 2 : 4))
    }

    /// Draws the dialog; returns the inner body rectangle.
    @discardableResult
    public func render(into buffer: inout CellBuffer, area: Rect) -> Rect {
        let box = frame(in: area)
        guard box.width >= 4, box.height >= 3 else { return Rect(x: 0, y: 0, width: 0, height: 0) }
        let inner = drawBox(&buffer, box, title: title, borderStyle: CellStyle(.dialog),
                            titleStyle: CellStyle(.dialogTitle), fillStyle: CellStyle(.dialog))
        let body = Rect(x: inner.x + 1, y: inner.y, width: inner.width - 2,
                        height: inner.height - (footer.isEmpty ? 0 : 2))
        let visible = max(0, body.height)
        let start = min(max(0, scroll), max(0, lines.count - visible))
        for (row, line) in lines.dropFirst(start).prefix(visible).enumerated() {
            line.render(into: &buffer, x: body.x, y: body.y + row, clip: body)
        }
        if !footer.isEmpty {
            let footerY = inner.maxY - 1
            buffer.put(footer, x: body.x, y: footerY, width: body.width, style: CellStyle(.muted), clip: inner)
            if start + visible < lines.count {
                buffer.put("↓ more", x: body.maxX - 6, y: footerY - 1, style: CellStyle(.muted), clip: inner)
            }
        }
        return body
    }
}
