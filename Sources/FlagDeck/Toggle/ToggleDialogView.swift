import FlagModel
import TerminalUI

/// Draws the toggle dialog in each phase, and the incident search.
enum ToggleDialogView {
    static func render(_ dialog: ToggleDialog, into buffer: inout CellBuffer, area: Rect) {
        var lines: [StyledLine] = []
        // The plan's lines are long (environment, versions, diff, strategy): wrap them
        // rather than cut the part that says what changes.
        let textWidth = max(20, min(118, area.width - 8))
        func wrapped(_ text: String, _ role: StyleRole, prefix: String = "") -> [StyledLine] {
            TextWrap.wrap(prefix + text, width: textWidth, indent: String(repeating: " ", count: prefix.count + 4))
                .map { StyledLine($0, role) }
        }
        let footer: String
        switch dialog.phase {
        case .choose:
            lines.append(StyledLine(spans: [("New value  ", .dialog), (dialog.enable ? "ON" : "OFF", dialog.enable ? .flagOn : .flagOff),
                                            ("   (v flips)", .muted)]))
            lines.append(StyledLine(spans: [("Strategy   ", .dialog), (dialog.strategyLabel, .dialog), ("   (s changes)", .muted)]))
            lines.append(StyledLine(""))
            lines.append(StyledLine("Environments", .dialogTitle))
            for (i, choice) in dialog.choices.enumerated() {
                let marker = i == dialog.cursor && dialog.focus == .environments ? "›" : " "
                let env = choice.environment
                let (glyph, role) = CellGlyphs.text(choice.state)
                lines.append(StyledLine(spans: [
                    ("\(marker) \(choice.selected ? "[x]" : "[ ]") ", choice.selected ? .dialogTitle : .dialog),
                    (DisplayWidth.fit("\(env.accountName)/\(env.region)/\(env.environmentName)", to: 44), .dialog),
                    (DisplayWidth.fit(glyph, to: 8), role),
                    (choice.isProduction ? "PRODUCTION" : "", .warning),
                ]))
            }
            lines.append(StyledLine(""))
            let reason = dialog.reason.text.isEmpty && dialog.focus != .reason ? "(none — Tab to write one)" : dialog.reason.text
            lines.append(StyledLine(spans: [("Reason     ", .dialog), (reason + (dialog.focus == .reason ? "▏" : ""), dialog.focus == .reason ? .input : .muted)]))
            footer = dialog.focus == .reason ? "type the reason · Enter plan · Tab back to environments"
                : "Enter plan · Space select · a all · v value · s strategy · Tab reason · Esc cancel"
        case .planning:
            lines.append(StyledLine("Reading the deployed versions and building the change…", .muted))
            footer = "Esc back"
        case .confirm(let preview, let confirmations):
            lines.append(StyledLine("This will happen:", .dialogTitle))
            lines += preview.lines.flatMap { wrapped($0, $0.contains("WARNING") ? .warning : ($0.contains("REFUSED") ? .error : .dialog), prefix: "  ") }
            if !preview.warnings.isEmpty {
                lines.append(StyledLine(""))
                lines += preview.warnings.flatMap { wrapped($0, .warning, prefix: "⚠ ") }
            }
            if !preview.refusals.isEmpty {
                lines.append(StyledLine(""))
                lines += preview.refusals.flatMap { wrapped($0, .error, prefix: "✖ ") }
            }
            if !preview.busy.isEmpty {
                // A deployment in progress is no dead end: stop it first, per environment, by choice.
                lines.append(StyledLine(""))
                for (i, busy) in preview.busy.enumerated() {
                    let marker = i == dialog.busyCursor ? "›" : " "
                    let box = busy.stopFirst ? "[x]" : "[ ]"
                    lines += wrapped("\(marker) \(box) stop first, then deploy: \(busy.environment): \(busy.running)",
                                     busy.stopFirst ? .warning : .dialog, prefix: "")
                }
                lines.append(StyledLine("  s: stop it, then deploy (AppConfig rolls it back) · j/k: which environment", .muted))
            }
            if let warning = preview.journalWarning {
                lines.append(StyledLine(""))
                lines += wrapped(warning, .warning, prefix: "⚠ ")
            }
            if !preview.canExecute {
                footer = "nothing can be deployed · n/Esc back"
            } else if preview.touchesProduction {
                footer = "PRODUCTION: press y twice to deploy (\(confirmations)/2) · n/Esc back"
            } else {
                footer = "y deploy · n/Esc back"
            }
        case .executing:
            lines.append(StyledLine("Creating versions and starting deployments…", .muted))
            footer = "working"
        case .result(let results):
            lines.append(StyledLine("Deployments", .dialogTitle))
            for (i, line) in results.enumerated() {
                let marker = i == dialog.cursor ? "›" : " "
                let env = line.environment
                var spans: [(String, StyleRole)] = [(marker + " " + (line.ok ? "✔ " : "✖ "), line.ok ? .ok : .error),
                                                    (DisplayWidth.fit("\(env.accountName)/\(env.region)/\(env.environmentName)", to: 40), .dialog)]
                if let state = line.state {
                    let percent = line.percent.map { " \(Int($0.rounded()))%" } ?? ""
                    spans.append((DisplayWidth.fit(state + percent, to: 18), line.isFinal ? (state == "COMPLETE" ? .ok : .error) : .flagRolling))
                }
                lines.append(StyledLine(spans: spans))
                lines += wrapped(line.text, line.ok ? .muted : .error, prefix: "      ")
            }
            switch dialog.pendingControl {
            case .stop(let handle)?:
                lines.append(StyledLine(""))
                lines.append(StyledLine("Stop deployment #\(handle.deploymentNumber) in \(handle.environment)? It rolls back. y to confirm", .warning))
            case .revert(let handle)?:
                lines.append(StyledLine(""))
                lines.append(StyledLine("Revert deployment #\(handle.deploymentNumber) in \(handle.environment) to the version before it? y to confirm", .warning))
            case nil:
                break
            }
            footer = "x stop (rollback) · R revert (COMPLETE, within 72 h) · j/k move · Esc close"
        case .failed(let reason):
            lines.append(StyledLine("Nothing was changed:", .error))
            lines += wrapped(reason, .dialog)
            footer = "Enter back · Esc close"
        }
        Dialog(title: "Toggle \(dialog.flag)", lines: lines, footer: footer, preferredWidth: min(textWidth, 100))
            .render(into: &buffer, area: area)
    }

    static func renderIncident(_ state: AppState, input: TextInput, selected: Int, into buffer: inout CellBuffer, area: Rect) {
        let found = ToggleFlow.matches(state, input.text)
        var lines: [StyledLine] = [StyledLine("")]
        for (i, row) in found.prefix(12).enumerated() {
            let on = row.cells.filter { $0.state == .on }.count
            lines.append(StyledLine(spans: [(i == selected ? "› " : "  ", .dialogTitle),
                                            (DisplayWidth.fit(row.flag.description, to: 56), i == selected ? .dialogTitle : .dialog),
                                            ("on in \(on) of \(row.cells.filter { $0.state != .absent }.count)", on > 0 ? .flagOn : .muted)]))
        }
        if found.isEmpty { lines.append(StyledLine(input.text.isEmpty ? "type part of a flag's key or name" : "no flag matches", .muted)) }
        if found.count > 12 { lines.append(StyledLine("  … \(found.count - 12) more: keep typing", .muted)) }
        let dialog = Dialog(title: "Incident: which flag?", lines: lines, footer: "Enter choose · ↑/↓ move · Esc cancel", preferredWidth: 80)
        let body = dialog.render(into: &buffer, area: area)
        input.render(into: &buffer, area: Rect(x: body.x, y: body.y, width: body.width, height: 1), prompt: "flag: ")
    }
}
