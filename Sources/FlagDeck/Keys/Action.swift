/// Everything a key can ask the app to do. Bindings map keys to these; `update`
/// interprets them, so the same action can be reached by key, command or test.
public enum Action: Hashable, Sendable {
    case quit
    case help
    case commandLine
    case filter
    case refresh
    case nextView
    case previousView
    case show(ViewID)
    case moveUp, moveDown, pageUp, pageDown, top, bottom
    case back
    /// Open the selected flag in the Flag view.
    case open
    case scrollLeft, scrollRight
    case cycleSort
    case quickFilter(QuickFilter?)
    /// Tick or untick retirement rule 3, 4 or 5 for the selected candidate.
    case tick(Int)
    /// Open the toggle dialog on the selected flag.
    case toggle
    /// The incident shortcut: find a flag anywhere and disable it.
    case incident
    /// Audit view: the fleet's deployments or flagdeck's own journal.
    case toggleJournal
    /// Record a review decision on the selected candidate.
    case decide(DecisionChoice)
    /// Flag view: ask for a context and show what each environment serves for it.
    case evaluate
    /// Review view: remove the selected flag from AppConfig (a retirement, issue 16).
    case retire
}

/// The top-level views, in tab order.
public enum ViewID: String, CaseIterable, Hashable, Sendable {
    case fleet, review, audit

    public var title: String {
        switch self {
        case .fleet: return "Fleet"
        case .review: return "Review"
        case .audit: return "Audit"
        }
    }
}
