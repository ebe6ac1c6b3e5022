import Foundation

/// What one environment serves for one flag.
public enum CellState: String, Sendable, Hashable, Codable {
    /// `variants`: a native multi-variant flag, or a Powertools boolean feature whose rules
    /// switch it the other way for some contexts.
    case on, off, variants, absent
    /// A Powertools non-boolean feature (`boolean_type: false`): it serves a value, not a switch.
    case value
    /// The served version's document could not be read; nothing is claimed.
    case unknown

    /// The flag exists in the served version (whatever it serves).
    public var isServed: Bool { self == .on || self == .off || self == .variants || self == .value }
}

/// One flag in one environment.
public struct FlagCell: Sendable, Hashable, Codable {
    public var environment: EnvironmentID
    public var state: CellState
    /// The version served to every client (COMPLETE, BAKING, or the one a revert or a
    /// rollback returned to); nil if nothing is served here.
    public var servedVersion: Int?
    /// When the current value (enabled, attributes and variants) started to be served to
    /// every client without interruption: a revert, or a deployment that served another
    /// value to any client however briefly, starts a new run.
    public var since: Date?
    /// Like `since`, but the run only has to keep the state (on/off/variants/absent).
    /// nil for `absent` when the flag was never served here at all.
    public var stateSince: Date?
    /// True when an unreadable older version cut the run short: the real start may be earlier.
    public var sinceIsLowerBound: Bool
    /// Percent complete of a DEPLOYING (or VALIDATING: 0) deployment that changes this flag.
    public var rollingOutPercent: Double?
    public var rollingOutVersion: Int?
    /// A hosted version newer than the served one that adds, removes or changes this flag.
    public var pendingVersion: Int?
    /// The served value without `enabled` (attribute values, `_variants`), canonical form.
    public var attributes: JSONValue?
    /// Why the cell is `unknown`, or other caveats.
    public var note: String?
    /// Set when the served version is baking (served to everyone, AppConfig still watches
    /// alarms) and it changed this flag; `bakeEndsAt` says when it becomes COMPLETE.
    public var bakingVersion: Int?
    public var bakeEndsAt: Date?
    /// Set when this environment could not be read now: the cell is the last known one,
    /// read by the scan at this moment, and counts in no verdict.
    public var lastReadAt: Date?

    public var isRollingOut: Bool { rollingOutPercent != nil }
    public var isPending: Bool { pendingVersion != nil }
    public var isBaking: Bool { bakingVersion != nil }
    /// Read by this scan (not a last known value carried over from an earlier one).
    public var isFresh: Bool { lastReadAt == nil }
}

/// One profile in one environment: what is served, what is moving, and every flag's cell.
public struct EnvironmentProfileState: Sendable, Hashable {
    public var environment: EnvironmentID
    public var profile: ProfileRef
    public var served: Deployment?
    public var inProgress: Deployment?
    /// Set when the served version cannot be read: every cell is `unknown`.
    public var problem: String?
    public var cells: [String: FlagCell]
}

public enum FlagDerivation {
    /// Derives the cells of `keys` (and of every key the relevant documents mention) for one
    /// profile in one environment.
    ///
    /// Serving follows `ServingTimeline` (AppConfig's semantics per deployment state).
    public static func derive(environment: EnvironmentID, hosted: HostedProfile, deployments: [Deployment],
                              keys extraKeys: [String] = []) -> EnvironmentProfileState {
        let ordered = sortedDeployments(deployments)
        let prints = HostedPrints(hosted)
        var keys = extraKeys
        var seen = Set(extraKeys)
        for version in ServingTimeline(ordered: ordered).versions + [hosted.latestVersion].compactMap({ $0 }) {
            guard let p = prints.version(version) else { continue }
            for k in p.keys where seen.insert(k).inserted { keys.append(k) }
        }
        var aligned: [Int: AlignedValues?] = [:]
        let column = Column(environment: environment, ordered: ordered, prints: prints, keys: keys,
                            latestVersion: hosted.latestVersion, aligned: &aligned)
        var result = EnvironmentProfileState(environment: environment, profile: hosted.profile, served: column.served,
                                             inProgress: column.inProgress, problem: column.problem, cells: [:])
        for (i, k) in keys.enumerated() { result.cells[k] = column.cell(i) }
        return result
    }

    static func sortedDeployments(_ deployments: [Deployment]) -> [Deployment] {
        deployments.sorted { ($0.deploymentNumber, $0.startedAt) < ($1.deploymentNumber, $1.startedAt) }
    }

    static func category(_ v: ServedFlagValue) -> CellState {
        guard case .present(let json) = v else { return .absent }
        if let variants = json["_variants"]?.arrayValue, !variants.isEmpty { return .variants }
        return json["enabled"]?.boolValue == true ? .on : .off
    }
}

/// One profile in one environment, ready to derive the cell of any of its flag keys.
///
/// Everything that does not depend on the flag is settled once here: the serving timeline
/// (what is served, what is baking, moving or pending) and each version it mentions
/// aligned with the key list. A cell is then a walk of integer comparisons. A class: rows
/// read every column, and a copy would retain each field.
final class Column {
    /// One step of the walk back through the timeline, newest first.
    private struct Step {
        /// nil: nothing was served (every key absent).
        var values: AlignedValues?
        var date: Date
        var isFull: Bool
    }

    let environment: EnvironmentID
    let timeline: ServingTimeline
    /// Set when the served version cannot be read: every cell is `unknown`.
    let problem: String?
    private let servedVersion: Int?
    private let current: AlignedValues?
    private let currentAttributes: [JSONValue?]
    /// Newest first; consecutive full steps of one version merged (the oldest date sticks).
    private let walk: [Step]
    /// The walk stopped at a version that cannot be read: runs reaching it are lower bounds.
    private let walkCut: Bool
    /// What was served before the baking deployment (nil with `beforeBakeKnown`: nothing).
    private let beforeBake: AlignedValues?
    private let beforeBakeKnown: Bool
    private let rollingOut: AlignedValues?
    private let rollingOutNote: String?
    private let pending: AlignedValues?
    private let pendingVersion: Int?

    var served: Deployment? { timeline.served }
    /// The served version's fingerprints (nil: nothing served, or unreadable).
    var servedPrints: VersionPrints? { current?.version }
    var inProgress: Deployment? { timeline.moving ?? timeline.baking }

    /// `ordered`: the deployments sorted by `FlagDerivation.sortedDeployments`. `aligned`
    /// caches each version's values for `keys` (one cache per profile and key list).
    /// `latestVersion`: the newest hosted version known to exist (for `pending`).
    init(environment: EnvironmentID, ordered: [Deployment], prints: HostedPrints, keys: [String],
         latestVersion: Int?, aligned: inout [Int: AlignedValues?]) {
        func values(_ version: Int) -> AlignedValues? {
            if let known = aligned[version] { return known }
            let v = prints.version(version)?.aligned(to: keys)
            aligned[version] = v
            return v
        }
        self.environment = environment
        let timeline = ServingTimeline(ordered: ordered)
        self.timeline = timeline
        let servedVersion = timeline.servedVersion
        self.servedVersion = servedVersion

        var problem: String?
        var current: AlignedValues?
        if let servedVersion {
            current = values(servedVersion)
            if current == nil { problem = Self.unreadable(servedVersion, prints) }
        }
        self.problem = problem
        self.current = current
        currentAttributes = current?.attributes ?? []

        var walk: [Step] = [], walkCut = false
        if problem == nil {
            for segment in timeline.segments.reversed() {
                var stepValues: AlignedValues?
                if let v = segment.version {
                    guard let known = values(v) else { walkCut = true; break }
                    stepValues = known
                }
                if segment.isFull, let last = walk.last, last.isFull, last.values?.version === stepValues?.version {
                    walk[walk.count - 1].date = segment.from
                    continue
                }
                walk.append(Step(values: stepValues, date: segment.from, isFull: segment.isFull))
            }
        }
        self.walk = walk
        self.walkCut = walkCut
        // Baking marks the flags the baking deployment changed; an unreadable version
        // before it cannot tell, so every flag counts as changed.
        var beforeBake: AlignedValues?, beforeBakeKnown = timeline.baking != nil
        if problem == nil, timeline.baking != nil, let v = timeline.servedBeforeBaking {
            beforeBake = values(v)
            beforeBakeKnown = beforeBake != nil
        }
        self.beforeBake = beforeBake
        self.beforeBakeKnown = beforeBakeKnown

        var rollingOut: AlignedValues?, rollingOutNote: String?
        if problem == nil, let d = timeline.moving {
            rollingOut = values(d.configurationVersion)
            if rollingOut == nil { rollingOutNote = "deploying version \(d.configurationVersion), which could not be read" }
        }
        self.rollingOut = rollingOut
        self.rollingOutNote = rollingOutNote

        var pending: AlignedValues?, pendingVersion: Int?
        if problem == nil, let latest = latestVersion, latest > (servedVersion ?? Int.min) {
            pending = values(latest)
            pendingVersion = latest
        }
        self.pending = pending
        self.pendingVersion = pendingVersion
    }

    private static func unreadable(_ version: Int, _ prints: HostedPrints) -> String {
        switch prints.hosted.documents[version] {
        case .unreadable(let why)?: "version \(version) is unreadable: \(why)"
        case .parsed?: ""
        case nil: "version \(version) was not fetched"
        }
    }

    /// The cell of key `key` (an index into the column's key list).
    func cell(_ key: Int) -> FlagCell {
        if let problem {
            return FlagCell(environment: environment, state: .unknown, servedVersion: servedVersion, since: nil,
                            stateSince: nil, sinceIsLowerBound: false, rollingOutPercent: nil, rollingOutVersion: nil,
                            pendingVersion: nil, attributes: nil, note: problem)
        }
        let currentID = current?.ids[key] ?? -1
        let state = current?.states[key] ?? .absent
        let attributes = current == nil ? nil : currentAttributes[key]

        // Walk back while the value (then the state) holds. A partial step (a rolled-back
        // deployment that reached some clients) with another value ends the value run there.
        var since: Date?, stateSince: Date?, sinceIsLowerBound = false
        var valueRunOpen = true, reachedStart = true
        for step in walk {
            let id = step.values?.ids[key] ?? -1
            let stepState = step.values?.states[key] ?? .absent
            if step.isFull {
                if valueRunOpen && id == currentID { since = step.date } else { valueRunOpen = false }
                if stepState == state { stateSince = step.date } else { reachedStart = false; break }
            } else {
                if id != currentID { valueRunOpen = false }
                if stepState != state { reachedStart = false; break }
            }
        }
        if reachedStart && walkCut {
            sinceIsLowerBound = valueRunOpen
            reachedStart = false
        }
        // Absent since before the first deployment means never served here: no date to age.
        if state == .absent && reachedStart { stateSince = nil }

        var rollingOutPercent: Double?, rollingOutVersion: Int?, note: String?
        if let d = timeline.moving {
            if let rollingOut {
                if rollingOut.ids[key] != currentID {
                    rollingOutPercent = d.state == .validating ? 0 : d.percentageComplete
                    rollingOutVersion = d.configurationVersion
                }
            } else {
                note = rollingOutNote
            }
        }
        if let d = timeline.rollingBack { note = "deployment \(d.deploymentNumber) (version \(d.configurationVersion)) is rolling back" }
        var bakingVersion: Int?, bakeEndsAt: Date?
        if let d = timeline.baking, !beforeBakeKnown || (beforeBake?.ids[key] ?? -1) != currentID {
            bakingVersion = d.configurationVersion
            bakeEndsAt = d.bakeEndsAt
        }
        var pendingVersion: Int?
        if let pending, pending.ids[key] != currentID { pendingVersion = self.pendingVersion }
        return FlagCell(environment: environment, state: state, servedVersion: servedVersion, since: since,
                        stateSince: stateSince, sinceIsLowerBound: sinceIsLowerBound, rollingOutPercent: rollingOutPercent,
                        rollingOutVersion: rollingOutVersion, pendingVersion: pendingVersion, attributes: attributes,
                        note: note, bakingVersion: bakingVersion, bakeEndsAt: bakeEndsAt)
    }
}
