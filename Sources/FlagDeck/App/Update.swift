import TerminalUI

/// The app's single state transition: applies a message, returns the effects to run.
/// Pure: no terminal, no network, no clock, so every behaviour is testable.
public func update(_ state: inout AppState, _ msg: Msg, registry: KeyRegistry) -> [Effect] {
    switch msg {
    case .resized(let size):
        state.size = size
        return []
    case .status(let message):
        state.status = message
        return []
    case .themeLoaded(let name, let warnings):
        state.themeName = name
        state.status = warnings.isEmpty
            ? StatusMessage("theme \(name)")
            : StatusMessage("theme \(name): \(warnings.count) problem(s), defaults used for those roles — \(warnings[0])", .warning)
        return []
    case .themeFailed(_, let reason):
        state.status = StatusMessage(reason, .error)
        return []
    case .key(let key):
        if case .resize = key { return [] }
        if let overlay = state.overlay { return handleOverlayKey(&state, overlay, key) }
        guard let action = registry.action(for: key, in: state.view) else {
            state.status = StatusMessage("\(key) does nothing here — press ? for the keys", .info)
            return []
        }
        return perform(&state, action)
    }
}

/// Carries out an action from a key or a `:` command.
func perform(_ state: inout AppState, _ action: Action) -> [Effect] {
    switch action {
    case .quit:
        state.shouldQuit = true
    case .help:
        state.overlay = .help(scroll: 0)
    case .commandLine:
        state.overlay = .commandLine(TextInput())
    case .filter:
        state.overlay = .filter(TextInput(state.filterText))
    case .refresh:
        return [.refresh]
    case .nextView, .previousView:
        let all = ViewID.allCases
        let index = all.firstIndex(of: state.view) ?? 0
        let step = action == .nextView ? 1 : all.count - 1
        state.view = all[(index + step) % all.count]
        state.selectedRow = 0
    case .show(let view):
        state.view = view
        state.selectedRow = 0
    case .moveUp: state.selectedRow = max(0, state.selectedRow - 1)
    case .moveDown: state.selectedRow += 1
    case .pageUp: state.selectedRow = max(0, state.selectedRow - max(1, state.size.height - 6))
    case .pageDown: state.selectedRow += max(1, state.size.height - 6)
    case .top: state.selectedRow = 0
    case .bottom: state.selectedRow = Int.max / 2
    case .back:
        if !state.filterText.isEmpty {
            state.filterText = ""
            state.status = StatusMessage("filter cleared")
        }
    }
    return []
}

private func handleOverlayKey(_ state: inout AppState, _ overlay: Overlay, _ key: Key) -> [Effect] {
    switch overlay {
    case .help(let scroll):
        switch key {
        case .escape, .char("q"), .char("?"), .enter: state.overlay = nil
        case .down, .char("j"): state.overlay = .help(scroll: scroll + 1)
        case .up, .char("k"): state.overlay = .help(scroll: max(0, scroll - 1))
        case .pageDown, .char(" "): state.overlay = .help(scroll: scroll + 10)
        case .pageUp: state.overlay = .help(scroll: max(0, scroll - 10))
        default: break
        }
        return []

    case .filter(var input):
        switch key {
        case .escape:
            state.overlay = nil
            state.filterText = ""
        case .enter:
            state.overlay = nil
        default:
            if input.handle(key) == .edited { state.filterText = input.text; state.selectedRow = 0 }
            state.overlay = .filter(input)
        }
        return []

    case .commandLine(var input):
        switch key {
        case .escape:
            state.overlay = nil
        case .tab:
            input.setText(CommandPrompt.complete(input.text, themes: state.availableThemes))
            state.overlay = .commandLine(input)
        case .enter:
            state.overlay = nil
            switch CommandPrompt.parse(input.text) {
            case .empty: break
            case .action(let action): return perform(&state, action)
            case .theme(let name): return [.loadTheme(name)]
            case .unknown(let word):
                state.status = StatusMessage("unknown command :\(word) — try :fleet, :review, :audit, :theme NAME, :q", .error)
            case .missingArgument(let command, let what):
                state.status = StatusMessage(":\(command) needs \(what)", .error)
            }
        default:
            _ = input.handle(key)
            state.overlay = .commandLine(input)
        }
        return []
    }
}
