import Foundation

/// What a scan published to the team store carries for auditors who have no AWS access:
/// the audit's rows (`flagdeck audit --from-store`) and what the Audit view is drawn from
/// (the deployments, CloudTrail's events and gaps, flagdeck's journal notes).
public struct PublishedAudit: Sendable, Hashable, Codable {
    public var rows: [AuditRow]
    public var deployments: [DeploymentRecord]
    public var events: [TrailEvent]
    public var gaps: [AuditTrail.Gap]
    /// false: CloudTrail was switched off (`cloudTrail: false`) where it was published.
    public var cloudTrail: Bool
    public var notes: [JournalNote]

    public init(rows: [AuditRow], deployments: [DeploymentRecord], trail: AuditTrail, notes: [JournalNote]) {
        self.rows = rows
        self.deployments = deployments
        self.events = trail.events
        self.gaps = trail.gaps
        self.cloudTrail = trail.status != .off
        self.notes = notes
    }

    /// The trail as the Audit view joins it.
    public var trail: AuditTrail {
        cloudTrail ? AuditTrail(events: events, gaps: gaps, status: .loaded) : .off
    }
}
