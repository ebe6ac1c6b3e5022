import FlagModel
import Foundation
import TerminalUI

/// The top line: product, scope, scan progress, freshness, and the `[RO]`/`[RW]` badge
/// so nobody mistakes a read-write session for an audit one.
struct HeaderBar {
    var info: HeaderInfo
    var readOnly: Bool
    var now: Date

    func render(into buffer: inout CellBuffer, area: Rect) {
        buffer.fill(area.row(0), style: CellStyle(.header))
        var x = buffer.put(" flagdeck ", x: area.x, y: area.y, style: CellStyle(.headerAccent), clip: area)
        var parts = ["\(info.accounts) account\(info.accounts == 1 ? "" : "s")",
                     "\(info.regions) region\(info.regions == 1 ? "" : "s")"]
        if let progress = info.scanProgress { parts.append(progress) }
        if let last = info.lastRefresh { parts.append("refreshed \(RelativeTime.describe(from: last, to: now))") }
        let badge = readOnly ? "[RO]" : "[RW]"
        let badgeWidth = DisplayWidth.of(badge) + 1
        let clip = Rect(x: area.x, y: area.y, width: area.width - badgeWidth - 1, height: 1)
        if let asOf = info.asOf {
            x = buffer.put(" AS OF \(UTCDate.formatMinute(asOf)) UTC ", x: x, y: area.y, style: CellStyle(.warning), clip: clip)
        }
        if info.failures > 0 {
            let flags = info.incompleteFlags > 0 ? ", \(info.incompleteFlags) flags ?" : ""
            x = buffer.put(" ✖ \(info.failures) unreadable\(flags) ", x: x, y: area.y, style: CellStyle(.error), clip: clip)
        }
        x = buffer.put(" " + parts.joined(separator: " · "), x: x, y: area.y, style: CellStyle(.header), clip: clip)
        buffer.put(badge, x: area.maxX - badgeWidth, y: area.y,
                   style: CellStyle(readOnly ? .readonlyBadge : .readwriteBadge), clip: area)
    }
}

enum RelativeTime {
    /// `45s`, `12m`, `3h`, `9d`: ages that fit a fleet cell.
    static func short(from date: Date, to now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        if seconds < 60 { return "\(seconds)s" }
        if seconds < 3600 { return "\(seconds / 60)m" }
        if seconds < 86400 { return "\(seconds / 3600)h" }
        return "\(seconds / 86400)d"
    }

    static func describe(from date: Date, to now: Date) -> String {
        let seconds = max(0, Int(now.timeIntervalSince(date)))
        if seconds < 5 { return "just now" }
        if seconds < 60 { return "\(seconds)s ago" }
        if seconds < 3600 { return "\(seconds / 60)m ago" }
        if seconds < 86400 { return "\(seconds / 3600)h ago" }
        return "\(seconds / 86400)d ago"
    }
}
