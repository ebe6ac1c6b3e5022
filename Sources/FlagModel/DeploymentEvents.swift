import Foundation

/// One entry of a deployment's EventLog (GetDeployment), the record of when it moved.
public struct DeploymentEvent: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable {
        case started = "DEPLOYMENT_STARTED"
        case percentageUpdated = "PERCENTAGE_UPDATED"
        case bakeStarted = "BAKE_TIME_STARTED"
        case completed = "DEPLOYMENT_COMPLETED"
        case rollbackStarted = "ROLLBACK_STARTED"
        case rollbackCompleted = "ROLLBACK_COMPLETED"
        case revertCompleted = "REVERT_COMPLETED"
    }

    public var kind: Kind
    public var at: Date
    /// For `percentageUpdated`: the share of clients served, read from the description
    /// ("Configuration available to 25.00% of clients").
    public var percentage: Double?

    public init(kind: Kind, at: Date, percentage: Double? = nil) {
        self.kind = kind
        self.at = at
        self.percentage = percentage
    }

    /// The first number followed by `%` in an event description.
    public static func percentage(in description: String) -> Double? {
        guard let percent = description.firstIndex(of: "%") else { return nil }
        var start = percent
        while start > description.startIndex {
            let before = description.index(before: start)
            guard description[before].isNumber || description[before] == "." else { break }
            start = before
        }
        return Double(description[start..<percent])
    }
}

/// The moments that decide what a deployment served, read from its EventLog when it has
/// one and from the summary's dates otherwise (see DESIGN.md, "Derived facts").
extension Deployment {
    private func firstEvent(_ kind: DeploymentEvent.Kind) -> Date? { events.first { $0.kind == kind }?.at }

    /// When the new version reached 100% of clients: the bake started (or, without a
    /// bake, the deployment completed).
    public var servedFullyFrom: Date {
        firstEvent(.bakeStarted) ?? firstEvent(.completed) ?? completedAt ?? startedAt
    }

    /// BAKING: when AppConfig stops watching alarms and calls it COMPLETE.
    public var bakeEndsAt: Date? {
        guard state == .baking, let minutes = finalBakeTimeInMinutes else { return nil }
        return servedFullyFrom.addingTimeInterval(TimeInterval(minutes * 60))
    }

    /// REVERTED: when the previous version was served again.
    public var revertedAt: Date {
        firstEvent(.revertCompleted) ?? completedAt ?? startedAt
    }

    /// ROLLING_BACK / ROLLED_BACK: when the previous version was served to everyone again.
    public var restoredAt: Date {
        firstEvent(.rollbackCompleted) ?? firstEvent(.rollbackStarted) ?? completedAt ?? startedAt
    }

    /// Whether a rolled-back deployment served its version to any client before it was
    /// taken back (it started growing or baking), however briefly.
    public var servedSomeClients: Bool {
        if events.isEmpty { return percentageComplete > 0 }
        return events.contains { ($0.kind == .percentageUpdated && ($0.percentage ?? 1) > 0) || $0.kind == .bakeStarted }
    }

    /// This deployment as it stood at `moment`, replayed from its EventLog; nil when it
    /// had not started yet. Without an EventLog only "not started yet" can be told.
    public func asOf(_ moment: Date) -> Deployment? {
        guard startedAt <= moment else { return nil }
        guard events.contains(where: { $0.at > moment }) else { return self }
        var past = self
        past.events = events.filter { $0.at <= moment }
        past.state = .deploying
        past.percentageComplete = 0
        past.completedAt = nil
        for event in past.events {
            switch event.kind {
            case .started: break
            case .percentageUpdated: past.percentageComplete = event.percentage ?? past.percentageComplete
            case .bakeStarted: past.state = .baking; past.percentageComplete = 100
            case .completed: past.state = .complete; past.percentageComplete = 100; past.completedAt = event.at
            case .rollbackStarted: past.state = .rollingBack
            case .rollbackCompleted: past.state = .rolledBack; past.completedAt = past.completedAt ?? event.at
            case .revertCompleted: past.state = .reverted
            }
        }
        return past
    }
}
