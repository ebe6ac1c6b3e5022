import FlagModel
import Foundation
import TerminalUI

/// How a flag's state in one environment is drawn: a glyph and word people can read
/// without colour, and a role the theme colours.
enum CellGlyphs {
    static func text(_ cell: FlagCell?, now: Date? = nil) -> (String, StyleRole) {
        guard let cell else { return ("", .flagAbsent) }
        let pending = cell.isPending ? "*" : ""
        if let read = cell.lastReadAt {
            // Unreadable now: the last known value, greyed, with its age.
            let age = now.map { " " + RelativeTime.short(from: read, to: $0) } ?? ""
            return (text(cell.state).0 + age, .muted)
        }
        if let percent = cell.rollingOutPercent {
            return ("▲\(Int(percent.rounded()))%\(pending)", .flagRolling)
        }
        if cell.isBaking {
            // The new value is served to everyone; AppConfig still watches alarms.
            return (text(cell.state).0 + " ⧗" + pending, .flagRolling)
        }
        switch cell.state {
        case .on: return ("● on" + pending, cell.isPending ? .flagPending : .flagOn)
        case .off: return ("○ off" + pending, cell.isPending ? .flagPending : .flagOff)
        case .variants: return ("◆ var" + pending, cell.isPending ? .flagPending : .flagVariants)
        case .absent: return (cell.isPending ? "· new*" : "·", cell.isPending ? .flagPending : .flagAbsent)
        case .unknown: return ("? err", .error)
        }
    }

    /// A state alone, without rollout or pending marks.
    static func text(_ state: CellState) -> (String, StyleRole) {
        switch state {
        case .on: return ("● on", .flagOn)
        case .off: return ("○ off", .flagOff)
        case .variants: return ("◆ var", .flagVariants)
        case .absent: return ("·", .flagAbsent)
        case .unknown: return ("? err", .error)
        }
    }

    static let legend = "● on  ○ off  ◆ variants  · absent  ▲ rolling out  ⧗ baking  * version pending  ? incomplete  grey: last known"

    static func role(of verdict: VerdictKind) -> StyleRole {
        switch verdict {
        case .stale: return .stale
        case .dead: return .dead
        case .shortTerm: return .shortTerm
        case .overdue: return .overdue
        case .drift: return .drift
        case .permanent: return .permanent
        }
    }

    static func badge(_ verdict: VerdictKind) -> String {
        switch verdict {
        case .stale: return "STALE"
        case .dead: return "DEAD"
        case .shortTerm: return "ST"
        case .overdue: return "OVERDUE"
        case .drift: return "DRIFT"
        case .permanent: return "PERM"
        }
    }

    /// Badges in severity order, coloured by the most severe one.
    static func badges(_ row: FlagRow) -> (String, StyleRole) {
        let kinds = FleetRows.severity.filter { row.has($0) }
        guard let first = kinds.first else { return ("", .text) }
        return (kinds.map(badge).joined(separator: " "), role(of: first))
    }

    static func day(_ date: Date?) -> String {
        guard let date else { return "—" }
        return UTCDate.format(date)
    }

    static func days(from date: Date?, to now: Date) -> String {
        guard let date else { return "" }
        return "\(max(0, Int(now.timeIntervalSince(date) / 86_400)))d"
    }
}
