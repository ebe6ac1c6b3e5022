/// A single-line editor (the `/` filter and the `:` command line), readline-ish:
/// arrows, Home/End, Backspace/Del, Ctrl-A/E/U/K/W.
public struct TextInput: Hashable, Sendable {
    public private(set) var text: String
    /// Cursor position in characters, 0...text.count.
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        self.text = text
        self.cursor = text.count
    }

    public enum Outcome: Equatable, Sendable {
        case edited       // text changed
        case moved        // only the cursor moved
        case ignored      // not an editing key: the caller handles it (Enter, Esc, Tab…)
    }

    public mutating func setText(_ newText: String) {
        text = newText
        cursor = newText.count
    }

    public mutating func handle(_ key: Key) -> Outcome {
        var chars = Array(text)
        switch key {
        case .char(let c):
            chars.insert(c, at: cursor)
            cursor += 1
        case .backspace:
            guard cursor > 0 else { return .moved }
            chars.remove(at: cursor - 1)
            cursor -= 1
        case .delete, .ctrl("d"):
            guard cursor < chars.count else { return .moved }
            chars.remove(at: cursor)
        case .left, .ctrl("b"):
            cursor = max(0, cursor - 1); return .moved
        case .right, .ctrl("f"):
            cursor = min(chars.count, cursor + 1); return .moved
        case .home, .ctrl("a"):
            cursor = 0; return .moved
        case .end, .ctrl("e"):
            cursor = chars.count; return .moved
        case .ctrl("u"):
            chars.removeFirst(cursor)
            cursor = 0
        case .ctrl("k"):
            chars.removeLast(chars.count - cursor)
        case .ctrl("w"):
            var start = cursor
            while start > 0, chars[start - 1] == " " { start -= 1 }
            while start > 0, chars[start - 1] != " " { start -= 1 }
            chars.removeSubrange(start..<cursor)
            cursor = start
        default:
            return .ignored
        }
        text = String(chars)
        return .edited
    }

    /// Draws `prompt` + text in one row, scrolled so the cursor stays visible.
    public func render(into buffer: inout CellBuffer, area: Rect, prompt: String, focused: Bool = true) {
        guard !area.isEmpty else { return }
        buffer.fill(area.row(0), style: CellStyle(.input))
        let promptEnd = buffer.put(prompt, x: area.x, y: area.y, style: CellStyle(.input), clip: area)
        let room = area.maxX - promptEnd - 1
        guard room > 0 else { return }
        let chars = Array(text)
        // Show the window of characters ending at the cursor when the text is too long.
        var start = 0
        while DisplayWidth.of(String(chars[start..<cursor])) > room { start += 1 }
        var x = promptEnd
        for index in start..<chars.count {
            let w = DisplayWidth.of(chars[index])
            if x + w > area.maxX { break }
            let style = CellStyle(focused && index == cursor ? .inputCursor : .input)
            x = buffer.put(String(chars[index]), x: x, y: area.y, style: style, clip: area)
        }
        if focused, cursor == chars.count, x < area.maxX {
            buffer.put(" ", x: x, y: area.y, style: CellStyle(.inputCursor), clip: area)
        }
    }
}
