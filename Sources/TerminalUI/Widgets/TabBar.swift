/// A row of view names with the active one highlighted: ` Fleet  Review  Audit `.
public struct TabBar: Sendable {
    public var titles: [String]
    public var active: Int

    public init(titles: [String], active: Int) {
        self.titles = titles
        self.active = active
    }

    public func render(into buffer: inout CellBuffer, area: Rect) {
        guard !area.isEmpty else { return }
        var x = area.x
        for (i, title) in titles.enumerated() {
            let label = " \(title) "
            let style = CellStyle(i == active ? .tabActive : .tabInactive)
            x = buffer.put(label, x: x, y: area.y, style: style, clip: area)
            if x < area.maxX { x = buffer.put(" ", x: x, y: area.y, clip: area) }
        }
    }
}
