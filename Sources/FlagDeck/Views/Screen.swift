import Foundation
import TerminalUI

/// Draws the whole screen from the state: header, tabs, body, status and footer,
/// then any overlay. Pure, so golden tests render it at fixed sizes.
public enum Screen {
    /// Below this the layout cannot show a flag row with its environments.
    public static let minimumSize = Size(width: 50, height: 12)

    public static func render(_ state: AppState, registry: KeyRegistry, now: Date = Date()) -> CellBuffer {
        var buffer = CellBuffer(size: state.size)
        guard state.size.width >= minimumSize.width, state.size.height >= minimumSize.height else {
            renderTooSmall(&buffer, size: state.size)
            return buffer
        }
        let rows = split(buffer.area, .vertical, [.length(1), .length(1), .fill(1), .length(1), .length(1)])
        HeaderBar(info: state.header, readOnly: state.readOnly, now: now).render(into: &buffer, area: rows[0])
        TabBar(titles: ViewID.allCases.map(\.title), active: ViewID.allCases.firstIndex(of: state.view) ?? 0)
            .render(into: &buffer, area: rows[1])
        renderBody(state, into: &buffer, area: rows[2], now: now)
        renderStatus(state, into: &buffer, area: rows[3])
        KeyHintLine(hints: registry.footerHints(for: state.scope)).render(into: &buffer, area: rows[4])
        if case .help(let scroll) = state.overlay {
            let lines = registry.helpLines(for: state.scope)
            var dialog = Dialog(title: "Keys", lines: lines, footer: "Esc/q/? close   j/k scroll", preferredWidth: 44)
            dialog.scroll = min(scroll, max(0, lines.count - dialog.visibleLineCount(in: buffer.area)))
            dialog.render(into: &buffer, area: buffer.area)
        }
        switch state.overlay {
        case .toggle(let dialog):
            ToggleDialogView.render(dialog, into: &buffer, area: buffer.area)
        case .incident(let input, let selected):
            ToggleDialogView.renderIncident(state, input: input, selected: selected, into: &buffer, area: buffer.area)
        case .decision(let form):
            DecisionFlow.render(form, into: &buffer, area: buffer.area)
        default:
            break
        }
        return buffer
    }

    static func renderBody(_ state: AppState, into buffer: inout CellBuffer, area: Rect, now: Date) {
        if let flag = state.detail {
            FlagDetailView(state: state, flag: flag, now: state.result?.snapshot.asOf ?? now).render(into: &buffer, area: area)
            return
        }
        if state.result == nil {
            renderEmpty(state, into: &buffer, area: area)
            return
        }
        let asOf = state.result?.snapshot.asOf ?? now
        switch state.view {
        case .fleet: FleetView(state: state, now: now).render(into: &buffer, area: area)
        case .review: ReviewView(state: state, now: asOf).render(into: &buffer, area: area)
        case .audit: AuditView(state: state).render(into: &buffer, area: area)
        }
    }

    /// Before the first scan: what is happening, or why nothing will.
    static func renderEmpty(_ state: AppState, into buffer: inout CellBuffer, area: Rect) {
        let title: String
        let empty: String
        let scanning = state.header.scanProgress != nil
        switch state.view {
        case .fleet:
            title = "Flags(0)"
            empty = scanning ? "Scanning the fleet…" : "No fleet scanned yet."
        case .review:
            title = "Review(0)"
            empty = "No retirement candidates: no fleet scanned yet."
        case .audit:
            title = "Audit(0)"
            empty = "No deployments: no fleet scanned yet."
        }
        let inner = drawBox(&buffer, area, title: title)
        let lines = [empty] + (state.notice.isEmpty ? [] : [""] + state.notice)
        for (i, line) in lines.prefix(inner.height).enumerated() {
            buffer.put(line, x: inner.x + 1, y: inner.y + i, style: CellStyle(i == 0 ? .muted : .text),
                       clip: inner)
        }
    }

    static func renderStatus(_ state: AppState, into buffer: inout CellBuffer, area: Rect) {
        switch state.overlay {
        case .commandLine(let input):
            input.render(into: &buffer, area: area, prompt: ":")
        case .filter(let input):
            input.render(into: &buffer, area: area, prompt: "/")
        case .evaluationContext(let input):
            input.render(into: &buffer, area: area, prompt: "context (KEY=VALUE …, Enter evaluates): ")
        default:
            if let status = state.status {
                let role: StyleRole = status.kind == .error ? .error : status.kind == .warning ? .warning : .footerText
                StatusLine(left: status.text, role: role).render(into: &buffer, area: area)
            } else if !state.filterText.isEmpty {
                StatusLine(left: "filter: /\(state.filterText)   (Esc clears)").render(into: &buffer, area: area)
            }
        }
    }

    static func renderTooSmall(_ buffer: inout CellBuffer, size: Size) {
        let lines = ["Terminal too small", "is \(size)", "need \(minimumSize)", "q quits"]
        let top = max(0, (size.height - lines.count) / 2)
        for (i, line) in lines.enumerated() where top + i < size.height {
            let text = DisplayWidth.truncate(line, to: size.width)
            let x = max(0, (size.width - DisplayWidth.of(text)) / 2)
            buffer.put(text, x: x, y: top + i, style: CellStyle(i == 0 ? .warning : .text))
        }
    }
}
