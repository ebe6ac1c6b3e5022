/// One "key action" pair shown in the footer.
public struct KeyHint: Hashable, Sendable {
    public var key: String
    public var label: String

    public init(key: String, label: String) {
        self.key = key
        self.label = label
    }
}

/// The footer: `<?> help  </> filter  <q> quit`, cut at the last whole hint that fits.
public struct KeyHintLine: Sendable {
    public var hints: [KeyHint]

    public init(hints: [KeyHint]) { self.hints = hints }

    public func render(into buffer: inout CellBuffer, area: Rect) {
        guard !area.isEmpty else { return }
        buffer.fill(area.row(0), style: CellStyle(.footerText))
        var x = area.x
        for hint in hints {
            let keyText = "<\(hint.key)>"
            let need = DisplayWidth.of(keyText) + 1 + DisplayWidth.of(hint.label) + 2
            if x + need - 2 > area.maxX { break }
            x = buffer.put(keyText, x: x, y: area.y, style: CellStyle(.footerKey), clip: area)
            x = buffer.put(" " + hint.label + "  ", x: x, y: area.y, style: CellStyle(.footerText), clip: area)
        }
    }
}

/// A one-line message: status, error or prompt, left text and optional right text.
public struct StatusLine: Sendable {
    public var left: String
    public var right: String
    public var role: StyleRole

    public init(left: String, right: String = "", role: StyleRole = .footerText) {
        self.left = left
        self.right = right
        self.role = role
    }

    public func render(into buffer: inout CellBuffer, area: Rect) {
        guard !area.isEmpty else { return }
        buffer.fill(area.row(0), style: CellStyle(role))
        let rightWidth = min(DisplayWidth.of(right), area.width)
        if rightWidth > 0 {
            buffer.put(right, x: area.maxX - rightWidth, y: area.y, width: rightWidth, style: CellStyle(role), clip: area)
        }
        let leftWidth = max(0, area.width - rightWidth - (rightWidth > 0 ? 1 : 0))
        buffer.put(left, x: area.x, y: area.y, width: leftWidth, style: CellStyle(role), clip: area)
    }
}
