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
        var keys = extraKeys
        var seen = Set(extraKeys)
        func collect(_ version: Int?) {
            guard let version, case .parsed(let doc)? = hosted.documents[version] else { return }
            for k in doc.flagKeys where seen.insert(k).inserted { keys.append(k) }
        }
        collect(ordered.last { $0.state == .complete }?.configurationVersion)
        collect(ordered.last.flatMap { $0.state.isRollingOut ? $0.configurationVersion : nil })
        collect(hosted.latestVersion)
        var cache = DocumentValueCache(hosted: hosted, keys: keys)
        let (state, cells) = derive(environment: environment, hosted: hosted, ordered: ordered, cache: &cache)
        var result = state
        for (k, c) in zip(keys, cells) { result.cells[k] = c }
        return result
    }

    static func sortedDeployments(_ deployments: [Deployment]) -> [Deployment] {
        deployments.sorted { ($0.deploymentNumber, $0.startedAt) < ($1.deploymentNumber, $1.startedAt) }
    }

    /// Cells aligned with `cache.keys`; `EnvironmentProfileState.cells` is left empty.
    static func derive(environment: EnvironmentID, hosted: HostedProfile, ordered: [Deployment],
                       cache: inout DocumentValueCache) -> (EnvironmentProfileState, [FlagCell]) {
        let completes = ordered.filter { $0.state == .complete }
        let served = completes.last
        let inProgress = ordered.last.flatMap { $0.state.isRollingOut ? $0 : nil }

        var state = EnvironmentProfileState(environment: environment, profile: hosted.profile, served: served,
                                            inProgress: inProgress, problem: nil, cells: [:])
        if let served, cache.entries(served.configurationVersion) == nil {
            state.problem = cache.problem(served.configurationVersion)
        }
        var cells: [FlagCell] = []
        cells.reserveCapacity(cache.keys.count)
        for i in cache.keys.indices {
            cells.append(cell(index: i, environment: environment, completes: completes, inProgress: inProgress,
                              latestVersion: hosted.latestVersion, problem: state.problem, cache: &cache))
        }
        return (state, cells)
    }

    private static func cell(index key: Int, environment: EnvironmentID, completes: [Deployment], inProgress: Deployment?,
                             latestVersion: Int?, problem: String?, cache: inout DocumentValueCache) -> FlagCell {
        var c = FlagCell(environment: environment, state: .absent, servedVersion: completes.last?.configurationVersion,
                         since: nil, stateSince: nil, sinceIsLowerBound: false, rollingOutPercent: nil,
                         rollingOutVersion: nil, pendingVersion: nil, attributes: nil, note: nil)
        if let problem {
            c.state = .unknown
            c.note = problem
            return c
        }
        var current = DocumentValueCache.Entry.absent
        if let served = completes.last, let values = cache.entries(served.configurationVersion) {
            current = values[key]
            c.state = current.state
            c.attributes = current.attributes
            // Walk back over the COMPLETE deployments while the value (then the state) holds.
            var valueRunOpen = true
            var reachedStart = true
            for d in completes.reversed() {
                guard let values = cache.entries(d.configurationVersion) else {
                    c.sinceIsLowerBound = valueRunOpen
                    reachedStart = false
                    break
                }
                let v = values[key]
                let completedAt = d.completedAt ?? d.startedAt
                if valueRunOpen && v.id == current.id { c.since = completedAt } else { valueRunOpen = false }
                if v.state == c.state { c.stateSince = completedAt } else { reachedStart = false; break }
            }
            // Absent since before the first deployment means never served here: no date to age.
            if c.state == .absent && reachedStart { c.stateSince = nil }
        }
        if let d = inProgress {
            if let values = cache.entries(d.configurationVersion) {
                if (values[key]).id != current.id {
                    c.rollingOutPercent = d.percentageComplete
                    c.rollingOutVersion = d.configurationVersion
                }
            } else {
                c.note = "deploying version \(d.configurationVersion), which could not be read"
            }
        }
        if let latest = latestVersion, latest > (completes.last?.configurationVersion ?? Int.min),
           let values = cache.entries(latest), (values[key]).id != current.id
        {
            c.pendingVersion = latest
        }
        return c
    }

    static func category(_ v: ServedFlagValue) -> CellState {
        guard case .present(let json) = v else { return .absent }
        if let variants = json["_variants"]?.arrayValue, !variants.isEmpty { return .variants }
        return json["enabled"]?.boolValue == true ? .on : .off
    }
}

/// Served values per hosted version, computed once per document however many
/// environments and flags look at it. Equal values share an id, so "did it change"
/// is an integer comparison.
struct DocumentValueCache {
    struct Entry: Sendable {
        var id: Int
        var state: CellState
        var attributes: JSONValue?
        static let absent = Entry(id: -1, state: .absent, attributes: nil)
    }

    let hosted: HostedProfile
    /// The flag keys cells are derived for; entries are aligned with it.
    let keys: [String]
    private var computed: [Int: [Entry]] = [:]
    private var interned: [String: Int] = [:]

    init(hosted: HostedProfile, keys: [String]) {
        self.hosted = hosted
        self.keys = keys
    }

    mutating func entries(_ version: Int) -> [Entry]? {
        if let v = computed[version] { return v }
        guard case .parsed(let doc)? = hosted.documents[version] else { return nil }
        var out: [Entry] = []
        out.reserveCapacity(keys.count)
        for k in keys {
            let fingerprint = doc.servedFingerprint(k)
            guard let raw = fingerprint.bytes else { out.append(.absent); continue }
            let bytes = String(decoding: raw, as: UTF8.self)
            let id: Int
            if let known = interned[bytes] { id = known } else { id = interned.count; interned[bytes] = id }
            out.append(Entry(id: id, state: fingerprint.state, attributes: fingerprint.attributes))
        }
        computed[version] = out
        return out
    }

    func problem(_ version: Int) -> String {
        switch hosted.documents[version] {
        case .unreadable(let why)?: "version \(version) is unreadable: \(why)"
        case .parsed?: ""
        case nil: "version \(version) was not fetched"
        }
    }
}
