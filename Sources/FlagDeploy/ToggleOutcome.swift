import FlagModel
import Foundation

/// A deployment that can be watched, stopped or reverted.
public struct DeploymentRef: Sendable, Hashable, Codable, CustomStringConvertible {
    public var environment: EnvironmentID
    public var applicationId: String
    public var environmentId: String
    public var deploymentNumber: Int

    public init(environment: EnvironmentID, applicationId: String, environmentId: String, deploymentNumber: Int) {
        self.environment = environment
        self.applicationId = applicationId
        self.environmentId = environmentId
        self.deploymentNumber = deploymentNumber
    }

    public var description: String { "\(environment) deployment \(deploymentNumber)" }
}

/// Someone created a version of the profile after the plan read it. Nothing of ours
/// was written; the plan must be made again from the new state.
public struct VersionConflict: Sendable, Hashable {
    public var profileName: String
    /// What the plan sent as `Latest-Version-Number`.
    public var expectedLatest: Int?
    /// The profile's latest version now.
    public var actualLatest: Int?
    public var actualLatestDescription: String?
    /// How the new latest differs from the one the plan knew.
    public var changes: [FlagChange]

    public var text: String {
        let who = actualLatestDescription.map { " (\"\($0)\")" } ?? ""
        let what = changes.isEmpty ? "no flag values differ" : changes.map(\.description).joined(separator: "; ")
        return "\(profileName) changed since the plan: version \(actualLatest.map(String.init) ?? "?")\(who) was created after "
            + "version \(expectedLatest.map(String.init) ?? "(none)"); it changed: \(what). Nothing was written; plan again."
    }
}

/// What happened in one environment.
public enum ToggleOutcome: Sendable, Hashable {
    case started(DeploymentRef, version: Int)
    /// Another deployment runs there; the UI offers to wait for it or stop it.
    case deploymentInProgress(RunningDeployment, DeploymentRef)
    case conflict(VersionConflict)
    /// The deployed version is no longer the plan's base: someone deployed meanwhile.
    case baseChanged(planned: Int, deployedNow: Int?)
    /// Read-only mode: nothing was sent.
    case refused(String)
    /// The version (when `createdVersion` is set) exists but could not be deployed, or
    /// the version could not be created.
    case failed(String, createdVersion: Int?)

    public var isStarted: Bool { if case .started = self { return true } else { return false } }

    /// The deployment to watch (ours) or to wait for or stop (the one in the way).
    public var deployment: DeploymentRef? {
        switch self {
        case .started(let ref, _), .deploymentInProgress(_, let ref): return ref
        default: return nil
        }
    }

    /// Conflicts and running deployments ask the operator to look again, not to retry.
    public var needsReplan: Bool {
        switch self {
        case .conflict, .deploymentInProgress, .baseChanged: return true
        default: return false
        }
    }

    /// `started`, `conflict`, … for the journal.
    public var resultCode: String {
        switch self {
        case .started: "started"
        case .deploymentInProgress: "deployment-in-progress"
        case .conflict: "conflict"
        case .baseChanged: "base-changed"
        case .refused: "refused"
        case .failed: "failed"
        }
    }

    public var text: String {
        switch self {
        case .started(let ref, let version):
            return "started deployment \(ref.deploymentNumber) of version \(version)"
        case .deploymentInProgress(let running, _):
            return "not deployed: \(running.summary); wait for it or stop it, then toggle again"
        case .conflict(let c):
            return "conflict: \(c.text)"
        case .baseChanged(let planned, let now):
            return "not deployed: the plan was built from version \(planned) but version \(now.map(String.init) ?? "(none)") is deployed now; plan again"
        case .refused(let why):
            return "refused: \(why)"
        case .failed(let why, let created):
            return "FAILED: " + (created.map { "version \($0) was created but not deployed: " } ?? "") + why
        }
    }
}

public struct EnvironmentResult: Sendable, Hashable {
    public var environment: EnvironmentID
    public var outcome: ToggleOutcome
    /// What the operator must know besides the outcome: a response that was lost and
    /// found again, or someone else's deployment that slipped in before ours.
    public var notes: [String]

    public init(environment: EnvironmentID, outcome: ToggleOutcome, notes: [String] = []) {
        self.environment = environment
        self.outcome = outcome
        self.notes = notes
    }

    /// `payments-prod/us-east-1/checkout/prod: started deployment 14 of version 9`.
    public var line: String {
        "\(environment): \(outcome.text)" + notes.map { " — " + $0 }.joined()
    }
}

/// Everything one execution did, in plan order.
public struct ToggleReport: Sendable, Hashable {
    public var plan: TogglePlan
    public var results: [EnvironmentResult]
    /// New versions by plan version index.
    public var createdVersions: [Int: Int]
    /// Journal writes that failed (the actions themselves stand).
    public var journalProblems: [String]

    public var allStarted: Bool { results.allSatisfy(\.outcome.isStarted) }
    public var needsReplan: Bool { results.contains { $0.outcome.needsReplan } }
    public var started: [DeploymentRef] {
        results.compactMap { if case .started(let ref, _) = $0.outcome { return ref } else { return nil } }
    }
}
