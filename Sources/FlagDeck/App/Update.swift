import Foundation
import FlagModel
import TerminalUI

extension AppState {
    /// Which bindings apply now: the Flag view's when it is open, else the tab's.
    public var scope: BindingScope { detail != nil ? .flagDetail : .view(view) }
}

/// The app's single state transition: applies a message, returns the effects to run.
/// Pure: no terminal, no network, no clock, so every behaviour is testable.
public func update(_ state: inout AppState, _ msg: Msg, registry: KeyRegistry) -> [Effect] {
    switch msg {
    case .resized(let size):
        state.size = size
        if state.result != nil { FleetColumnFlow.clamp(&state) }
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
    case .scanStarted:
        state.header.scanProgress = "scanning…"
        return []
    case .scanProgress(let done, let total, let current):
        state.header.scanProgress = "scanning \(done)/\(total) \(current)"
        return []
    case .scanFinished(let result):
        let selectedFlag = selectedFlag(in: state)
        state.result = result
        state.header.scanProgress = nil
        state.header.lastRefresh = result.scannedAt
        let environments = result.snapshot.environments.map(\.id)
        state.header.regions = Set(environments.map(\.region) + result.errors.map(\.region)).count
        state.header.failures = result.errors.count
        state.header.count(accountsOf: result.snapshot)
        // Only discovery knows how many accounts it found; a scan without its summary
        // (a refresh whose listing failed) keeps the last count rather than hiding it.
        if let discovery = result.discovery { state.header.discoveredAccounts = discovery.discovered }
        state.header.incompleteFlags = result.snapshot.rows.filter { !$0.isComplete }.count
        state.notice = []
        // Keep the cursor on the same flag across refreshes.
        if let selectedFlag, state.view == .fleet,
           let line = state.fleetLines().firstIndex(where: { $0.flagIndex.map { result.snapshot.rows[$0].flag } == selectedFlag }) {
            state.fleet.list.selected = line
        }
        clampSelections(&state)
        if !result.errors.isEmpty {
            let first = result.errors[0]
            state.status = StatusMessage("\(result.errors.count) part(s) of the fleet unreadable — \(first.part): \(first.message)", .error)
        }
        return []
    case .scanFailed(let reason):
        state.header.scanProgress = nil
        state.status = StatusMessage("scan failed: \(reason)", .error)
        return []
    case .togglePlanned, .toggleFailed, .toggleFinished, .deploymentProgress:
        ToggleFlow.apply(&state, msg)
        return []
    case .decisionsLoaded(let decisions):
        state.decisions = decisions
        clampSelections(&state)
        return []
    case .codeReferencesLoaded(let references):
        state.codeReferences = references
        return []
    case .publishedBy(let author):
        state.header.publishedBy = author
        return []
    case .auditTrailLoaded(let trail, let notes):
        state.auditTrail = trail
        state.journalNotes = notes
        return []
    case .decisionRecorded(let text):
        state.status = StatusMessage(text)
        return []
    case .decisionFailed(let reason):
        state.status = StatusMessage(reason, .error)
        return []
    case .journalLoaded(let lines):
        state.journal = lines
        return []
    case .key(let key):
        if case .resize = key { return [] }
        if let overlay = state.overlay { return handleOverlayKey(&state, overlay, key) }
        guard let action = registry.action(for: key, in: state.scope) else {
            state.status = StatusMessage("\(key) does nothing here — press ? for the keys", .info)
            return []
        }
        return perform(&state, action)
    }
}

/// The flag under the cursor in the current view, if any.
func selectedFlag(in state: AppState) -> FlagID? {
    switch state.view {
    case .fleet:
        let lines = state.fleetLines()
        guard state.fleet.list.selected < lines.count, let index = lines[state.fleet.list.selected].flagIndex,
              let rows = state.result?.snapshot.rows else { return nil }
        return rows[index].flag
    case .review:
        let candidates = state.reviewCandidates()
        return state.review.selected < candidates.count ? candidates[state.review.selected].flag : nil
    case .audit:
        let records = state.auditRecords()
        guard state.audit.selected < records.count, let change = records[state.audit.selected].changes.first else { return nil }
        let record = records[state.audit.selected]
        return FlagID(application: record.environment.applicationName, profile: record.profileName, key: change.key)
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
        state.detail = nil
        clampSelections(&state)
    case .show(let view):
        state.view = view
        state.detail = nil
        clampSelections(&state)
    case .moveUp: move(&state, by: -1)
    case .moveDown: move(&state, by: 1)
    case .pageUp: move(&state, by: -max(1, state.size.height - 8))
    case .pageDown: move(&state, by: max(1, state.size.height - 8))
    case .top: move(&state, by: -Int.max / 4)
    case .bottom: move(&state, by: Int.max / 4)
    case .back:
        if state.evaluation != nil {
            state.evaluation = nil  // the innermost thing open: the Flag view's evaluation
        } else if state.detail != nil {
            state.detail = nil
        } else if state.view == .fleet, FleetColumnFlow.collapse(&state) {
            // The expanded environment group closed first: the innermost thing open.
        } else if !state.filterText.isEmpty {
            state.filterText = ""
            clampSelections(&state)
            state.status = StatusMessage("filter cleared")
        } else if state.fleet.quick != nil, state.view == .fleet {
            state.fleet.quick = nil
            clampSelections(&state)
        }
    case .open:
        // On a grouped environment column Enter expands or collapses it; elsewhere it opens the flag.
        if state.view == .fleet, FleetColumnFlow.enter(&state) { break }
        if let flag = selectedFlag(in: state) {
            state.detail = flag
            state.detailScroll = 0
        }
    case .scrollLeft:
        FleetColumnFlow.move(&state, by: -1)
    case .scrollRight:
        FleetColumnFlow.move(&state, by: 1)
    case .cycleSort:
        state.fleet.sort = state.fleet.sort.next
        state.status = StatusMessage("sorted by \(state.fleet.sort.rawValue)")
        clampSelections(&state)
    case .quickFilter(let quick):
        state.fleet.quick = quick
        state.fleet.list = ListState()
        clampSelections(&state)
    case .toggle:
        if let flag = state.detail ?? selectedFlag(in: state) {
            ToggleFlow.open(&state, flag: flag)
        }
    case .incident:
        if state.readOnly {
            state.status = StatusMessage("read-only mode: flags cannot be changed", .error)
        } else {
            state.overlay = .incident(TextInput(), selected: 0)
        }
    case .toggleJournal:
        state.auditShowsJournal.toggle()
        state.audit = ListState()
    case .decide(let choice):
        if state.readOnly {
            state.status = StatusMessage("read-only mode: decisions cannot be recorded", .error)
        } else {
            DecisionFlow.open(&state, choice)
        }
    case .retire:
        if let flag = selectedFlag(in: state) { ToggleFlow.openRetirement(&state, flag: flag) }
    case .evaluate:
        guard state.detail != nil else { break }
        state.overlay = .evaluationContext(TextInput(state.evaluation?.text ?? ""))
    case .tick(let rule):
        if let flag = selectedFlag(in: state) {
            var ticks = state.ticks[flag] ?? state.decisions[flag]?.checklist ?? []
            if ticks.contains(rule) { ticks.remove(rule) } else { ticks.insert(rule) }
            state.ticks[flag] = ticks
        }
    }
    return []
}

/// Moves the cursor of the current list, skipping group headings in the Fleet view.
func move(_ state: inout AppState, by delta: Int) {
    if state.detail != nil {
        state.detailScroll = max(0, state.detailScroll + max(-1000, min(1000, delta)))
        return
    }
    switch state.view {
    case .fleet:
        let lines = state.fleetLines()
        guard !lines.isEmpty else { state.fleet.list.selected = 0; return }
        var target = max(0, min(lines.count - 1, state.fleet.list.selected.addingReportingOverflow(delta).partialValue))
        let step = delta >= 0 ? 1 : -1
        while target >= 0, target < lines.count, lines[target].flagIndex == nil { target += step }
        if target < 0 || target >= lines.count {
            // Ran past the first or last flag: stay on the nearest flag the other way.
            target = max(0, min(lines.count - 1, target))
            while target >= 0, target < lines.count, lines[target].flagIndex == nil { target -= step }
        }
        if target >= 0, target < lines.count { state.fleet.list.selected = target }
        state.fleet.list.offset = ScrollWindow.offset(current: state.fleet.list.offset, selected: state.fleet.list.selected,
                                                      visible: FleetView.listHeight(state), count: lines.count)
    case .review:
        let count = state.reviewCandidates().count
        state.review.selected = clamp(state.review.selected, delta, count: count)
        state.review.offset = ScrollWindow.offset(current: state.review.offset, selected: state.review.selected,
                                                  visible: ReviewView.listHeight(state), count: count)
    case .audit:
        let count = state.auditShowsJournal ? state.journal.count : state.auditRecords().count
        state.audit.selected = clamp(state.audit.selected, delta, count: count)
        state.audit.offset = ScrollWindow.offset(current: state.audit.offset, selected: state.audit.selected,
                                                 visible: AuditView.listHeight(state), count: count)
    }
}

private func clamp(_ value: Int, _ delta: Int, count: Int) -> Int {
    max(0, min(max(0, count - 1), value.addingReportingOverflow(delta).partialValue))
}

/// After data, filters or views change, keep the current view's cursor on something
/// that exists. Other views are clamped when they are shown (their lists may be
/// expensive to compute and nobody is looking at them).
func clampSelections(_ state: inout AppState) {
    switch state.view {
    case .fleet:
        let lines = state.fleetLines()
        state.fleet.list.offset = min(state.fleet.list.offset, max(0, lines.count - 1))
        if lines.isEmpty {
            state.fleet.list.selected = 0
        } else {
            state.fleet.list.selected = min(state.fleet.list.selected, lines.count - 1)
            if lines[state.fleet.list.selected].flagIndex == nil {
                state.fleet.list.selected = min(lines.count - 1, state.fleet.list.selected + 1)
            }
        }
        FleetColumnFlow.clamp(&state)
    case .review:
        let count = state.reviewCandidates().count
        state.review.selected = min(state.review.selected, max(0, count - 1))
        state.review.offset = min(state.review.offset, max(0, count - 1))
    case .audit:
        let count = state.auditRecords().count
        state.audit.selected = min(state.audit.selected, max(0, count - 1))
        state.audit.offset = min(state.audit.offset, max(0, count - 1))
    }
}

private func handleOverlayKey(_ state: inout AppState, _ overlay: Overlay, _ key: Key) -> [Effect] {
    switch overlay {
    case .toggle(let dialog):
        return ToggleFlow.handleKey(&state, dialog, key)
    case .incident(let input, let selected):
        return ToggleFlow.handleIncidentKey(&state, input, selected: selected, key)
    case .decision(let form):
        return DecisionFlow.handleKey(&state, form, key)
    case .evaluationContext(var input):
        switch key {
        case .escape:
            state.overlay = nil
        case .enter:
            state.overlay = nil
            do {
                let context = try EvaluationContext.parse(input.text)
                state.evaluation = EvaluationRequest(text: input.text, context: context, at: state.result?.snapshot.asOf ?? Date())
                state.status = nil
            } catch {
                state.status = StatusMessage("context: \(error)", .error)
            }
        default:
            _ = input.handle(key)
            state.overlay = .evaluationContext(input)
        }
        return []
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
            clampSelections(&state)
        case .enter:
            state.overlay = nil
        case .down, .up:
            // Arrow keys move through the matches while typing, like fzf.
            move(&state, by: key == .down ? 1 : -1)
        default:
            if input.handle(key) == .edited {
                state.filterText = input.text
                state.fleet.list = ListState()
                state.review = ListState()
                state.audit = ListState()
                clampSelections(&state)
            }
            state.overlay = .filter(input)
        }
        return []

    case .commandLine(var input):
        switch key {
        case .escape:
            state.overlay = nil
        case .tab:
            input.setText(CommandPrompt.complete(input.text, candidates: completionCandidates(state)))
            state.overlay = .commandLine(input)
        case .enter:
            state.overlay = nil
            switch CommandPrompt.parse(input.text) {
            case .empty: break
            case .action(let action): return perform(&state, action)
            case .theme(let name): return [.loadTheme(name)]
            case .account(let name):
                state.accountScope = name
                clampSelections(&state)
                state.status = StatusMessage(name.map { "account scope: \($0)" } ?? "all accounts")
            case .environment(let pattern):
                state.environmentScope = pattern
                clampSelections(&state)
                state.status = StatusMessage(pattern.map { "environment scope: \($0)" } ?? "all environments")
            case .asOf(let moment):
                state.header.asOf = moment
                state.status = StatusMessage(moment.map { "showing the fleet as of \(UTCDate.formatMinute($0)) UTC: rescanning…" }
                                             ?? "showing the fleet now: rescanning…")
                return [.travel(moment)]
            case .invalidArgument(let command, let message):
                state.status = StatusMessage(":\(command) needs \(message)", .error)
            case .unknown(let word):
                state.status = StatusMessage("unknown command :\(word) — try :fleet, :review, :audit, :account NAME, :env PATTERN, :asof TIME, :theme NAME, :q", .error)
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

/// What `Tab` can complete after `:theme`, `:account` and `:env`.
func completionCandidates(_ state: AppState) -> CommandPrompt.Candidates {
    let environments = state.result?.snapshot.environments.map(\.id) ?? []
    return CommandPrompt.Candidates(themes: state.availableThemes,
                                    accounts: Array(Set(environments.map(\.accountName))).sorted(),
                                    environments: Array(Set(environments.map(\.environmentName))).sorted())
}
