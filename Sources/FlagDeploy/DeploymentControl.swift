import AppConfigClient
import FlagModel
import FleetStore
import Foundation

/// The result of a stop or revert.
public enum ControlOutcome: Sendable, Hashable {
    /// The service accepted it; the status right after (ROLLING_BACK, ROLLED_BACK, REVERTED).
    case done(DeploymentStatus)
    case refused(String)
    case failed(String)

    public var text: String {
        switch self {
        case .done(let s): "\(s.state ?? "?")"
        case .refused(let why): "refused: \(why)"
        case .failed(let why): "FAILED: \(why)"
        }
    }
}

/// Stopping a running deployment (rollback) and reverting a completed one.
public struct DeploymentControl: Sendable {
    /// AppConfig reverts a COMPLETE deployment only this long after it completed.
    public static let revertWindow: TimeInterval = 72 * 3600

    public var clients: AppConfigClients
    public var journal: (any ActionJournal)?
    public var actor: String

    public init(clients: AppConfigClients, journal: (any ActionJournal)? = nil, actor: String = FleetStore.currentUser()) {
        self.clients = clients
        self.journal = journal
        self.actor = actor
    }

    /// Whether the UI should offer a revert for a deployment in this state.
    public static func canRevert(state: String?, completedAt: Date?, now: Date) -> Bool {
        guard state == "COMPLETE", let completedAt else { return false }
        return now.timeIntervalSince(completedAt) <= revertWindow
    }

    /// Stops a running deployment: AppConfig rolls the environment back to the version before it.
    public func stop(_ ref: DeploymentRef, reason: String = "") async -> ControlOutcome {
        await control(ref, allowRevert: false, action: "stop-deployment", reason: reason)
    }

    /// Reverts a COMPLETE deployment (within 72 hours) to the version before it.
    public func revert(_ ref: DeploymentRef, reason: String = "") async -> ControlOutcome {
        await control(ref, allowRevert: true, action: "revert-deployment", reason: reason)
    }

    private func control(_ ref: DeploymentRef, allowRevert: Bool, action: String, reason: String) async -> ControlOutcome {
        let outcome: ControlOutcome
        do {
            // Read-only mode is AWSCore's guard's to enforce; its refusal comes back as `.refused`.
            let d = try await clients.client(for: ref.environment).stopDeployment(
                applicationId: ref.applicationId, environmentId: ref.environmentId,
                deploymentNumber: ref.deploymentNumber, allowRevert: allowRevert)
            outcome = .done(DeploymentWatcher.status(ref, d))
        } catch {
            outcome = ErrorText.isReadOnly(error) ? .refused(ErrorText.describe(error)) : .failed(ErrorText.describe(error))
        }
        let result: String
        switch outcome {
        case .done(let s): result = s.state ?? "ok"
        case .refused: result = "refused"
        case .failed: result = "failed"
        }
        var message: String?
        if case .done = outcome {} else { message = outcome.text }
        let details = JournalDetails(deploymentNumber: ref.deploymentNumber, reason: reason, message: message)
        _ = await JournalWriter(journal: journal).write(action: action, target: ref.environment.description, result: result,
                                                        actor: actor, at: Date(), details: details)
        return outcome
    }
}
