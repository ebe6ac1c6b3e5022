import Foundation

/// One entry of a deployment's EventLog.
struct DeploymentEventRecord: Sendable, Equatable {
    var eventType: String
    var triggeredBy: String
    var description: String
    var occurredAt: Date
}

/// A deployment as seen at one instant of the virtual clock. Nothing is stored:
/// progress is a pure function of the deployment record and "now".
public struct DeploymentProgress: Sendable, Equatable {
    public var state: String
    public var percentageComplete: Double
    public var completedAt: Date?
    var events: [DeploymentEventRecord]  // oldest first

    /// DEPLOYING or BAKING: blocks other deployments to the environment.
    public var isInProgress: Bool { state == "DEPLOYING" || state == "BAKING" }
}

/// Growth math of AppConfig deployment strategies.
public enum DeploymentMath {
    /// Percentages reached at each step, e.g. LINEAR 20 → [20, 40, 60, 80, 100],
    /// EXPONENTIAL 10 → [10, 20, 40, 80, 100]. A zero duration deploys at once.
    public static func steps(growthType: String, growthFactor: Double, durationMinutes: Int) -> [Double] {
        let g = min(100, max(1, growthFactor))
        if durationMinutes <= 0 { return [100] }
        var out: [Double] = []
        if growthType == "EXPONENTIAL" {
            var p = g
            while p < 100 { out.append(p); p *= 2 }
        } else {
            var k = 1.0
            while g * k < 100 - 1e-9 { out.append(g * k); k += 1 }
        }
        out.append(100)
        return out
    }

    static func progress(_ d: DeploymentRecord, at now: Date) -> DeploymentProgress {
        let start = d.startedAt
        let steps = steps(growthType: d.growthType, growthFactor: d.growthFactor, durationMinutes: d.deploymentDurationInMinutes)
        let duration = TimeInterval(d.deploymentDurationInMinutes * 60)
        let interval = duration / Double(steps.count)
        let deployEnd = start.addingTimeInterval(duration)
        let bakeEnd = deployEnd.addingTimeInterval(TimeInterval(d.finalBakeTimeInMinutes * 60))
        let effectiveNow = max(now, start)
        let stopped = d.stoppedAt.flatMap { $0 <= effectiveNow && $0 < bakeEnd ? $0 : nil }
        let cutoff = stopped ?? effectiveNow

        var events = [DeploymentEventRecord(eventType: "DEPLOYMENT_STARTED", triggeredBy: "USER",
                                            description: "Deployment started", occurredAt: start)]
        var percentage = steps[0]
        for (i, p) in steps.enumerated() {
            let t = start.addingTimeInterval(interval * Double(i))
            guard t <= cutoff else { break }
            percentage = p
            events.append(.init(eventType: "PERCENTAGE_UPDATED", triggeredBy: "APPCONFIG",
                                description: "Configuration available to \(String(format: "%.2f", p))% of clients",
                                occurredAt: t))
        }
        if let stopped {
            events.append(.init(eventType: "ROLLBACK_STARTED", triggeredBy: "USER",
                                description: "Rollback initiated by user", occurredAt: stopped))
            events.append(.init(eventType: "ROLLBACK_COMPLETED", triggeredBy: "APPCONFIG",
                                description: "Rollback completed", occurredAt: stopped))
            return DeploymentProgress(state: "ROLLED_BACK", percentageComplete: percentage, completedAt: stopped, events: events)
        }
        if d.finalBakeTimeInMinutes > 0 && deployEnd <= cutoff {
            events.append(.init(eventType: "BAKE_TIME_STARTED", triggeredBy: "APPCONFIG",
                                description: "Deployment bake time started", occurredAt: deployEnd))
        }
        if bakeEnd <= cutoff {
            events.append(.init(eventType: "DEPLOYMENT_COMPLETED", triggeredBy: "APPCONFIG",
                                description: "Deployment completed", occurredAt: bakeEnd))
            if let reverted = d.revertedAt, reverted <= effectiveNow {
                events.append(.init(eventType: "REVERT_COMPLETED", triggeredBy: "USER",
                                    description: "Configuration reverted to the previous version", occurredAt: reverted))
                return DeploymentProgress(state: "REVERTED", percentageComplete: 100, completedAt: bakeEnd, events: events)
            }
            return DeploymentProgress(state: "COMPLETE", percentageComplete: 100, completedAt: bakeEnd, events: events)
        }
        if deployEnd <= cutoff {
            return DeploymentProgress(state: "BAKING", percentageComplete: 100, completedAt: nil, events: events)
        }
        return DeploymentProgress(state: "DEPLOYING", percentageComplete: percentage, completedAt: nil, events: events)
    }

    /// DEPLOYING or BAKING at `now`, without building the event log.
    static func isInProgress(_ d: DeploymentRecord, at now: Date) -> Bool {
        let end = d.startedAt.addingTimeInterval(TimeInterval((d.deploymentDurationInMinutes + d.finalBakeTimeInMinutes) * 60))
        if now >= end { return false }
        if let stopped = d.stoppedAt, stopped <= max(now, d.startedAt) { return false }
        return true
    }

    static func formatPercent(_ p: Double) -> String {
        p == p.rounded() ? String(Int(p)) : String(format: "%.2f", p)
    }
}
