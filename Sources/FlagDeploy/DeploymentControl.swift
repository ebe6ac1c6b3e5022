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
        let outcome = await send(ref, allowRevert: allowRevert)
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

    /// StopDeployment, sent again only when it surely did not happen: after a lost answer
    /// the deployment's state tells (ROLLING_BACK, ROLLED_BACK, REVERTED: it did).
    private func send(_ ref: DeploymentRef, allowRevert: Bool, attempts: Int = 3) async -> ControlOutcome {
        let client: AppConfigClient
        do { client = try clients.client(for: ref.environment) } catch { return .failed(error.description) }
        let stoppedStates: Set<String> = allowRevert ? ["REVERTED"] : ["ROLLING_BACK", "ROLLED_BACK"]
        var lastError = ""
        for _ in 1...attempts {
            do {
                // Read-only mode is AWSCore's guard's to enforce; its refusal comes back as `.refused`.
                let d = try await client.stopDeployment(applicationId: ref.applicationId, environmentId: ref.environmentId,
                                                        deploymentNumber: ref.deploymentNumber, allowRevert: allowRevert)
                return .done(DeploymentWatcher.status(ref, d))
            } catch {
                if ErrorText.isReadOnly(error) { return .refused(ErrorText.describe(error)) }
                guard WriteReconciler.outcomeUnknown(error) else { return .failed(ErrorText.describe(error)) }
                lastError = ErrorText.describe(error)
                do {
                    let d = try await client.getDeployment(applicationId: ref.applicationId, environmentId: ref.environmentId,
                                                           deploymentNumber: ref.deploymentNumber)
                    if let state = d.state?.rawValue, stoppedStates.contains(state) {
                        return .done(DeploymentWatcher.status(ref, d))
                    }
                } catch {
                    return .failed("cannot tell whether the stop reached AppConfig: \(ErrorText.describe(error))")
                }
            }
        }
        return .failed(lastError)
    }
}
