import FlagModel
import Foundation
import TerminalUI

/// Selection and scroll position of a list view.
public struct ListState: Hashable, Sendable {
    public var selected = 0
    public var offset = 0
    public init() {}
}

/// One action flagdeck took (toggle, stop, revert), from the store's journal.
public struct JournalLine: Hashable, Sendable {
    public var at: Date
    public var actor: String
    public var action: String
    public var target: String
    public var result: String

    public init(at: Date, actor: String, action: String, target: String, result: String) {
        self.at = at
        self.actor = actor
        self.action = action
        self.target = target
        self.result = result
    }
}

/// The Fleet view's own state: selection, horizontal scroll, column cursor, expanded
/// group, order and quick filter.
public struct FleetViewState: Hashable, Sendable {
    public var list = ListState()
    /// Index of the first environment column shown (the flag columns never scroll); when
    /// grouped, of the first group, or of the expanded group's first member.
    public var firstColumn = 0
    /// The column cursor while environments are grouped (see `FleetColumnLayout`): nil
    /// while it is on the flag itself, where Enter opens the flag.
    public var column: Int?
    /// The environment name whose group is expanded into its accounts and regions.
    public var expanded: String?
    public var sort: FleetSort = .name
    public var quick: QuickFilter?
    public init() {}
}

/// A one-line message under the body: what just happened, or what went wrong.
public struct StatusMessage: Hashable, Sendable {
    public enum Kind: Hashable, Sendable { case info, warning, error }
    public var text: String
    public var kind: Kind

    public init(_ text: String, _ kind: Kind = .info) {
        self.text = text
        self.kind = kind
    }
}

/// What floats above the current view and takes the keys first.
public enum Overlay: Hashable, Sendable {
    case help(scroll: Int)
    case commandLine(TextInput)
    case filter(TextInput)
    /// Toggle a flag and deploy (issue 8); mutating, absent in read-only mode.
    case toggle(ToggleDialog)
    /// The incident shortcut: search every flag, then the toggle dialog.
    case incident(TextInput, selected: Int)
    /// A review decision being written (issue 9).
    case decision(DecisionForm)
    /// The Flag view's evaluation context being typed.
    case evaluationContext(TextInput)
}

/// The scope and freshness shown in the header.
public struct HeaderInfo: Hashable, Sendable {
    public var accounts: Int
    public var regions: Int
    public var scanProgress: String?
    public var lastRefresh: Date?
    /// Account/region pairs (or applications) whose last scan failed.
    public var failures = 0
    /// `:asof`: the moment the fleet is shown at (nil: now).
    public var asOf: Date?
    /// Opened from the team store (`--from-store`): who published the snapshot shown; the
    /// header then says so, and its age is the snapshot's.
    public var publishedBy: String?
    /// Flags that may live in a part of the fleet that could not be read.
    public var incompleteFlags = 0
    /// After a scan: accounts with something read, and accounts with nothing read (the
    /// meaning of the discovery summary's counts). nil before the first scan.
    public var scannedAccounts: Int?
    public var unreadableAccounts = 0
    /// Unreadable parts outside the unreadable accounts (a region, an application).
    public var otherFailures = 0
    /// Accounts found by discovery (AWS Organizations, IAM Identity Center); nil: no
    /// discovery, not shown.
    public var discoveredAccounts: Int?

    public init(accounts: Int = 0, regions: Int = 0, scanProgress: String? = nil, lastRefresh: Date? = nil, failures: Int = 0) {
        self.accounts = accounts
        self.regions = regions
        self.scanProgress = scanProgress
        self.lastRefresh = lastRefresh
        self.failures = failures
    }
}

/// The whole app state: `update` changes it, `render` draws it. Nothing else does.
public struct AppState: Sendable {
    public var readOnly: Bool
    public var size: Size
    public var view: ViewID = .fleet
    public var overlay: Overlay?
    public var status: StatusMessage?
    public var header = HeaderInfo()
    public var themeName: String
    public var availableThemes: [String] = ["default"]
    public var filterText = ""
    /// Shown in the body while there is no fleet to show (e.g. no configuration yet).
    public var notice: [String] = []
    /// The latest scan; nil until the first one (or the stored one) arrives.
    public var result: ScanResult? {
        didSet { generation += 1 }
    }
    /// Bumped with every new result: the key that invalidates the derived cache.
    public internal(set) var generation = 0
    let derived = DerivedCache()
    public var fleet = FleetViewState()
    public var review = ListState()
    public var audit = ListState()
    /// The Audit view shows flagdeck's own journal instead of the fleet's deployments.
    public var auditShowsJournal = false
    /// Newest first.
    public var journal: [JournalLine] = []
    /// The flag open in the Flag view, over the current view; Esc closes it.
    public var detail: FlagID? {
        didSet { if detail != oldValue { evaluation = nil } }
    }
    public var detailScroll = 0
    /// The context the Flag view evaluates the flag for (`e`); cleared with the flag.
    public var evaluation: EvaluationRequest?
    /// A flag without a retire decision whose `R` waits for a second `R`.
    public var retireArmed: FlagID?
    /// Code references per flag (`codeReferences:` configured; nil: not configured, so
    /// "no references" means nothing). Reorders the Review view.
    public var codeReferences: [FlagID: FlagCodeReferences]? {
        didSet { generation += 1 }
    }
    /// CloudTrail's events (WHO in the Audit and Flag views); `.loading` until first read.
    public var auditTrail: AuditTrail = .loading
    /// flagdeck's own changes with their reasons (from the journal).
    public var journalNotes: [JournalNote] = []

    /// The flag's code references, when some configured repository applies to it.
    public func codeReferences(of flag: FlagID) -> FlagCodeReferences? { codeReferences?[flag] }
    /// Rules 3–5 of the retirement checklist, ticked in the Review view (saved with
    /// the next decision on the flag).
    public var ticks: [FlagID: Set<Int>] = [:]
    /// Review decisions per flag, as the store has them.
    public var decisions: [FlagID: DecisionInfo] = [:] {
        didSet { generation += 1 }
    }
    /// `:account NAME` and `:env PATTERN` narrow every view to those environments.
    public var accountScope: String?
    public var environmentScope: String?
    public var shouldQuit = false

    public init(readOnly: Bool, size: Size, themeName: String = "default") {
        self.readOnly = readOnly
        self.size = size
        self.themeName = themeName
    }
}

/// Inputs to `update`: keys from the terminal and results of effects.
public enum Msg: Sendable {
    case key(Key)
    case resized(Size)
    case scanStarted
    case scanProgress(done: Int, total: Int, current: String)
    case scanFinished(ScanResult)
    case scanFailed(String)
    case togglePlanned(TogglePreview)
    case toggleFailed(String)
    case toggleFinished([DeploymentLine])
    case deploymentProgress(DeploymentLine)
    case decisionsLoaded([FlagID: DecisionInfo])
    /// The code references of every flag some configured repository applies to.
    case codeReferencesLoaded([FlagID: FlagCodeReferences])
    /// Who made each change (CloudTrail), and flagdeck's own journal notes to join.
    case auditTrailLoaded(AuditTrail, notes: [JournalNote])
    /// The fleet shown is the team store's latest published snapshot, published by this person.
    case publishedBy(String)
    case decisionRecorded(String)
    case decisionFailed(String)
    case journalLoaded([JournalLine])
    case themeLoaded(name: String, warnings: [String])
    case themeFailed(name: String, reason: String)
    case status(StatusMessage)
}

/// Work `update` asks the runner to do outside the pure core.
public enum Effect: Hashable, Sendable {
    case loadTheme(String)
    case refresh
    /// Read the live state and build the exact plan for a toggle (nothing is written).
    case planToggle(ToggleDraft)
    /// Carry out the plan previously shown under this token.
    case executeToggle(token: Int)
    case stopDeployment(DeploymentHandle)
    case revertDeployment(DeploymentHandle)
    case recordDecision(DecisionRequest)
    /// Scan the fleet as it stood at a moment from now on (nil: now again).
    case travel(Date?)
}

extension AppState {
    /// Whether an environment is inside the `:account` / `:env` scope.
    public func inScope(_ environment: EnvironmentID) -> Bool {
        if let account = accountScope, !Glob.matches(account, environment.accountName) { return false }
        if let env = environmentScope, !Glob.matches(env, environment.environmentName) { return false }
        return true
    }

    var derivedKey: DerivedCache.Key {
        DerivedCache.Key(generation: generation, filter: filterText, quick: fleet.quick, sort: fleet.sort,
                         account: accountScope, environment: environmentScope)
    }

    /// The Fleet list as currently filtered, scoped and sorted.
    public func fleetLines() -> [FleetLine] {
        guard let snapshot = result?.snapshot else { return [] }
        let searchTexts = derived.searchTexts(generation: generation) { snapshot.rows.map(FlagFilter.searchText) }
        let scoped = accountScope != nil || environmentScope != nil
        return derived.lines(derivedKey) {
            FleetRows.lines(snapshot, filter: FlagFilter(filterText), quick: fleet.quick, sort: fleet.sort,
                            searchTexts: searchTexts, environments: scoped ? { inScope($0) } : nil)
        }
    }

    public func fleetColumns() -> [EnvironmentColumn] {
        guard let snapshot = result?.snapshot else { return [] }
        var key = derivedKey
        key.filter = ""
        key.quick = nil
        return derived.columns(key) {
            FleetRows.columns(of: snapshot).filter { column in
                (accountScope.map { Glob.matches($0, column.accountName) } ?? true)
                    && (environmentScope.map { Glob.matches($0, column.environmentName) } ?? true)
            }
        }
    }

    /// The environment columns grouped by name: once per snapshot and scope, however
    /// many frames and keys use it.
    func fleetGrouping() -> ColumnGrouping {
        var key = derivedKey
        key.filter = ""
        key.quick = nil
        key.sort = .name
        return derived.grouping(key) { ColumnGrouping(columns: fleetColumns()) }
    }

    public func verdictCounts() -> [VerdictKind: Int] {
        guard let snapshot = result?.snapshot else { return [:] }
        return derived.counts(generation: generation) { FleetRows.verdictCounts(snapshot) }
    }

    /// Retirement candidates (stale, dead, overdue), oldest first.
    public func reviewCandidates() -> [FlagRow] {
        guard let snapshot = result?.snapshot else { return [] }
        var key = derivedKey
        key.quick = nil
        key.sort = .name
        return derived.candidates(key) {
            let filter = FlagFilter(filterText)
            return snapshot.rows.filter { row in
                (row.has(.stale) || row.has(.dead) || row.has(.overdue)) && !row.has(.permanent) && filter.matches(row)
                    && !(decisions[row.flag]?.exempt ?? false)
                    && (row.cells.isEmpty || row.cells.contains { inScope($0.environment) })
            }.sorted { a, b in
                // With code references known: first those to remove from code, then those
                // ready to remove from AppConfig; oldest first within each.
                let ra = (codeReferences?[a.flag]?.count ?? 0) > 0 ? 0 : 1, rb = (codeReferences?[b.flag]?.count ?? 0) > 0 ? 0 : 1
                return (ra, FleetRows.age(a) ?? .distantFuture, a.flag) < (rb, FleetRows.age(b) ?? .distantFuture, b.flag)
            }
        }
    }

    /// Deployments in scope, newest first.
    public func auditRecords() -> [DeploymentRecord] {
        guard let result else { return [] }
        var key = derivedKey
        key.quick = nil
        key.sort = .name
        return derived.audit(key) {
            let needle = filterText.lowercased()
            return result.deployments.filter { record in
                inScope(record.environment)
                    && (needle.isEmpty || record.profileName.lowercased().contains(needle)
                        || record.environment.description.lowercased().contains(needle)
                        || record.changes.contains { $0.key.lowercased().contains(needle) })
            }
        }
    }

    public func row(for flag: FlagID) -> FlagRow? {
        result?.snapshot.rows.first { $0.flag == flag }
    }
}

/// A context typed in the Flag view, parsed, and the moment it was asked at (time rules).
public struct EvaluationRequest: Hashable, Sendable {
    public var text: String
    public var context: [String: JSONValue]
    public var at: Date

    public init(text: String, context: [String: JSONValue], at: Date) {
        self.text = text
        self.context = context
        self.at = at
    }
}
