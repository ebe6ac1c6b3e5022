import Foundation

/// The CloudTrail events read so far, indexed by what they created or changed, and the
/// account/regions whose history could not be read (said once per account, never an error).
public struct AuditTrail: Sendable, Hashable {
    public struct Gap: Sendable, Hashable, Codable {
        public var accountId: String
        public var region: String
        public var message: String
        public init(accountId: String, region: String, message: String) {
            self.accountId = accountId
            self.region = region
            self.message = message
        }
    }

    public enum Status: Sendable, Hashable {
        /// CloudTrail is switched off in the configuration (`cloudTrail: false`).
        case off
        /// Not read yet (the dashboard's first lookup is still running).
        case loading
        case loaded
    }

    public private(set) var events: [TrailEvent]
    public var gaps: [Gap]
    public var status: Status

    struct DeploymentKey: Hashable { var account, region, application, environment: String; var number: Int }
    struct VersionKey: Hashable { var account, region, profile: String; var number: Int }
    private var starts: [DeploymentKey: TrailEvent] = [:]
    private var stops: [DeploymentKey: TrailEvent] = [:]
    private var creations: [VersionKey: TrailEvent] = [:]

    public init(events: [TrailEvent] = [], gaps: [Gap] = [], status: Status = .loaded) {
        self.events = events.sorted { ($0.time, $0.eventId) < ($1.time, $1.eventId) }
        self.gaps = gaps
        self.status = status
        for e in self.events where e.succeeded { index(e) }
    }

    public static let off = AuditTrail(status: .off)
    public static let loading = AuditTrail(status: .loading)

    private mutating func index(_ e: TrailEvent) {
        switch e.eventName {
        case "StartDeployment", "StopDeployment":
            guard let app = e.applicationId, let env = e.environmentId, let n = e.deploymentNumber else { return }
            let key = DeploymentKey(account: e.accountId, region: e.region, application: app, environment: env, number: n)
            if e.eventName == "StartDeployment" { starts[key] = e } else { stops[key] = e }
        case "CreateHostedConfigurationVersion":
            guard let profile = e.profileId, let n = e.versionNumber else { return }
            creations[VersionKey(account: e.accountId, region: e.region, profile: profile, number: n)] = e
        default:
            // DeleteHostedConfigurationVersion is kept in the store for the record; no view shows it yet.
            break
        }
    }

    /// Who started a deployment (nil: no event, or the record has no ids).
    public func started(_ d: DeploymentRecord) -> TrailEvent? { key(d).flatMap { starts[$0] } }
    /// Who stopped (rolled back or reverted) it.
    public func stopped(_ d: DeploymentRecord) -> TrailEvent? { key(d).flatMap { stops[$0] } }

    public func created(accountId: String, region: String, profileId: String, version: Int) -> TrailEvent? {
        creations[VersionKey(account: accountId, region: region, profile: profileId, number: version)]
    }

    /// Why an account/region has no events, when its history could not be read.
    public func gap(accountId: String, region: String) -> Gap? {
        gaps.first { $0.accountId == accountId && ($0.region == region || $0.region == "*") }
    }

    /// Version creations in time order (the audit's version rows).
    public var creationEvents: [TrailEvent] {
        events.filter { $0.eventName == "CreateHostedConfigurationVersion" && $0.succeeded && $0.profileId != nil && $0.versionNumber != nil }
    }

    private func key(_ d: DeploymentRecord) -> DeploymentKey? {
        guard let app = d.applicationId, let env = d.environmentId else { return nil }
        return DeploymentKey(account: d.environment.accountId, region: d.environment.region, application: app,
                             environment: env, number: d.deploymentNumber)
    }
}
