import FlagModel
import Foundation
import TerminalUI

/// The decision form: open it on the selected candidate, edit, submit.
enum DecisionFlow {
    static func open(_ state: inout AppState, _ choice: DecisionChoice) {
        guard let flag = state.detail ?? selectedFlag(in: state) else {
            state.status = StatusMessage("select a candidate first", .warning)
            return
        }
        var prefill: [String] = []
        switch choice {
        case .retire: prefill = [NSUserName(), ""]
        case .snooze: prefill = ["30"]
        default: break
        }
        state.overlay = .decision(DecisionForm(flag: flag, choice: choice, prefill: prefill))
    }

    static func handleKey(_ state: inout AppState, _ form: DecisionForm, _ key: Key) -> [Effect] {
        var form = form
        switch key {
        case .escape:
            state.overlay = nil
            return []
        case .tab, .down:
            form.focus = (form.focus + 1) % form.inputs.count
        case .backTab, .up:
            form.focus = (form.focus + form.inputs.count - 1) % form.inputs.count
        case .enter:
            if form.focus < form.inputs.count - 1 {
                form.focus += 1
            } else {
                state.overlay = nil
                return [.recordDecision(DecisionRequest(flag: form.flag, choice: form.choice, values: form.inputs.map(\.text),
                                                        ticks: state.ticks[form.flag] ?? state.decisions[form.flag]?.checklist ?? []))]
            }
        default:
            _ = form.inputs[form.focus].handle(key)
        }
        state.overlay = .decision(form)
        return []
    }

    static func render(_ form: DecisionForm, into buffer: inout CellBuffer, area: Rect) {
        var lines: [StyledLine] = [StyledLine("")]
        for (i, label) in form.choice.fields.enumerated() {
            lines.append(StyledLine(label, i == form.focus ? .dialogTitle : .dialog))
            lines.append(StyledLine(""))  // the input row, drawn below
            lines.append(StyledLine(""))
        }
        let dialog = Dialog(title: "Decision on \(form.flag): \(form.choice.rawValue)", lines: lines,
                            footer: "Enter next/save · Tab next field · Esc cancel", preferredWidth: 64)
        let body = dialog.render(into: &buffer, area: area)
        for (i, input) in form.inputs.enumerated() {
            let y = body.y + 2 + i * 3
            guard y < body.maxY else { break }
            input.render(into: &buffer, area: Rect(x: body.x, y: y, width: body.width, height: 1), prompt: "› ", focused: i == form.focus)
        }
    }
}
