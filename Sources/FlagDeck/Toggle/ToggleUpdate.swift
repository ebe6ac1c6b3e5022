import FlagModel
import TerminalUI

/// The toggle dialog and the incident search: their keys and their messages.
enum ToggleFlow {
    /// The Review view's `R`: retire the flag. A flag the meeting decided to retire opens at
    /// once; any other asks for `R` a second time first.
    static func openRetirement(_ state: inout AppState, flag: FlagID) {
        guard !state.readOnly else {
            state.status = StatusMessage("read-only mode: flags cannot be retired", .error)
            return
        }
        guard let row = state.row(for: flag) else { return }
        if let refs = state.codeReferences(of: flag), refs.count > 0 {
            state.status = StatusMessage("\(flag.key) is still referenced in code (\(refs.count): \(refs.locations())): "
                                         + "remove it from the code first (flagdeck retire --force overrides)", .error)
            return
        }
        let decided = state.decisions[flag].map { $0.text.hasPrefix("retire ") || $0.text == "retire" } ?? false
        if !decided && state.retireArmed != flag {
            state.retireArmed = flag
            state.status = StatusMessage("\(flag.key) has no retire decision: press R again to retire it anyway", .warning)
            return
        }
        state.retireArmed = nil
        let production = Set(state.result?.snapshot.environments.filter(\.isProduction).map(\.id) ?? [])
        let dialog = ToggleDialog.retirement(row: row, isProduction: { production.contains($0) }, inScope: { state.inScope($0) })
        guard !dialog.choices.isEmpty else {
            state.status = StatusMessage("\(flag.key) is served in no environment in scope: nothing to retire", .warning)
            return
        }
        state.overlay = .toggle(dialog)
    }

    static func open(_ state: inout AppState, flag: FlagID) {
        guard !state.readOnly else {
            state.status = StatusMessage("read-only mode: flags cannot be changed", .error)
            return
        }
        guard let row = state.row(for: flag) else { return }
        if row.definition?.isPowertools == true, row.cells.contains(where: { $0.state == .value }) {
            state.status = StatusMessage("\(flag.key) is a non-boolean Powertools feature: it serves a value, so there is "
                                         + "no on/off to toggle; change its default in the document", .warning)
            return
        }
        let production = Set(state.result?.snapshot.environments.filter(\.isProduction).map(\.id) ?? [])
        let dialog = ToggleDialog(row: row, isProduction: { production.contains($0) }, inScope: { state.inScope($0) })
        guard !dialog.choices.isEmpty else {
            state.status = StatusMessage("\(flag.key) is not deployed in any environment in scope", .warning)
            return
        }
        state.overlay = .toggle(dialog)
    }

    /// Flags the incident search offers for `text`, best first: exact key, key prefix, then the rest.
    static func matches(_ state: AppState, _ text: String) -> [FlagRow] {
        guard let rows = state.result?.snapshot.rows, !text.isEmpty else { return [] }
        let filter = FlagFilter(text)
        let needle = text.lowercased()
        return rows.filter { filter.matches($0) }
            .sorted { a, b in
                func rank(_ r: FlagRow) -> Int { r.flag.key == needle ? 0 : (r.flag.key.hasPrefix(needle) ? 1 : 2) }
                return (rank(a), a.flag) < (rank(b), b.flag)
            }
    }

    static func handleIncidentKey(_ state: inout AppState, _ input: TextInput, selected: Int, _ key: Key) -> [Effect] {
        var input = input
        switch key {
        case .escape:
            state.overlay = nil
        case .down, .ctrl("n"):
            state.overlay = .incident(input, selected: min(selected + 1, max(0, matches(state, input.text).count - 1)))
        case .up, .ctrl("p"):
            state.overlay = .incident(input, selected: max(0, selected - 1))
        case .enter:
            let found = matches(state, input.text)
            guard selected < found.count else {
                state.status = StatusMessage("no flag matches \"\(input.text)\"", .warning)
                return []
            }
            state.overlay = nil
            open(&state, flag: found[selected].flag)
        default:
            if input.handle(key) == .edited {
                state.overlay = .incident(input, selected: 0)
            } else {
                state.overlay = .incident(input, selected: selected)
            }
        }
        return []
    }

    static func handleKey(_ state: inout AppState, _ dialog: ToggleDialog, _ key: Key) -> [Effect] {
        var dialog = dialog
        defer { if case .toggle = state.overlay { state.overlay = .toggle(dialog) } }
        switch dialog.phase {
        case .pickVariant:
            switch key {
            case .escape, .char("q"):
                state.overlay = nil
            case .down, .char("j"):
                dialog.variantCursor = min(dialog.variants.count, dialog.variantCursor + 1)
            case .up, .char("k"):
                dialog.variantCursor = max(0, dialog.variantCursor - 1)
            case .enter:
                dialog.pick(dialog.variantCursor)
            default:
                break
            }
            return []
        case .choose:
            return chooseKey(&state, &dialog, key)
        case .planning, .executing:
            if key == .escape && dialog.phase == .planning {
                dialog.phase = .choose
            }
            return []
        case .confirm(let preview, let confirmations):
            switch key {
            case .char("y"), .char("Y"):
                guard preview.canExecute else { return [] }
                let needed = preview.touchesProduction ? 2 : 1
                if confirmations + 1 >= needed {
                    dialog.phase = .executing
                    return [.executeToggle(token: preview.token)]
                }
                dialog.phase = .confirm(preview, confirmations: confirmations + 1)
            case .escape, .char("n"), .char("N"):
                dialog.phase = .choose
            case .down, .char("j"):
                dialog.busyCursor = min(max(0, preview.busy.count - 1), dialog.busyCursor + 1)
            case .up, .char("k"):
                dialog.busyCursor = max(0, dialog.busyCursor - 1)
            case .char("s"):
                // "Stop it, then deploy" for the busy environment under the cursor: plan again,
                // so the confirmation shows exactly what the stop rolls back.
                guard dialog.busyCursor < preview.busy.count else { return [] }
                let environment = preview.busy[dialog.busyCursor].environment
                if dialog.stopRunning.remove(environment) == nil { dialog.stopRunning.insert(environment) }
                dialog.phase = .planning
                return [.planToggle(dialog.draft)]
            default:
                break
            }
            return []
        case .failed:
            if key == .escape { state.overlay = nil; return [.refresh] }
            if key == .enter { dialog.phase = .choose }
            return []
        case .result(let lines):
            return resultKey(&state, &dialog, lines, key)
        }
    }

    private static func chooseKey(_ state: inout AppState, _ dialog: inout ToggleDialog, _ key: Key) -> [Effect] {
        if dialog.focus == .reason {
            switch key {
            case .tab, .escape:
                dialog.focus = .environments
            case .enter:
                dialog.focus = .environments
                return plan(&state, &dialog)
            default:
                _ = dialog.reason.handle(key)
            }
            return []
        }
        switch key {
        case .escape where dialog.isMultiVariant:
            // Back to the variant picker: choosing "all off" or one variant is the first step.
            dialog.phase = .pickVariant
        case .escape, .char("q"):
            state.overlay = nil
        case .down, .char("j"):
            dialog.cursor = min(dialog.choices.count - 1, dialog.cursor + 1)
        case .up, .char("k"):
            dialog.cursor = max(0, dialog.cursor - 1)
        case .char(" "):
            dialog.choices[dialog.cursor].selected.toggle()
        case .char("a"):
            let all = dialog.choices.allSatisfy(\.selected)
            for i in dialog.choices.indices { dialog.choices[i].selected = !all }
        case .char("v") where dialog.retire:
            state.status = StatusMessage("a retirement removes the flag: there is no value to flip", .warning)
            return []
        case .char("v"):
            guard dialog.variant != .allOff else {
                state.status = StatusMessage("all variants off is a disable; to switch a variant on, Esc and pick it", .warning)
                return []
            }
            dialog.enable.toggle()
        case .char("s"):
            dialog.strategyIndex = (dialog.strategyIndex + 1) % ToggleDialog.strategies.count
        case .tab, .char("r"):
            dialog.focus = .reason
        case .enter:
            return plan(&state, &dialog)
        default:
            break
        }
        return []
    }

    private static func plan(_ state: inout AppState, _ dialog: inout ToggleDialog) -> [Effect] {
        guard dialog.choices.contains(where: \.selected) else {
            state.status = StatusMessage("choose at least one environment (Space)", .warning)
            return []
        }
        dialog.phase = .planning
        return [.planToggle(dialog.draft)]
    }

    private static func resultKey(_ state: inout AppState, _ dialog: inout ToggleDialog, _ lines: [DeploymentLine], _ key: Key) -> [Effect] {
        if let pending = dialog.pendingControl {
            dialog.pendingControl = nil
            guard key == .char("y") || key == .char("Y") else { return [] }
            switch pending {
            case .stop(let handle): return [.stopDeployment(handle)]
            case .revert(let handle): return [.revertDeployment(handle)]
            }
        }
        switch key {
        case .escape, .char("q"), .enter:
            state.overlay = nil
            state.status = StatusMessage("deployments continue in AppConfig; the Audit view shows them")
            return [.refresh]
        case .down, .char("j"):
            dialog.cursor = min(max(0, lines.count - 1), dialog.cursor + 1)
        case .up, .char("k"):
            dialog.cursor = max(0, dialog.cursor - 1)
        case .char("x"):
            guard dialog.cursor < lines.count, let handle = lines[dialog.cursor].handle, !lines[dialog.cursor].isFinal else {
                state.status = StatusMessage("nothing running on this line to stop", .warning)
                return []
            }
            dialog.pendingControl = .stop(handle)
        case .char("R"):
            guard dialog.cursor < lines.count, let handle = lines[dialog.cursor].handle,
                  lines[dialog.cursor].state == "COMPLETE" else {
                state.status = StatusMessage("only a COMPLETE deployment can be reverted", .warning)
                return []
            }
            dialog.pendingControl = .revert(handle)
        default:
            break
        }
        return []
    }

    /// Messages from the effect handler about the dialog in progress.
    static func apply(_ state: inout AppState, _ msg: Msg) {
        guard case .toggle(var dialog) = state.overlay else {
            if case .toggleFinished(let lines) = msg {
                state.status = StatusMessage(lines.allSatisfy(\.ok) ? "toggle done" : "toggle partly failed: \(lines.filter { !$0.ok }.map(\.text).joined(separator: "; "))", lines.allSatisfy(\.ok) ? .info : .error)
            }
            return
        }
        switch msg {
        case .togglePlanned(let preview):
            dialog.phase = .confirm(preview, confirmations: 0)
        case .toggleFailed(let reason):
            dialog.phase = .failed(reason)
        case .toggleFinished(let lines):
            dialog.phase = .result(lines)
            dialog.cursor = 0
        case .deploymentProgress(let line):
            if case .result(var lines) = dialog.phase {
                if let i = lines.firstIndex(where: { $0.environment == line.environment }) {
                    lines[i] = line
                } else {
                    lines.append(line)
                }
                dialog.phase = .result(lines)
            }
        default:
            break
        }
        state.overlay = .toggle(dialog)
    }
}
