import FlagModel
import Foundation
import TerminalUI

/// The top line: product, scope (accounts scanned, unreadable, discovered), scan
/// progress, freshness, and the `[RO]`/`[RW]` badge so nobody mistakes a read-write
/// session for an audit one. Pieces shorten in a fixed order until the line fits, so an
/// 80-column terminal still reads whole words.
struct HeaderBar {
    var info: HeaderInfo
    var readOnly: Bool
    var now: Date

    /// One piece of the line: its forms from longest to shortest ("" drops it).
    struct Piece {
        var forms: [String]
        var role: StyleRole
        var form = 0
        var text: String { forms[form] }
    }

    func render(into buffer: inout CellBuffer, area: Rect) {
        buffer.fill(area.row(0), style: CellStyle(.header))
        var x = buffer.put(" flagdeck ", x: area.x, y: area.y, style: CellStyle(.headerAccent), clip: area)
        let badge = readOnly ? "[RO]" : "[RW]"
        let badgeWidth = DisplayWidth.of(badge) + 1
        let clip = Rect(x: area.x, y: area.y, width: area.width - badgeWidth - 1, height: 1)
        for piece in pieces(fitting: clip.maxX - x) where !piece.text.isEmpty {
            x = buffer.put(piece.text, x: x, y: area.y, style: CellStyle(piece.role), clip: clip)
        }
        buffer.put(badge, x: area.maxX - badgeWidth, y: area.y,
                   style: CellStyle(readOnly ? .readonlyBadge : .readwriteBadge), clip: area)
    }

    /// The pieces in line order, shortened until they fit `width`: first the refresh
    /// time, then regions, account details, failure details; the scope's numbers last.
    func pieces(fitting width: Int) -> [Piece] {
        let asOf = Piece(forms: [info.asOf.map { " AS OF \(UTCDate.formatMinute($0)) UTC " }
                                    ?? info.publishedBy.map { " TEAM STORE (published by \($0)) " } ?? ""], role: .warning)
        let refreshed = info.publishedBy == nil ? "refreshed" : "published"
        let age = info.lastRefresh.map { RelativeTime.describe(from: $0, to: now) }
        var line = [
            Piece(forms: failureForms(), role: .error),
            Piece(forms: accountForms(), role: .header),
            Piece(forms: [" · " + Self.plural(info.regions, "region"), ""], role: .header),
            Piece(forms: [info.scanProgress.map { " · " + $0 } ?? ""], role: .header),
            Piece(forms: age.map { [" · \(refreshed) \($0)", " · \($0)", ""] } ?? [""], role: .header),
        ]
        func total() -> Int { DisplayWidth.of(asOf.text) + line.reduce(0) { $0 + DisplayWidth.of($1.text) } }
        // By index in `line`: refreshed, regions, accounts, failures, refreshed, accounts, failures.
        for i in [4, 2, 1, 0, 4, 1, 0] where total() > width {
            line[i].form = min(line[i].form + 1, line[i].forms.count - 1)
        }
        return [asOf] + line
    }

    /// ` ✖ 2 accounts unreadable, 24 flags ? `, shorter: without the flags, then the count alone.
    private func failureForms() -> [String] {
        guard info.failures > 0 else { return [""] }
        var what: [String] = []
        if info.unreadableAccounts > 0 { what.append(Self.plural(info.unreadableAccounts, "account")) }
        let others = info.scannedAccounts == nil ? info.failures : info.otherFailures
        if others > 0 { what.append(info.unreadableAccounts > 0 ? Self.plural(others, "other part") : "\(others)") }
        let unreadable = " ✖ \(what.joined(separator: " + ")) unreadable"
        let flags = info.incompleteFlags > 0 ? ", \(info.incompleteFlags) flags ?" : ""
        return [unreadable + flags + " ", unreadable + " ", " ✖ \(info.failures) "]
    }

    /// `298 accounts scanned of 312 discovered`, shorter: `298/312 accounts scanned`, `298/312 accounts`.
    private func accountForms() -> [String] {
        guard let scanned = info.scannedAccounts else { return [" " + Self.plural(info.accounts, "account")] }
        guard let discovered = info.discoveredAccounts else {
            return [" \(Self.plural(scanned, "account")) scanned", " " + Self.plural(scanned, "account")]
        }
        return [" \(Self.plural(scanned, "account")) scanned of \(discovered) discovered",
                " \(scanned)/\(discovered) accounts scanned", " \(scanned)/\(discovered) accounts"]
    }

    static func plural(_ count: Int, _ noun: String) -> String { "\(count) \(noun)\(count == 1 ? "" : "s")" }
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
