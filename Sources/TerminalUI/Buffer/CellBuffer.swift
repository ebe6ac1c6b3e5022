/// One terminal cell. A wide glyph occupies its cell and marks the next one as a
/// continuation (empty `grapheme`), as terminals do.
public struct Cell: Hashable, Sendable {
    public var grapheme: String
    public var style: CellStyle

    public init(_ grapheme: String = " ", style: CellStyle = .plain) {
        self.grapheme = grapheme
        self.style = style
    }

    public var isContinuation: Bool { grapheme.isEmpty }
    public static let blank = Cell()
}

/// An off-screen frame: views draw into it, the terminal copies it out. Keeping
/// views pure over this buffer is what makes golden-screen tests possible.
public struct CellBuffer: Hashable, Sendable {
    public let size: Size
    public private(set) var cells: [Cell]

    public init(size: Size, fill: Cell = .blank) {
        self.size = size
        self.cells = Array(repeating: fill, count: size.width * size.height)
    }

    public var area: Rect { Rect(size: size) }

    public subscript(x: Int, y: Int) -> Cell {
        get { cells[y * size.width + x] }
        set { cells[y * size.width + x] = newValue }
    }

    /// Writes `text` from (x, y) without crossing `clip` (default: the whole buffer).
    /// Returns the column after the last written cell.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: CellStyle = .plain, clip: Rect? = nil) -> Int {
        let bounds = (clip ?? area).intersection(area)
        guard y >= bounds.y, y < bounds.maxY else { return x }
        var column = x
        for character in text {
            let width = DisplayWidth.of(character)
            if width == 0 {
                // Combining marks without a base join the previous cell's cluster.
                if column - 1 >= bounds.x, column - 1 < bounds.maxX {
                    var previous = self[column - 1, y]
                    if !previous.isContinuation { previous.grapheme.append(character); self[column - 1, y] = previous }
                }
                continue
            }
            if column >= bounds.maxX { break }
            if column < bounds.x { column += width; continue }
            if width == 2 && column + 1 >= bounds.maxX {
                // Half a wide glyph would corrupt the line: pad instead.
                setCell(x: column, y: y, Cell(" ", style: style))
                column += 1
                break
            }
            setCell(x: column, y: y, Cell(printable(character), style: style))
            if width == 2 { setCell(x: column + 1, y: y, Cell("", style: style)) }
            column += width
        }
        return column
    }

    /// Writes text padded or truncated to exactly `width` columns.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, width: Int, style: CellStyle = .plain,
                             alignment: Alignment = .left, clip: Rect? = nil) -> Int {
        let bounded = clip.map { $0.intersection(Rect(x: x, y: y, width: width, height: 1)) }
            ?? Rect(x: x, y: y, width: width, height: 1)
        put(DisplayWidth.fit(text, to: width, alignment: alignment), x: x, y: y, style: style, clip: bounded)
        return x + width
    }

    public mutating func fill(_ rect: Rect, with character: Character = " ", style: CellStyle = .plain) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { setCell(x: x, y: y, Cell(String(character), style: style)) }
        }
    }

    /// Restyles cells without changing their text (selection highlight, dimming).
    public mutating func restyle(_ rect: Rect, _ transform: (CellStyle) -> CellStyle) {
        let r = rect.intersection(area)
        guard !r.isEmpty else { return }
        for y in r.y..<r.maxY {
            for x in r.x..<r.maxX { self[x, y].style = transform(self[x, y].style) }
        }
    }

    /// Sets a cell, repairing any wide glyph it splits.
    private mutating func setCell(x: Int, y: Int, _ cell: Cell) {
        guard x >= 0, x < size.width, y >= 0, y < size.height else { return }
        let old = self[x, y]
        if old.isContinuation, x > 0 { self[x - 1, y].grapheme = " " }
        if !old.isContinuation, x + 1 < size.width, self[x + 1, y].isContinuation, !cell.isContinuation {
            self[x + 1, y].grapheme = " "
        }
        self[x, y] = cell
    }

    private func printable(_ character: Character) -> String {
        // Control characters would move the terminal's cursor: never emit them.
        if let scalar = character.unicodeScalars.first, character.unicodeScalars.count == 1,
           scalar.value < 0x20 || (scalar.value >= 0x7F && scalar.value < 0xA0) {
            return "?"
        }
        return String(character)
    }

    // MARK: - Reading back (tests, golden screens)

    /// The text of one row, continuation cells skipped.
    public func line(_ y: Int) -> String {
        var text = ""
        for x in 0..<size.width where !self[x, y].isContinuation { text += self[x, y].grapheme }
        return text
    }

    /// The whole screen as text, trailing spaces trimmed per line.
    public var text: String {
        (0..<size.height).map { y in
            var line = line(y)
            while line.last == " " { line.removeLast() }
            return line
        }.joined(separator: "\n")
    }

    /// Style runs per row, e.g. `3: 0-9 table_header | 10-19 flag_on+sel`, for golden files.
    public var styleDump: String {
        guard size.width > 0 else { return "" }
        var rows: [String] = []
        for y in 0..<size.height {
            var runs: [String] = []
            var start = 0
            var current = self[0, y].style
            for x in 1...size.width {
                let style = x < size.width ? self[x, y].style : CellStyle(.text, selected: !current.selected)
                if x == size.width || style != current {
                    if current != .plain {
                        runs.append("\(start)-\(x - 1) \(current.role.rawValue)\(current.selected ? "+sel" : "")")
                    }
                    start = x
                    current = style
                }
            }
            if !runs.isEmpty { rows.append("\(y): " + runs.joined(separator: " | ")) }
        }
        return rows.joined(separator: "\n")
    }
}
