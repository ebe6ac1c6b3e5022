/// Word wrapping by display columns: breaks at spaces, and inside words only when a
/// single word is wider than the line. Continuation lines get `indent`.
public enum TextWrap {
    public static func wrap(_ text: String, width: Int, indent: String = "") -> [String] {
        guard width > DisplayWidth.of(indent) + 1 else { return [DisplayWidth.truncate(text, to: max(0, width))] }
        if DisplayWidth.of(text) <= width { return [text] }
        var lines: [String] = []
        var current = ""
        var currentWidth = 0
        func flush() {
            lines.append(current)
            current = indent
            currentWidth = DisplayWidth.of(indent)
        }
        for word in text.split(separator: " ", omittingEmptySubsequences: false).map(String.init) {
            let w = DisplayWidth.of(word)
            let gap = currentWidth == 0 || current == indent ? 0 : 1
            if currentWidth + gap + w <= width {
                current += (gap == 1 ? " " : "") + word
                currentWidth += gap + w
                continue
            }
            if currentWidth > DisplayWidth.of(indent) { flush() }
            var rest = word
            while DisplayWidth.of(rest) > width - currentWidth {
                let room = width - currentWidth
                var piece = ""
                var used = 0
                var index = rest.startIndex
                while index < rest.endIndex, used + DisplayWidth.of(rest[index]) <= room {
                    piece.append(rest[index])
                    used += DisplayWidth.of(rest[index])
                    index = rest.index(after: index)
                }
                if piece.isEmpty { break }
                current += piece
                rest = String(rest[index...])
                flush()
            }
            current += rest
            currentWidth += DisplayWidth.of(rest)
        }
        if !current.isEmpty && current != indent { lines.append(current) }
        return lines
    }
}
