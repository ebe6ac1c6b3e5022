import Foundation
import Testing
import PropertyBased
@testable import FlagModel

// Model-based test of `FleetSnapshot.derive`: random AppConfig deployment histories are
// replayed literally by a small reference model written from the rules in DESIGN.md
// ("Derived facts per flag"), independently of the production derivation, and every
// cell and the stale / drift verdicts are compared.

// MARK: - Reference model

/// The served value of one flag in one version: nil is `absent`.
struct RefValue: Hashable, CustomStringConvertible {
    var enabled: Bool
    var n: Int?
    var description: String { (enabled ? "on" : "off") + (n.map { "(n=\($0))" } ?? "") }
}

/// The reference: replays deployments as AppConfig states them, one rule at a time.
enum ReferenceModel {
    /// One deployment as it stood at the moment T (rule 1).
    struct DeploymentAtT {
        var number: Int
        var version: Int
        var state: DeploymentState
        var percent: Double
        /// bakeStarted, else completed, else completedAt.
        var servedFullyFrom: Date?
        var revertAt: Date?
        /// When its version first reached some clients (a percentage > 0, or the bake).
        var reachedClientsAt: Date?
        /// rollbackCompleted, else rollbackStarted.
        var restoredAt: Date?
        var bakeStartedAt: Date?
        var bakeMinutes: Int?
    }

    /// A stretch of time from `start` during which `version` (nil: nothing) was served to
    /// every client, or, for a rolled-back deployment, to some.
    struct Period {
        var start: Date?
        var version: Int?
    }

    struct Column {
        var periods: [Period]
        var served: Int?
        /// What was served before the newest deployment was applied.
        var servedBeforeNewest: Int?
        var newest: DeploymentAtT?
    }

    struct Cell: Equatable {
        var state: CellState
        var servedVersion: Int?
        var since: Date?
        var stateSince: Date?
        var rollingOutPercent: Double?
        var rollingOutVersion: Int?
        var pendingVersion: Int?
        var bakingVersion: Int?
        var bakeEndsAt: Date?
    }

    /// Rule 1: the deployment's state as of `t` from its EventLog (nil: not started yet).
    static func atT(_ d: Deployment, _ t: Date) -> DeploymentAtT? {
        guard d.startedAt <= t else { return nil }
        let past = d.events.filter { $0.at <= t }
        var state = DeploymentState.deploying
        var percent = 0.0
        var bakeAt: Date?, completedAt: Date?, revertAt: Date?, reached: Date?, rbStart: Date?, rbDone: Date?
        for e in past {
            switch e.kind {
            case .started: state = .deploying
            case .percentageUpdated:
                percent = e.percentage ?? percent
                if (e.percentage ?? 0) > 0, reached == nil { reached = e.at }
            case .bakeStarted:
                state = .baking; bakeAt = e.at
                if reached == nil { reached = e.at }
            case .completed: state = .complete; completedAt = e.at
            case .rollbackStarted: state = .rollingBack; rbStart = e.at
            case .rollbackCompleted: state = .rolledBack; rbDone = e.at
            case .revertCompleted: state = .reverted; revertAt = e.at
            }
        }
        if past.count == d.events.count {
            // Nothing happened after t: the recorded state (keeps VALIDATING apart from DEPLOYING 0%).
            state = d.state
            percent = d.percentageComplete
        }
        return DeploymentAtT(number: d.deploymentNumber, version: d.configurationVersion, state: state, percent: percent,
                             servedFullyFrom: bakeAt ?? completedAt ?? d.completedAt, revertAt: revertAt,
                             reachedClientsAt: reached, restoredAt: rbDone ?? rbStart, bakeStartedAt: bakeAt,
                             bakeMinutes: d.finalBakeTimeInMinutes)
    }

    /// Rule 2: what one environment served, period by period, as of `t`.
    static func column(_ deployments: [Deployment], at t: Date) -> Column {
        let ds = deployments.sorted { $0.deploymentNumber < $1.deploymentNumber }.compactMap { atT($0, t) }
        var periods = [Period(start: nil, version: nil)]
        var served: Int?
        var before: Int?
        for d in ds {
            before = served
            switch d.state {
            case .complete, .baking:
                periods.append(Period(start: d.servedFullyFrom, version: d.version))
                served = d.version
            case .reverted:
                periods.append(Period(start: d.servedFullyFrom, version: d.version))
                periods.append(Period(start: d.revertAt, version: served))
            case .rolledBack, .rollingBack:
                if let reached = d.reachedClientsAt {
                    periods.append(Period(start: reached, version: d.version))
                    periods.append(Period(start: d.restoredAt, version: served))
                }
            case .deploying, .validating:
                break
            }
        }
        return Column(periods: periods, served: served, servedBeforeNewest: before, newest: ds.last)
    }

    /// Rules 3-6 for one flag in one environment.
    static func cell(key: String, column c: Column, latest: Int?, value: (Int?, String) -> RefValue?) -> Cell {
        let served = value(c.served, key)
        let state: CellState = served.map { $0.enabled ? .on : .off } ?? .absent
        // Rule 4: walk back through the periods while they serve the same value / state.
        let values = c.periods.map { value($0.version, key) }
        var i = values.count - 1
        while i > 0 && values[i - 1] == values[i] { i -= 1 }
        let since = c.periods[i].start
        var j = values.count - 1
        while j > 0 && values[j - 1]?.enabled == values[j]?.enabled { j -= 1 }
        let stateSince = c.periods[j].start
        var cell = Cell(state: state, servedVersion: c.served, since: since, stateSince: stateSince)
        // Rule 5.
        if let newest = c.newest {
            if newest.state == .deploying || newest.state == .validating, value(newest.version, key) != served {
                cell.rollingOutPercent = newest.state == .validating ? 0 : newest.percent
                cell.rollingOutVersion = newest.version
            }
            if newest.state == .baking, value(newest.version, key) != value(c.servedBeforeNewest, key) {
                cell.bakingVersion = newest.version
                cell.bakeEndsAt = newest.bakeStartedAt.map { $0.addingTimeInterval(Double((newest.bakeMinutes ?? 0) * 60)) }
            }
        }
        // Rule 6.
        if let latest, c.served.map({ latest > $0 }) ?? true, value(latest, key) != served {
            cell.pendingVersion = latest
        }
        return cell
    }

    /// Rule 7, stale.
    static func isStale(_ cells: [Cell], asOf: Date, rolledOutDays: Int) -> Bool {
        if cells.contains(where: { $0.state == .unknown || $0.rollingOutPercent != nil }) { return false }
        let valued = cells.filter { $0.state == .on || $0.state == .off || $0.state == .variants }
        guard !valued.isEmpty, valued.allSatisfy({ $0.state == .on }) else { return false }
        if cells.contains(where: { $0.state == .absent && $0.servedVersion != nil }) { return false }
        guard let latestSince = valued.compactMap(\.since).max() else { return false }
        return asOf.timeIntervalSince(latestSince) >= Double(rolledOutDays) * 86_400
    }
}

// MARK: - Random histories

/// A shrinkable list of integers read as a sequence of choices; an exhausted list answers 0
/// (the simplest choice), so the shrinker simplifies the history it stands for.
struct HistoryChoices {
    let raw: [Int]
    var i = 0
    init(_ raw: [Int]) { self.raw = raw }
    mutating func draw(_ n: Int) -> Int {
        defer { i += 1 }
        return i < raw.count ? raw[i] % n : 0
    }
    mutating func pick<T>(_ xs: [T]) -> T { xs[draw(xs.count)] }
}

/// One fleet: one profile, 1-3 environments, 3-6 versions, 0-8 deployments per environment.
struct GeneratedFleet: CustomStringConvertible {
    static let t0 = UTCDate.date("2026-01-01")!
    static let productionPatterns = ["prod*"]

    var keys: [String]
    /// `versions[v - 1]`: the served value of each present key in version v.
    var versions: [[String: RefValue]]
    var environments: [(name: String, deployments: [Deployment])]
    var asOf: Date
    var readAt: Date?

    var latestVersion: Int { versions.count }

    func value(_ version: Int?, _ key: String) -> RefValue? {
        guard let version, version >= 1, version <= versions.count else { return nil }
        return versions[version - 1][key]
    }

    static func minutes(_ m: Int) -> TimeInterval { TimeInterval(m * 60) }

    init(_ choices: [Int]) {
        var c = HistoryChoices(choices)
        let allKeys = ["a", "b", "c", "d"]
        keys = Array(allKeys.prefix(1 + c.draw(4)))
        // Versions: each from the previous, changing some flags.
        var versions: [[String: RefValue]] = []
        var current: [String: RefValue] = [:]
        func fresh(_ c: inout HistoryChoices) -> RefValue {
            RefValue(enabled: c.draw(2) == 1, n: c.draw(3) == 0 ? nil : c.draw(3))
        }
        for k in keys where c.draw(5) != 0 { current[k] = fresh(&c) }
        versions.append(current)
        for _ in 1..<(3 + c.draw(4)) {
            for k in keys {
                switch c.draw(9) {
                case 0...3: break
                case 4: if let v = current[k] { current[k]?.enabled = !v.enabled } else { current[k] = fresh(&c) }
                case 5: if let v = current[k] { current[k]?.n = v.n.map { ($0 + 1) % 3 } ?? 0 } else { current[k] = fresh(&c) }
                case 6: current[k] = current[k] == nil ? fresh(&c) : nil
                case 7: current[k] = fresh(&c)
                default: current[k] = nil
                }
            }
            versions.append(current)
        }
        self.versions = versions

        let names = ["prod-a", "stage", "prod-b"]
        var envs: [(name: String, deployments: [Deployment])] = []
        for e in 0..<(1 + c.draw(3)) {
            var t = Self.t0.addingTimeInterval(Double(c.draw(20)) * 86_400 + Self.minutes(c.draw(1440)))
            var deployments: [Deployment] = []
            let count = c.draw(9)
            for number in 1...max(count, 1) where count > 0 {
                let (d, end) = Self.deployment(number: number, at: t, versions: versions.count, isLast: number == count, &c)
                deployments.append(d)
                switch c.draw(4) {
                case 0: t = end.addingTimeInterval(Self.minutes(1 + c.draw(59)))
                case 1: t = end.addingTimeInterval(Self.minutes(60 * (1 + c.draw(47)) + c.draw(60)))
                case 2: t = end.addingTimeInterval(Self.minutes(1440 * (1 + c.draw(20)) + c.draw(1440)))
                default: t = end.addingTimeInterval(Self.minutes(1440 * (1 + c.draw(45)) + c.draw(1440)))
                }
            }
            envs.append((names[e], deployments))
        }
        environments = envs

        // The moment: after everything, or inside the history read later.
        let times = envs.flatMap { $0.deployments.flatMap { $0.events.map(\.at) } }.sorted()
        let last = times.last ?? Self.t0
        let day = 1440
        if times.isEmpty || c.draw(3) == 0 {
            let offsets = [1, 1 + c.draw(1439), day * c.draw(100) + c.draw(1440), 30 * day, 30 * day - 1, 60 * day, 60 * day - 1]
            let offset = c.pick(offsets)
            asOf = last.addingTimeInterval(Self.minutes(max(offset, 1)))
            readAt = c.draw(2) == 0 ? nil : asOf
        } else {
            let base = times[c.draw(times.count)]
            let offsets = [-1, 0, 1, c.draw(1440), day * c.draw(40) + c.draw(1440), 30 * day, 30 * day - 1]
            let offset = c.pick(offsets)
            asOf = base.addingTimeInterval(Self.minutes(offset))
            readAt = max(last, asOf).addingTimeInterval(Self.minutes(1 + c.draw(3)))
        }
    }

    /// One deployment with a consistent EventLog and the moment the next one may start.
    static func deployment(number: Int, at start: Date, versions: Int, isLast: Bool, _ c: inout HistoryChoices) -> (Deployment, Date) {
        let version = 1 + c.draw(versions)
        let steps = c.pick([1, 2, 4, 5])
        let interval = 1 + c.draw(20)
        let bake = c.pick([0, 0, 3, 10, 30, 120])
        let first = c.draw(2) * interval
        func at(_ m: Int) -> Date { start.addingTimeInterval(minutes(m)) }
        let events = [DeploymentEvent(kind: .started, at: start)]
        var pct: [(Date, Double)] = []
        for j in 0..<steps { pct.append((at(first + j * interval), Double(100 * (j + 1) / steps))) }
        let reach100 = first + (steps - 1) * interval
        let bakeAt = bake > 0 ? reach100 + c.draw(2) : nil
        let completeAt = bakeAt.map { $0 + bake } ?? reach100 + c.draw(2)
        let strategy = steps == 1 ? "AppConfig.AllAtOnce" : "Linear\(100 / steps)PercentEvery\(interval)Minutes"
        func make(_ state: DeploymentState, _ percent: Double, _ completed: Date?, _ events: [DeploymentEvent]) -> Deployment {
            Deployment(deploymentNumber: number, state: state, percentageComplete: percent, startedAt: start,
                       completedAt: completed, configurationVersion: version, strategyId: strategy,
                       finalBakeTimeInMinutes: bake, events: events)
        }
        // Stop points: after p percentage steps (p in 0...steps), or during the bake (steps + 1).
        func prefix(_ p: Int) -> ([DeploymentEvent], Double, Int) {
            var es = events
            var last = 0, reached = 0.0
            for (date, value) in pct.prefix(min(p, steps)) {
                es.append(DeploymentEvent(kind: .percentageUpdated, at: date, percentage: value))
                reached = value
                last = Int(date.timeIntervalSince(start) / 60)
            }
            if p > steps, let bakeAt {
                es.append(DeploymentEvent(kind: .bakeStarted, at: at(bakeAt)))
                last = bakeAt
            }
            return (es, reached, last)
        }
        let outcome = isLast ? c.draw(13) : c.draw(10)
        switch outcome {
        case 6, 7, 11:
            // Stopped: rolled back (or, the newest only, still rolling back).
            let p = c.draw(steps + 1 + (bake > 0 ? 1 : 0))
            let (es, reached, last) = prefix(p)
            let rbStart = p > steps ? last + 1 + c.draw(bake - 1) : last + 1 + c.draw(interval)
            var log = es + [DeploymentEvent(kind: .rollbackStarted, at: at(rbStart))]
            if outcome == 11 { return (make(.rollingBack, reached, nil, log), at(rbStart)) }
            let rbDone = rbStart + c.draw(5)
            log.append(DeploymentEvent(kind: .rollbackCompleted, at: at(rbDone)))
            return (make(.rolledBack, reached, at(rbDone), log), at(rbDone))
        case 10, 12:
            // The newest, still in progress: VALIDATING, DEPLOYING at some percentage, or BAKING.
            let p = c.draw(steps + 1 + (bake > 0 ? 1 : 0))
            let (es, reached, last) = prefix(p)
            if p > steps { return (make(.baking, 100, nil, es), at(last)) }
            if p == 0 && c.draw(2) == 0 { return (make(.validating, 0, nil, es), at(last)) }
            return (make(.deploying, reached, nil, es), at(last))
        default:
            var (es, _, _) = prefix(steps + 1)
            es.append(DeploymentEvent(kind: .completed, at: at(completeAt)))
            if outcome >= 8 {
                let revertAt = completeAt + 1 + c.draw(72 * 60 - 1)
                es.append(DeploymentEvent(kind: .revertCompleted, at: at(revertAt)))
                return (make(.reverted, 100, at(completeAt), es), at(revertAt))
            }
            return (make(.complete, 100, at(completeAt), es), at(completeAt))
        }
    }

    static let profile = FleetFixture.profile()

    var input: FleetInput {
        var documents: [Int: HostedDocument] = [:]
        for (i, v) in versions.enumerated() {
            let present = keys.filter { v[$0] != nil }
            documents[i + 1] = FleetFixture.doc(present.map { ($0, v[$0]!.enabled) },
                                                n: Dictionary(uniqueKeysWithValues: present.compactMap { k in v[k]!.n.map { (k, $0) } }))
        }
        let hosted = HostedProfile(profile: Self.profile, latestVersion: latestVersion, documents: documents)
        return FleetInput(environments: environments.map { FleetFixture.env($0.name) }, profiles: [hosted],
                          histories: environments.map { DeploymentHistory(environment: FleetFixture.env($0.name), profile: Self.profile, deployments: $0.deployments) },
                          readAt: readAt)
    }

    var policy: RetirementPolicy {
        RetirementPolicy(rolledOutDays: 30, deadDays: 60, productionPatterns: Self.productionPatterns,
                         permanentPatterns: [], permanentKeys: [], asOf: asOf)
    }

    /// The latest hosted version as of `asOf` (rule 1).
    var latestAsOf: Int? {
        guard let readAt, asOf < readAt else { return latestVersion }
        let started = environments.flatMap { $0.deployments.filter { $0.startedAt <= asOf }.map(\.configurationVersion) }
        return started.max().map { min(latestVersion, $0) }
    }

    static func show(_ d: Date?) -> String {
        guard let d else { return "nil" }
        let m = Int(d.timeIntervalSince(t0) / 60)
        let (day, rest) = m >= 0 ? (m / 1440, m % 1440) : (-((-m + 1439) / 1440), ((m % 1440) + 1440) % 1440)
        return String(format: "d%d+%02d:%02d", day, rest / 60, rest % 60)
    }

    var description: String {
        var lines = ["asOf \(Self.show(asOf)), readAt \(Self.show(readAt)), latest v\(latestVersion) (as of: \(latestAsOf.map { "v\($0)" } ?? "none"))"]
        for (i, v) in versions.enumerated() {
            lines.append("  v\(i + 1): " + keys.map { "\($0)=\(v[$0]?.description ?? "absent")" }.joined(separator: " "))
        }
        for (name, ds) in environments {
            lines.append("  \(name):" + (ds.isEmpty ? " no deployments" : ""))
            for d in ds {
                let events = d.events.map { e -> String in
                    let p = e.percentage.map { "\(Int($0))%" } ?? ""
                    return "\(e.kind.rawValue.lowercased())\(p)@\(Self.show(e.at))"
                }
                lines.append("    #\(d.deploymentNumber) v\(d.configurationVersion) \(d.state.rawValue) \(Int(d.percentageComplete))% bake \(d.finalBakeTimeInMinutes ?? 0)m start \(Self.show(d.startedAt)) completedAt \(Self.show(d.completedAt)): " + events.joined(separator: ", "))
            }
        }
        return lines.joined(separator: "\n")
    }

    // MARK: Coverage

    /// How often the interesting situations occur, to keep the generator honest.
    struct Coverage: CustomStringConvertible {
        var counts: [String: Int] = [:]
        mutating func note(_ what: String, _ condition: Bool = true) { if condition { counts[what, default: 0] += 1 } }
        static let situations = [
            "time travel", "reverted as of", "rolled back after reaching clients", "rolled back before reaching clients",
            "rolling back", "validating", "deploying", "baking", "cell rolling out", "cell baking", "cell pending",
            "cell absent with stateSince", "cell since != stateSince", "stale", "on everywhere, under 30 days",
            "exactly 30 days", "production on vs off/absent",
        ]
        var description: String { counts.sorted { $0.key < $1.key }.map { "\($0.key): \($0.value)" }.joined(separator: ", ") }
    }

    func tally(_ coverage: inout Coverage) {
        coverage.note("time travel", readAt.map { asOf < $0 } ?? false)
        let ds = environments.flatMap { $0.deployments.compactMap { ReferenceModel.atT($0, asOf) } }
        coverage.note("reverted as of", ds.contains { $0.state == .reverted })
        coverage.note("rolled back after reaching clients", ds.contains { ($0.state == .rolledBack || $0.state == .rollingBack) && $0.reachedClientsAt != nil })
        coverage.note("rolled back before reaching clients", ds.contains { $0.state == .rolledBack && $0.reachedClientsAt == nil })
        coverage.note("rolling back", ds.contains { $0.state == .rollingBack })
        coverage.note("validating", ds.contains { $0.state == .validating })
        coverage.note("deploying", ds.contains { $0.state == .deploying })
        coverage.note("baking", ds.contains { $0.state == .baking })
        let columns = environments.map { ReferenceModel.column($0.deployments, at: asOf) }
        for key in keys {
            let cells = columns.map { ReferenceModel.cell(key: key, column: $0, latest: latestAsOf, value: value) }
            coverage.note("cell rolling out", cells.contains { $0.rollingOutPercent != nil })
            coverage.note("cell baking", cells.contains { $0.bakingVersion != nil })
            coverage.note("cell pending", cells.contains { $0.pendingVersion != nil })
            coverage.note("cell absent with stateSince", cells.contains { $0.state == .absent && $0.stateSince != nil })
            coverage.note("cell since != stateSince", cells.contains { $0.state != .absent && $0.since != $0.stateSince })
            coverage.note("stale", ReferenceModel.isStale(cells, asOf: asOf, rolledOutDays: 30))
            let on = cells.filter { $0.state == .on }.compactMap(\.since).max()
            coverage.note("on everywhere, under 30 days", !ReferenceModel.isStale(cells, asOf: asOf, rolledOutDays: 30) && ReferenceModel.isStale(cells, asOf: asOf, rolledOutDays: 0))
            coverage.note("exactly 30 days", on.map { asOf.timeIntervalSince($0) == 30 * 86_400 } ?? false)
            let prod = environments.indices.filter { i in Self.productionPatterns.contains { Glob.matches($0, environments[i].name) } }
            let served = prod.map { cells[$0] }.filter { $0.servedVersion != nil }
            coverage.note("production on vs off/absent", served.contains { $0.state == .on } && served.contains { $0.state != .on })
        }
    }

    // MARK: Comparison

    /// Every difference between production and the reference, in words.
    func mismatches(compareStateSince: Bool = true) -> [String] {
        let snapshot = FleetSnapshot.derive(from: input, policy: policy)
        var out: [String] = []
        let columns = environments.map { ReferenceModel.column($0.deployments, at: asOf) }
        let latest = latestAsOf
        for key in keys {
            let flag = FlagID(application: "shop", profile: "flags", key: key)
            let ref = columns.map { ReferenceModel.cell(key: key, column: $0, latest: latest, value: value) }
            guard let row = snapshot.rows.first(where: { $0.flag == flag }) else {
                // A row is required when the flag is served somewhere, pending, or rolling out.
                if let i = ref.indices.first(where: { ref[$0].state != .absent || ref[$0].pendingVersion != nil || ref[$0].rollingOutPercent != nil || ref[$0].bakingVersion != nil }) {
                    out.append("\(key): no row, but in \(environments[i].name) the reference has \(ref[i])")
                }
                continue
            }
            for (i, env) in environments.enumerated() {
                let r = ref[i]
                guard let p = row.cell(for: FleetFixture.env(env.name)) else {
                    out.append("\(key)@\(env.name): no cell")
                    continue
                }
                func check<T: Equatable>(_ what: String, _ prod: T, _ refValue: T) {
                    if prod != refValue { out.append("\(key)@\(env.name): \(what) production \(String(describing: prod)) reference \(String(describing: refValue))") }
                }
                check("state", p.state, r.state)
                check("servedVersion", p.servedVersion, r.servedVersion)
                if r.state == .on || r.state == .off {
                    check("since", Self.show(p.since), Self.show(r.since))
                    if compareStateSince { check("stateSince", Self.show(p.stateSince), Self.show(r.stateSince)) }
                } else if r.state == .absent {
                    check("stateSince (absent)", Self.show(p.stateSince), Self.show(r.stateSince))
                }
                check("rollingOutPercent", p.rollingOutPercent, r.rollingOutPercent)
                if r.rollingOutPercent != nil { check("rollingOutVersion", p.rollingOutVersion, r.rollingOutVersion) }
                check("pendingVersion", p.pendingVersion, r.pendingVersion)
                check("bakingVersion", p.bakingVersion, r.bakingVersion)
                if r.bakingVersion != nil { check("bakeEndsAt", Self.show(p.bakeEndsAt), Self.show(r.bakeEndsAt)) }
            }
            // Verdicts (rule 7).
            let stale = ReferenceModel.isStale(ref, asOf: asOf, rolledOutDays: 30)
            if row.has(.stale) != stale {
                out.append("\(key): stale production \(row.has(.stale)) reference \(stale) (\(row.reasons))")
            }
            let production = ref.indices.filter { i in Self.productionPatterns.contains { Glob.matches($0, environments[i].name) } }
            let servedProd = production.map { ref[$0] }.filter { $0.servedVersion != nil }
            let on = servedProd.filter { $0.state == .on }
            let offOrAbsent = servedProd.filter { $0.state == .off || $0.state == .absent }
            let onValues = Set(production.filter { ref[$0].state == .on }.map { value(ref[$0].servedVersion, key) })
            let mustDrift = (!on.isEmpty && !offOrAbsent.isEmpty) || onValues.count > 1
            let prodValues = Set(production.filter { ref[$0].servedVersion != nil }.map { value(ref[$0].servedVersion, key) })
            let mustNotDrift = prodValues.count <= 1
            if mustDrift && !row.has(.drift) { out.append("\(key): drift expected, production has none (\(row.reasons))") }
            if mustNotDrift && row.has(.drift) { out.append("\(key): no drift expected, production has \(row.reasons)") }
        }
        return out
    }
}

// MARK: - Tests

@Suite struct ModelBasedDerivationTests {
    static let histories = 3_000

    @Test(.shrinking) func productionMatchesTheReferenceOnRandomHistories() async {
        var coverage = GeneratedFleet.Coverage()
        await propertyCheck(count: Self.histories, input: Gen.int(in: 0...9_999).array(of: 120...420)) { choices in
            let fleet = GeneratedFleet(choices)
            fleet.tally(&coverage)
            let problems = fleet.mismatches()
            if !problems.isEmpty {
                Issue.record("production differs from the reference model:\n\(problems.joined(separator: "\n"))\nhistory:\n\(fleet)")
            }
        }
        // The generator must keep producing every situation the rules distinguish (counts
        // include shrinking runs after a failure; a few per cent of 3,000 each when passing).
        for situation in GeneratedFleet.Coverage.situations {
            #expect(coverage.counts[situation, default: 0] >= 5, "rarely generated: \(situation); \(coverage)")
        }
    }

    // MARK: Hand-written scenarios

    typealias F = FleetFixture
    static let t0 = GeneratedFleet.t0
    static func at(day: Double, minute: Int = 0) -> Date { t0.addingTimeInterval(day * 86_400 + Double(minute * 60)) }

    /// An AllAtOnce deployment, complete `minutes` after its start (bake included).
    static func complete(_ number: Int, version: Int, start: Date, bake: Int = 0) -> Deployment {
        var events = [DeploymentEvent(kind: .started, at: start), DeploymentEvent(kind: .percentageUpdated, at: start, percentage: 100)]
        if bake > 0 { events.append(DeploymentEvent(kind: .bakeStarted, at: start)) }
        let done = start.addingTimeInterval(Double(bake * 60))
        events.append(DeploymentEvent(kind: .completed, at: done))
        return Deployment(deploymentNumber: number, state: .complete, percentageComplete: 100, startedAt: start, completedAt: done,
                          configurationVersion: version, strategyId: "AppConfig.AllAtOnce", finalBakeTimeInMinutes: bake, events: events)
    }

    static func derive(_ documents: [Int: HostedDocument], latest: Int, _ deployments: [String: [Deployment]], asOf: Date,
                       readAt: Date? = nil) -> FleetSnapshot {
        let envs = deployments.keys.sorted().map { F.env($0) }
        let input = FleetInput(environments: envs, profiles: [HostedProfile(profile: F.profile(), latestVersion: latest, documents: documents)],
                               histories: deployments.map { DeploymentHistory(environment: F.env($0.key), profile: F.profile(), deployments: $0.value) },
                               readAt: readAt)
        return FleetSnapshot.derive(from: input, policy: RetirementPolicy(productionPatterns: ["prod*"], permanentPatterns: [], asOf: asOf))
    }

    static func row(_ s: FleetSnapshot, _ key: String) -> FlagRow? { s.rows.first { $0.flag == F.flag(key) } }

    /// (a) Added in a version deployed to staging only: not stale, and the notes name prod.
    @Test func addedOnlyInStagingIsNotStale() throws {
        let docs = [1: F.doc([("a", true)]), 2: F.doc([("a", true), ("x", true)])]
        let s = Self.derive(docs, latest: 2, [
            "staging": [Self.complete(1, version: 1, start: Self.at(day: 0)), Self.complete(2, version: 2, start: Self.at(day: 1))],
            "prod": [Self.complete(1, version: 1, start: Self.at(day: 0))],
        ], asOf: Self.at(day: 100))
        let row = try #require(Self.row(s, "x"))
        #expect(row.cell(for: F.env("staging"))?.state == .on)
        #expect(row.cell(for: F.env("prod"))?.state == .absent)
        #expect(row.cell(for: F.env("prod"))?.servedVersion == 1)
        #expect(!row.has(.stale))
        #expect(row.notes.contains { $0.contains("prod") }, "\(row.notes)")
    }

    /// (b) BAKING 3 minutes after an AllAtOnce start that turns the flag off, read then and as of then.
    @Test func bakingShowsTheNewValue() throws {
        let docs = [1: F.doc([("a", true)]), 2: F.doc([("a", false)])]
        let start = Self.at(day: 10)
        let baking = Deployment(deploymentNumber: 2, state: .baking, percentageComplete: 100, startedAt: start, configurationVersion: 2,
                                strategyId: "AppConfig.AllAtOnce", finalBakeTimeInMinutes: 10, events: [
                                    DeploymentEvent(kind: .started, at: start),
                                    DeploymentEvent(kind: .percentageUpdated, at: start, percentage: 100),
                                    DeploymentEvent(kind: .bakeStarted, at: start),
                                ])
        let three = start.addingTimeInterval(180)
        let readNow = Self.derive(docs, latest: 2, ["prod": [Self.complete(1, version: 1, start: Self.at(day: 0)), baking]], asOf: three)
        let travelled = Self.derive(docs, latest: 2, ["prod": [Self.complete(1, version: 1, start: Self.at(day: 0)), Self.complete(2, version: 2, start: start, bake: 10)]],
                                    asOf: three, readAt: Self.at(day: 20))
        for s in [readNow, travelled] {
            let cell = try #require(Self.row(s, "a")?.cell(for: F.env("prod")))
            #expect(cell.state == .off)
            #expect(cell.servedVersion == 2)
            #expect(cell.bakingVersion == 2)
            #expect(cell.rollingOutPercent == nil)
            #expect(cell.bakeEndsAt == start.addingTimeInterval(600))
            #expect(cell.since == start)
        }
    }

    /// (c) COMPLETE then REVERTED: the previous value is served again, since the revert.
    @Test func revertServesThePreviousValueSinceTheRevert() throws {
        let docs = [1: F.doc([("a", true)]), 2: F.doc([("a", false)])]
        let start = Self.at(day: 5)
        var reverted = Self.complete(2, version: 2, start: start)
        let revertAt = Self.at(day: 6, minute: 17)
        reverted.state = .reverted
        reverted.events.append(DeploymentEvent(kind: .revertCompleted, at: revertAt))
        let s = Self.derive(docs, latest: 2, ["prod": [Self.complete(1, version: 1, start: Self.at(day: 0)), reverted]], asOf: Self.at(day: 50))
        let cell = try #require(Self.row(s, "a")?.cell(for: F.env("prod")))
        #expect(cell.state == .on)
        #expect(cell.servedVersion == 1)
        #expect(cell.since == revertAt)
        // As of a moment before the revert, version 2 is served.
        let before = Self.derive(docs, latest: 2, ["prod": [Self.complete(1, version: 1, start: Self.at(day: 0)), reverted]],
                                 asOf: Self.at(day: 6), readAt: Self.at(day: 50))
        #expect(Self.row(before, "a")?.cell(for: F.env("prod"))?.state == .off)
        #expect(Self.row(before, "a")?.cell(for: F.env("prod"))?.since == start)
    }

    /// (d) A newer hosted version that adds the flag makes it pending where it is absent.
    @Test func newerVersionAddingTheFlagIsPending() throws {
        let docs = [1: F.doc([("a", true)]), 2: F.doc([("a", true), ("x", false)])]
        let s = Self.derive(docs, latest: 2, ["prod": [Self.complete(1, version: 1, start: Self.at(day: 0))]], asOf: Self.at(day: 3))
        let cell = try #require(Self.row(s, "x")?.cell(for: F.env("prod")))
        #expect(cell.state == .absent)
        #expect(cell.servedVersion == 1)
        #expect(cell.pendingVersion == 2)
        #expect(Self.row(s, "a")?.cell(for: F.env("prod"))?.pendingVersion == nil)
    }

    /// (e) As of a moment inside DEPLOYING: that percentage, and a later deployment does not exist yet.
    @Test func asOfInsideDeployingKeepsThePercentage() throws {
        let docs = [1: F.doc([("a", false)]), 2: F.doc([("a", true)]), 3: F.doc([("a", false), ("z", true)])]
        let start = Self.at(day: 10)
        func m(_ x: Int) -> Date { start.addingTimeInterval(Double(x * 60)) }
        let linear = Deployment(deploymentNumber: 2, state: .complete, percentageComplete: 100, startedAt: start, completedAt: m(50),
                                configurationVersion: 2, strategyId: "Linear20PercentEvery10Minutes", finalBakeTimeInMinutes: 10, events: [
                                    DeploymentEvent(kind: .started, at: start),
                                    DeploymentEvent(kind: .percentageUpdated, at: m(0), percentage: 20),
                                    DeploymentEvent(kind: .percentageUpdated, at: m(10), percentage: 40),
                                    DeploymentEvent(kind: .percentageUpdated, at: m(20), percentage: 60),
                                    DeploymentEvent(kind: .percentageUpdated, at: m(30), percentage: 80),
                                    DeploymentEvent(kind: .percentageUpdated, at: m(40), percentage: 100),
                                    DeploymentEvent(kind: .bakeStarted, at: m(40)),
                                    DeploymentEvent(kind: .completed, at: m(50)),
                                ])
        let s = Self.derive(docs, latest: 3, ["prod": [Self.complete(1, version: 1, start: Self.at(day: 0)), linear,
                                                       Self.complete(3, version: 3, start: Self.at(day: 12))]],
                            asOf: m(15), readAt: Self.at(day: 30))
        let cell = try #require(Self.row(s, "a")?.cell(for: F.env("prod")))
        #expect(cell.state == .off)
        #expect(cell.servedVersion == 1)
        #expect(cell.rollingOutPercent == 40)
        #expect(cell.rollingOutVersion == 2)
        // Version 3 was not deployed by then: neither served nor the latest hosted version.
        #expect(cell.pendingVersion == 2)
        #expect(Self.row(s, "z").map { $0.cells.allSatisfy { $0.state == .absent && $0.pendingVersion == nil } } ?? true)
    }

    /// (f) Drift: on in one production environment, absent from what another serves.
    @Test func driftWhenAbsentInOneProductionEnvironment() throws {
        let docs = [1: F.doc([("a", true)]), 2: F.doc([("a", true), ("x", true)])]
        let s = Self.derive(docs, latest: 2, [
            "prod-eu": [Self.complete(1, version: 2, start: Self.at(day: 0))],
            "prod-us": [Self.complete(1, version: 1, start: Self.at(day: 0))],
        ], asOf: Self.at(day: 40))
        let row = try #require(Self.row(s, "x"))
        #expect(row.has(.drift), "\(row.reasons)")
        #expect(!row.has(.stale))
        #expect(Self.row(s, "a")?.has(.drift) == false)
    }
}
