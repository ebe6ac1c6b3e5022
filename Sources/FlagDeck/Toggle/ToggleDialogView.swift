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
            // The text's own indentation (a plan's per-variant lines sit under their
            // environment) is kept on every line it wraps to.
            let lead = prefix + String(text.prefix { $0 == " " })
            let leadWidth = DisplayWidth.of(lead)
            return TextWrap.wrap(String(text.drop { $0 == " " }), width: max(10, textWidth - leadWidth), indent: "    ")
                .enumerated().map { StyledLine(($0.offset == 0 ? lead : String(repeating: " ", count: leadWidth)) + $0.element, role) }
        }
        let footer: String
        switch dialog.phase {
        case .pickVariant:
            lines += variantPicker(dialog, width: textWidth)
            footer = "Enter choose · j/k move · Esc cancel"
        case .choose:
            switch dialog.variant {
            case .allOff?:
                lines.append(StyledLine(spans: [("Change     ", .dialog), ("ALL VARIANTS OFF", .flagOff),
                                                ("   every variant and the default (Esc: pick one variant instead)", .muted)]))
            case .named(let name)?:
                let option = dialog.variants.first { $0.name == name }
                lines.append(StyledLine(spans: [("Variant    ", .dialog), (name, .dialogTitle),
                                                (option?.isDefault == true ? "   the default (no rule)" : option?.rule.map { "   rule \($0)" } ?? "", .muted)]))
                lines.append(StyledLine(spans: [("New value  ", .dialog), (dialog.enable ? "ON" : "OFF", dialog.enable ? .flagOn : .flagOff),
                                                ("   (v flips; only this variant changes)", .muted)]))
            case nil where dialog.retire:
                lines.append(StyledLine(spans: [("Change     ", .dialog), ("RETIRE", .flagOff),
                                                ("   remove \(dialog.flag.key) from the documents (refused where it is still on)", .muted)]))
            case nil:
                lines.append(StyledLine(spans: [("New value  ", .dialog), (dialog.enable ? "ON" : "OFF", dialog.enable ? .flagOn : .flagOff),
                                                ("   (v flips)", .muted)]))
            }
            lines.append(StyledLine(spans: [("Strategy   ", .dialog), (dialog.strategyLabel, .dialog), ("   (s changes)", .muted)]))
            lines.append(StyledLine(""))
            lines.append(StyledLine("Environments", .dialogTitle))
            for (i, choice) in dialog.choices.enumerated() {
                let marker = i == dialog.cursor && dialog.focus == .environments ? "›" : " "
                let env = choice.environment
                let (glyph, role) = variantDetail(choice, dialog.variant) ?? CellGlyphs.text(choice.state)
                lines.append(StyledLine(spans: [
                    ("\(marker) \(choice.selected ? "[x]" : "[ ]") ", choice.selected ? .dialogTitle : .dialog),
                    (DisplayWidth.fit("\(env.accountName)/\(env.region)/\(env.environmentName)", to: 44), .dialog),
                    (DisplayWidth.fit(glyph, to: dialog.isMultiVariant ? 20 : 8), role),
                    (choice.isProduction ? "PRODUCTION" : "", .warning),
                ]))
            }
            lines.append(StyledLine(""))
            let reason = dialog.reason.text.isEmpty && dialog.focus != .reason ? "(none — Tab to write one)" : dialog.reason.text
            lines.append(StyledLine(spans: [("Reason     ", .dialog), (reason + (dialog.focus == .reason ? "▏" : ""), dialog.focus == .reason ? .input : .muted)]))
            footer = dialog.focus == .reason ? "type the reason · Enter plan · Tab back to environments"
                : dialog.variant == .allOff ? "Enter plan · Space select · a all · s strategy · Tab reason · Esc variants"
                : dialog.isMultiVariant ? "Enter plan · Space select · a all · v value · s strategy · Tab reason · Esc variants"
                : dialog.retire ? "Enter plan · Space select · a all · s strategy · Tab reason · Esc cancel"
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
        Dialog(title: (dialog.retire ? "Retire " : "Toggle ") + "\(dialog.flag)", lines: lines, footer: footer,
               preferredWidth: min(textWidth, 100))
            .render(into: &buffer, area: area)
    }

    static func renderIncident(_ state: AppState, input: TextInput, selected: Int, into buffer: inout CellBuffer, area: Rect) {
        let found = ToggleFlow.matches(state, input.text)
        var lines: [StyledLine] = [StyledLine("")]
        for (i, row) in found.prefix(12).enumerated() {
            let on = row.cells.filter { $0.state == .on }.count
            let variants = row.cells.filter { $0.state == .variants }.count
            let present = row.cells.filter { $0.state != .absent }.count
            // A multi-variant flag is never "on in 0": say it serves variants.
            let (where_, role): (String, StyleRole) = variants == 0
                ? ("on in \(on) of \(present)", on > 0 ? .flagOn : .muted)
                : ((on > 0 ? "on in \(on), " : "") + "◆ variants in \(variants) of \(present)", .flagVariants)
            lines.append(StyledLine(spans: [(i == selected ? "› " : "  ", .dialogTitle),
                                            (DisplayWidth.fit(row.flag.description, to: 56), i == selected ? .dialogTitle : .dialog),
                                            (where_, role)]))
        }
        if found.isEmpty { lines.append(StyledLine(input.text.isEmpty ? "type part of a flag's key or name" : "no flag matches", .muted)) }
        if found.count > 12 { lines.append(StyledLine("  … \(found.count - 12) more: keep typing", .muted)) }
        let dialog = Dialog(title: "Incident: which flag?", lines: lines, footer: "Enter choose · ↑/↓ move · Esc cancel", preferredWidth: 80)
        let body = dialog.render(into: &buffer, area: area)
        input.render(into: &buffer, area: Rect(x: body.x, y: body.y, width: body.width, height: 1), prompt: "flag: ")
    }

    /// The variant picker: what each variant serves now, which is the default, and
    /// "all variants off" first (the incident's choice).
    static func variantPicker(_ dialog: ToggleDialog, width: Int) -> [StyledLine] {
        var lines: [StyledLine] = []
        let n = dialog.variantEnvironments
        lines += TextWrap.wrap("\(dialog.flag.key) is a multi-variant flag (\(dialog.variants.count) variants, served as variants in \(n) "
                               + "environment\(n == 1 ? "" : "s")). Clients get the first variant whose rule matches, else the default, "
                               + "with that variant's ON/OFF.", width: width).map { StyledLine($0, .dialog) }
        if dialog.variantsDiffer {
            lines += TextWrap.wrap("⚠ the environments do not serve the same variants: listed is every variant found, counted per "
                                   + "environment; the next step shows each environment.", width: width, indent: "  ").map { StyledLine($0, .warning) }
        }
        if dialog.plainEnvironments > 0 {
            let p = dialog.plainEnvironments
            lines += TextWrap.wrap("⚠ \(p) environment\(p == 1 ? " serves" : "s serve") it as a plain flag (no variants): "
                                   + "\"all variants off\" switches it off there too; one variant does not apply there.",
                                   width: width, indent: "  ").map { StyledLine($0, .warning) }
        }
        lines.append(StyledLine(""))
        let nameWidth = min(24, max(12, (dialog.variants.map { DisplayWidth.of($0.name) }.max() ?? 0) + 2))
        let values = dialog.variants.map { variantValue($0, environments: n) }
        let valueWidth = max(6, (values.map { DisplayWidth.of($0.0) }.max() ?? 0) + 2)
        let allOffSelected = dialog.variantCursor == 0
        lines.append(StyledLine(spans: [
            (allOffSelected ? "› " : "  ", .dialogTitle),
            ("all variants off (disable)", allOffSelected ? .dialogTitle : .dialog),
            ("   every variant OFF, the default too", .muted),
        ]))
        lines.append(StyledLine("    or one variant:", .muted))
        lines.append(StyledLine(spans: [("    " + DisplayWidth.fit("variant", to: nameWidth), .muted),
                                        (DisplayWidth.fit("now", to: valueWidth), .muted),
                                        (DisplayWidth.fit("", to: 9), .muted), ("who gets it", .muted)]))
        for (i, option) in dialog.variants.enumerated() {
            let selected = dialog.variantCursor == i + 1
            let who: String
            if option.isDefault && !option.defaultDiffers {
                who = "when no rule matches"
            } else {
                who = option.rule.map { "rule " + $0 + (option.ruleDiffers ? " (differs across environments)" : "") } ?? "no rule"
            }
            let used = 4 + nameWidth + valueWidth + 9
            lines.append(StyledLine(spans: [
                (selected ? "  › " : "    ", .dialogTitle),
                (DisplayWidth.fit(option.name, to: nameWidth), selected ? .dialogTitle : .dialog),
                (DisplayWidth.fit(values[i].0, to: valueWidth), values[i].1),
                (DisplayWidth.fit(option.isDefault ? (option.defaultDiffers ? "default?" : "DEFAULT") : "", to: 9), .dialogTitle),
                (DisplayWidth.fit(who, to: max(10, width - used)), .muted),
            ]))
        }
        return lines
    }

    /// `ON`, `OFF`, or `ON in 4 · OFF in 2` when the environments differ; `· absent in 1`.
    static func variantValue(_ option: VariantOption, environments: Int) -> (String, StyleRole) {
        var text: String
        let role: StyleRole
        switch (option.onIn, option.offIn) {
        case (0, _): text = "OFF"; role = .flagOff
        case (_, 0): text = "ON"; role = .flagOn
        default: text = "ON in \(option.onIn) · OFF in \(option.offIn)"; role = .warning
        }
        if option.missingIn > 0 {
            text += (option.onIn > 0 && option.offIn > 0 ? "" : " in \(option.onIn + option.offIn)") + " · absent in \(option.missingIn)"
        }
        return (text, role)
    }

    /// An environment's line in a multi-variant dialog: what the chosen change touches there.
    static func variantDetail(_ choice: ToggleDialog.Choice, _ pick: VariantPick?) -> (String, StyleRole)? {
        guard let pick, !choice.variants.isEmpty else { return nil }
        switch pick {
        case .allOff:
            let on = choice.variants.filter(\.enabled).count
            return on == 0 ? ("◆ all off", .flagOff) : ("◆ \(on) of \(choice.variants.count) on", .flagOn)
        case .named(let name):
            guard let v = choice.variants.first(where: { $0.name == name }) else { return ("◆ no \(name)", .muted) }
            return (v.enabled ? "◆ \(name) on" : "◆ \(name) off", v.enabled ? .flagOn : .flagOff)
        }
    }
}
