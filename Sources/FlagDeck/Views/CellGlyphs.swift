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
        case .value: return ("◇ " + shortValue(cell.attributes?["default"]) + pending, cell.isPending ? .flagPending : .flagVariants)
        case .absent: return (cell.isPending ? "· new*" : "·", cell.isPending ? .flagPending : .flagAbsent)
        case .unknown: return ("? err", .error)
        }
    }

    /// A Powertools value in a cell: a short scalar as itself (`5`, `"EUR"`), else `val`.
    static func shortValue(_ value: JSONValue?) -> String {
        guard let value else { return "val" }
        switch value {
        case .object, .array: return "val"
        default:
            let text = JSONSerializer.serialize(value)
            return DisplayWidth.of(text) <= 6 ? text : "val"
        }
    }

    /// A state alone, without rollout or pending marks.
    static func text(_ state: CellState) -> (String, StyleRole) {
        switch state {
        case .on: return ("● on", .flagOn)
        case .off: return ("○ off", .flagOff)
        case .variants: return ("◆ var", .flagVariants)
        case .value: return ("◇ val", .flagVariants)
        case .absent: return ("·", .flagAbsent)
        case .unknown: return ("? err", .error)
        }
    }

    static let legend = "● on  ○ off  ◆ variants  ◇ value  · absent  ▲ rolling out  ⧗ baking  * version pending  ? incomplete  grey: last known"

    /// The legend while environments are grouped: the numbers are what is new.
    static let groupedLegend = "count per state: ● on  ○ off  ◆ variants  ◇ value  · absent  ? unreadable  ▲ rolling  ⧗ baking  * pending  red: drift"

    static func glyph(_ state: CellState) -> String {
        switch state {
        case .on: return "●"
        case .off: return "○"
        case .variants: return "◆"
        case .value: return "◇"
        case .absent: return "·"
        case .unknown: return "?"
        }
    }

    /// A group's cell: how many environments serve each state, most served first, then the
    /// unreadable and the moving ones (`● 597 ○ 3 ? 4 ▲ 1`), squeezed into `width`. Coloured
    /// like the state they all serve, or as drift (production) or a warning (elsewhere)
    /// when they disagree.
    static func distribution(_ d: StateDistribution, width: Int, production: Bool) -> (String, StyleRole) {
        guard d.total > 0 else { return ("", .flagAbsent) }
        var parts = d.states.map { (glyph($0.state), $0.count) }
        if d.unreadable > 0 { parts.append(("?", d.unreadable)) }
        if d.rollingOut > 0 { parts.append(("▲", d.rollingOut)) }
        if d.baking > 0 { parts.append(("⧗", d.baking)) }
        let pending = d.pending > 0 ? "*" : ""
        let spaced = parts.map { "\($0.0) \($0.1)" }.joined(separator: " ") + pending
        let tight = parts.map { "\($0.0)\($0.1)" }
        var text = spaced
        if DisplayWidth.of(spaced) > width {
            text = tight.joined(separator: " ") + pending
            if DisplayWidth.of(text) > width {
                // The most served states that fit, and a mark that more follow.
                var shown = ""
                for part in tight {
                    let next = shown.isEmpty ? part : shown + " " + part
                    if DisplayWidth.of(next) + 1 > width { break }
                    shown = next
                }
                text = shown.isEmpty ? DisplayWidth.truncate(tight[0], to: width) : shown + "…"
            }
        }
        let role: StyleRole
        if d.disagrees {
            role = production ? .drift : .warning
        } else if d.rollingOut + d.baking > 0 {
            role = .flagRolling
        } else if d.unreadable == d.total {
            role = .muted
        } else if d.pending > 0 {
            role = .flagPending
        } else {
            role = d.majority.map { self.text($0).1 } ?? .muted
        }
        return (text, role)
    }

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
