/// Line-drawing glyphs, with an ASCII set for terminals without a UTF-8 locale.
public struct BoxGlyphs: Sendable {
    public let horizontal, vertical, topLeft, topRight, bottomLeft, bottomRight: String

    public static let unicode = BoxGlyphs(horizontal: "─", vertical: "│", topLeft: "┌", topRight: "┐",
                                          bottomLeft: "└", bottomRight: "┘")
    public static let ascii = BoxGlyphs(horizontal: "-", vertical: "|", topLeft: "+", topRight: "+",
                                        bottomLeft: "+", bottomRight: "+")
    public static var current: BoxGlyphs { DisplayWidth.unicodeAvailable ? .unicode : .ascii }
}

/// A bordered frame with an optional title in the top edge; returns the inner area.
@discardableResult
public func drawBox(_ buffer: inout CellBuffer, _ area: Rect, title: String? = nil,
                    borderStyle: CellStyle = CellStyle(.border), titleStyle: CellStyle = CellStyle(.title),
                    fillStyle: CellStyle? = nil) -> Rect {
    guard area.width >= 2, area.height >= 2 else { return Rect(x: area.x, y: area.y, width: 0, height: 0) }
    let g = BoxGlyphs.current
    if let fillStyle { buffer.fill(area, style: fillStyle) }
    let inner = area.inset(by: 1)
    buffer.put(g.topLeft, x: area.x, y: area.y, style: borderStyle)
    buffer.put(g.topRight, x: area.maxX - 1, y: area.y, style: borderStyle)
    buffer.put(g.bottomLeft, x: area.x, y: area.maxY - 1, style: borderStyle)
    buffer.put(g.bottomRight, x: area.maxX - 1, y: area.maxY - 1, style: borderStyle)
    for x in (area.x + 1)..<(area.maxX - 1) {
        buffer.put(g.horizontal, x: x, y: area.y, style: borderStyle)
        buffer.put(g.horizontal, x: x, y: area.maxY - 1, style: borderStyle)
    }
    for y in (area.y + 1)..<(area.maxY - 1) {
        buffer.put(g.vertical, x: area.x, y: y, style: borderStyle)
        buffer.put(g.vertical, x: area.maxX - 1, y: y, style: borderStyle)
    }
    if let title, !title.isEmpty, area.width > 4 {
        let text = DisplayWidth.truncate(" \(title) ", to: area.width - 4)
        buffer.put(text, x: area.x + 2, y: area.y, style: titleStyle)
    }
    return inner
}
