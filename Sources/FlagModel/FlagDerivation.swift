import Foundation

/// What one environment serves for one flag.
public enum CellState: String, Sendable, Hashable, Codable {
    case on, off, variants, absent
    /// The served version's document could not be read; nothing is claimed.
    case unknown
}

/// One flag in one environment.
public struct FlagCell: Sendable, Hashable, Codable {
    public var environment: EnvironmentID
    public var state: CellState
    /// Version of the latest COMPLETE deployment; nil if the profile was never deployed here.
    public var servedVersion: Int?
    /// Completion of the earliest deployment of the unbroken run of COMPLETE deployments that
    /// served the current value (enabled, attributes and variants).
    public var since: Date?
    /// Like `since`, but the run only has to keep the state (on/off/variants/absent).
    /// nil for `absent` when the flag was never served here at all.
    public var stateSince: Date?
    /// True when an unreadable older version cut the run short: the real start may be earlier.
    public var sinceIsLowerBound: Bool
    /// Percent complete of an in-progress deployment that changes this flag's value.
    public var rollingOutPercent: Double?
    public var rollingOutVersion: Int?
    /// A hosted version newer than the served one that changes this flag.
    public var pendingVersion: Int?
    /// The served value without `enabled` (attribute values, `_variants`), canonical form.
    public var attributes: JSONValue?
    /// Why the cell is `unknown`, or other caveats.
    public var note: String?

    public var isRollingOut: Bool { rollingOutPercent != nil }
    public var isPending: Bool { pendingVersion != nil }
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
    /// Ordering is by deployment number: AppConfig runs one deployment per environment at a
    /// time, so numbers are chronological. ROLLED_BACK deployments never completed and
    /// REVERTED ones were taken back (the environment returned to the version before), so
    /// neither ever counts as serving; the latest COMPLETE deployment is what is served.
    public static func derive(environment: EnvironmentID, hosted: HostedProfile, deployments: [Deployment],
                              keys extraKeys: [String] = []) -> EnvironmentProfileState {
        let ordered = sortedDeployments(deployments)
        let prints = HostedPrints(hosted)
        var keys = extraKeys
        var seen = Set(extraKeys)
        func collect(_ version: Int?) {
            guard let version, let p = prints.version(version) else { return }
            for k in p.keys where seen.insert(k).inserted { keys.append(k) }
        }
        collect(ordered.last { $0.state == .complete }?.configurationVersion)
        collect(ordered.last.flatMap { $0.state.isRollingOut ? $0.configurationVersion : nil })
        collect(hosted.latestVersion)
        var aligned: [Int: AlignedValues?] = [:]
        let column = Column(environment: environment, ordered: ordered, prints: prints, keys: keys, aligned: &aligned)
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
/// Everything that does not depend on the flag is settled once here: which deployment is
/// served, the COMPLETE run walked back for `since`, what is rolling out, what is pending,
/// and each of those versions' values aligned with the key list. A cell is then a few
/// integer comparisons. A class: rows read every column, and a copy would retain each field.
final class Column {
    let environment: EnvironmentID
    let served: Deployment?
    let inProgress: Deployment?
    /// Set when the served version cannot be read: every cell is `unknown`.
    let problem: String?
    private let servedVersion: Int?
    private let current: AlignedValues?
    private let currentAttributes: [JSONValue?]
    /// The COMPLETE deployments newest first, consecutive deployments of the same version
    /// merged (the walk treats them alike; the oldest one's date is the one that sticks).
    /// `values` nil: the version cannot be read, so the walk stops there.
    private let walk: [(values: AlignedValues?, date: Date)]
    private let rollingOut: AlignedValues?
    private let rollingOutNote: String?
    private let pending: AlignedValues?
    private let pendingVersion: Int?

    /// `ordered`: the deployments sorted by `FlagDerivation.sortedDeployments`. `aligned`
    /// caches each version's values for `keys` (one cache per profile and key list).
    init(environment: EnvironmentID, ordered: [Deployment], prints: HostedPrints, keys: [String],
         aligned: inout [Int: AlignedValues?]) {
        func values(_ version: Int) -> AlignedValues? {
            if let known = aligned[version] { return known }
            let v = prints.version(version)?.aligned(to: keys)
            aligned[version] = v
            return v
        }
        self.environment = environment
        let completes = ordered.filter { $0.state == .complete }
        let served = completes.last
        self.served = served
        inProgress = ordered.last.flatMap { $0.state.isRollingOut ? $0 : nil }
        servedVersion = served?.configurationVersion

        var problem: String?
        var current: AlignedValues?
        var walk: [(values: AlignedValues?, date: Date)] = []
        if let served {
            current = values(served.configurationVersion)
            if current == nil {
                problem = switch prints.hosted.documents[served.configurationVersion] {
                case .unreadable(let why)?: "version \(served.configurationVersion) is unreadable: \(why)"
                case .parsed?: ""
                case nil: "version \(served.configurationVersion) was not fetched"
                }
            } else {
                var previousVersion: Int?
                for d in completes.reversed() {
                    let date = d.completedAt ?? d.startedAt
                    if d.configurationVersion == previousVersion {
                        walk[walk.count - 1].date = date
                        continue
                    }
                    previousVersion = d.configurationVersion
                    let v = values(d.configurationVersion)
                    walk.append((v, date))
                    if v == nil { break }
                }
            }
        }
        self.problem = problem
        self.current = current
        currentAttributes = current?.attributes ?? []
        self.walk = walk

        var rollingOut: AlignedValues?, rollingOutNote: String?
        if problem == nil, let d = inProgress {
            rollingOut = values(d.configurationVersion)
            if rollingOut == nil { rollingOutNote = "deploying version \(d.configurationVersion), which could not be read" }
        }
        self.rollingOut = rollingOut
        self.rollingOutNote = rollingOutNote

        var pending: AlignedValues?, pendingVersion: Int?
        if problem == nil, let latest = prints.hosted.latestVersion, latest > (servedVersion ?? Int.min) {
            pending = values(latest)
            pendingVersion = latest
        }
        self.pending = pending
        self.pendingVersion = pendingVersion
    }

    /// The cell of key `key` (an index into the column's key list).
    func cell(_ key: Int) -> FlagCell {
        if let problem {
            return FlagCell(environment: environment, state: .unknown, servedVersion: servedVersion, since: nil,
                            stateSince: nil, sinceIsLowerBound: false, rollingOutPercent: nil, rollingOutVersion: nil,
                            pendingVersion: nil, attributes: nil, note: problem)
        }
        var state = CellState.absent, currentID: Int32 = -1, attributes: JSONValue?
        var since: Date?, stateSince: Date?, sinceIsLowerBound = false
        if let current {
            currentID = current.ids[key]
            state = current.states[key]
            attributes = currentAttributes[key]
            // Walk back over the COMPLETE deployments while the value (then the state) holds.
            var valueRunOpen = true
            var reachedStart = true
            for step in walk {
                guard let values = step.values else {
                    sinceIsLowerBound = valueRunOpen
                    reachedStart = false
                    break
                }
                if valueRunOpen && values.ids[key] == currentID { since = step.date } else { valueRunOpen = false }
                if values.states[key] == state { stateSince = step.date } else { reachedStart = false; break }
            }
            // Absent since before the first deployment means never served here: no date to age.
            if state == .absent && reachedStart { stateSince = nil }
        }
        var rollingOutPercent: Double?, rollingOutVersion: Int?, note: String?
        if let d = inProgress {
            if let rollingOut {
                if rollingOut.ids[key] != currentID {
                    rollingOutPercent = d.percentageComplete
                    rollingOutVersion = d.configurationVersion
                }
            } else {
                note = rollingOutNote
            }
        }
        var pendingVersion: Int?
        if let pending, pending.ids[key] != currentID { pendingVersion = self.pendingVersion }
        return FlagCell(environment: environment, state: state, servedVersion: servedVersion, since: since,
                        stateSince: stateSince, sinceIsLowerBound: sinceIsLowerBound, rollingOutPercent: rollingOutPercent,
                        rollingOutVersion: rollingOutVersion, pendingVersion: pendingVersion, attributes: attributes, note: note)
    }
}
