import Foundation

/// What one environment served of one profile, deployment by deployment, by AppConfig's
/// own semantics (DESIGN.md, "Derived facts"):
/// - DEPLOYING at N% / VALIDATING: the previous version is still what everyone gets;
///   the deployment is moving (`moving`).
/// - BAKING: the new version is served to 100% of clients from the start of the bake.
/// - COMPLETE: served from the moment it reached 100% until a later deployment replaces it.
/// - REVERTED: served from then until the revert; after it, the version before it again.
/// - ROLLING_BACK / ROLLED_BACK: the version before it stays served; if it reached some
///   clients first, their different value interrupted every run of values (`partial`).
///
/// Deployment numbers are chronological: AppConfig runs one deployment per environment
/// at a time.
public struct ServingTimeline: Sendable, Hashable {
    public struct Segment: Sendable, Hashable {
        /// The version served from `from`; nil: nothing (never deployed, or reverted to nothing).
        public var version: Int?
        public var from: Date
        /// True: served to every client from `from` on. False: served to some clients only,
        /// taken back at `from` (a rolled-back deployment that had started to grow or bake).
        public var isFull: Bool
    }

    /// Oldest first. The last full segment is what is served now.
    public private(set) var segments: [Segment] = []
    /// The deployment whose version is served now (COMPLETE, BAKING, or the one a revert
    /// or rollback went back to); nil when nothing is served.
    public private(set) var served: Deployment?
    /// The deployment in BAKING now: its version is served, AppConfig still watches alarms.
    public private(set) var baking: Deployment?
    /// The version served before the baking one (nil: nothing was).
    public private(set) var servedBeforeBaking: Int?
    /// The deployment in DEPLOYING or VALIDATING now (at most one: the newest).
    public private(set) var moving: Deployment?
    /// The deployment in ROLLING_BACK now.
    public private(set) var rollingBack: Deployment?

    /// `ordered`: one environment's deployments of one profile, sorted by number.
    public init(ordered: [Deployment] = []) {
        for d in ordered { add(d) }
    }

    /// Adds the next deployment (by number); what is baking, moving or rolling back is
    /// only ever the newest one.
    public mutating func add(_ d: Deployment) {
        baking = nil
        moving = nil
        rollingBack = nil
        switch d.state {
        case .complete, .baking:
            if d.state == .baking {
                baking = d
                servedBeforeBaking = servedVersion
            }
            segments.append(Segment(version: d.configurationVersion, from: d.servedFullyFrom, isFull: true))
            served = d
        case .reverted:
            let before = served
            segments.append(Segment(version: d.configurationVersion, from: d.servedFullyFrom, isFull: true))
            segments.append(Segment(version: before?.configurationVersion, from: d.revertedAt, isFull: true))
            served = before
        case .rolledBack, .rollingBack:
            if d.servedSomeClients {
                segments.append(Segment(version: d.configurationVersion, from: d.restoredAt, isFull: false))
                segments.append(Segment(version: served?.configurationVersion, from: d.restoredAt, isFull: true))
            }
            if d.state == .rollingBack { rollingBack = d }
        case .deploying, .validating:
            moving = d
        }
    }

    /// The version served to every client now.
    public var servedVersion: Int? { segments.last { $0.isFull }?.version }

    /// Every version a walk back through the history may read, newest first, once each.
    public var versions: [Int] {
        var seen = Set<Int>(), out: [Int] = []
        for s in segments.reversed() { if let v = s.version, seen.insert(v).inserted { out.append(v) } }
        if let v = moving?.configurationVersion, seen.insert(v).inserted { out.append(v) }
        return out
    }
}
