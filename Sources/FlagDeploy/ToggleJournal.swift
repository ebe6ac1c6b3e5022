import FlagModel
import Foundation

/// A toggle's entries in the journal: the intent before the first write (who, what,
/// where, why, and every write planned), each environment's outcome after it, and the
/// end. An intent without an end is an interrupted toggle (`ToggleRecovery`).
struct ToggleJournal: Sendable {
    static let intentAction = "toggle-intent"
    static let stepAction = "toggle"
    static let endAction = "toggle-end"

    let writer: JournalWriter
    let plan: TogglePlan

    init(journal: (any ActionJournal)?, plan: TogglePlan) {
        writer = JournalWriter(journal: journal)
        self.plan = plan
    }

    private var request: ToggleRequest { plan.request }

    func intent() async -> [String] {
        let writes = plan.steps.map { step in
            let version = plan.versions[step.versionIndex]
            return PlannedWrite(environment: step.environment.description, applicationId: step.target.applicationId,
                                environmentId: step.target.environmentId, profileId: step.target.profileId,
                                profile: version.profileName, baseVersion: step.baseVersion,
                                versionLabel: version.versionLabel, strategy: step.strategy.id)
        }
        let details = JournalDetails(operation: request.operationId, plan: writes, flag: request.flag.description,
                                     value: request.valueLabel, reason: request.reason)
        return await write(Self.intentAction, target: request.flag.description, result: "planned", details: details)
    }

    func results(_ results: [EnvironmentResult], created: [Int: Int]) async -> [String] {
        var problems: [String] = []
        for (step, result) in zip(plan.steps, results) {
            let version = plan.versions[step.versionIndex]
            var deployment: Int?
            if case .started(let ref, _) = result.outcome { deployment = ref.deploymentNumber }
            let message = ([result.outcome.isStarted ? nil : result.outcome.text] + result.notes).compactMap { $0 }
            let details = JournalDetails(
                operation: request.operationId, flag: request.flag.description, value: request.valueLabel,
                profile: version.profileName, baseVersion: step.baseVersion, latestKnownVersion: version.latestKnownVersion,
                newVersion: created[step.versionIndex], deploymentNumber: deployment, strategy: step.strategy.id,
                reason: request.reason, message: message.isEmpty ? nil : message.joined(separator: "; "))
            problems += await write(Self.stepAction, target: step.environment.description, result: result.outcome.resultCode,
                                    details: details)
        }
        return problems
    }

    func end(_ results: [EnvironmentResult]) async -> [String] {
        let started = results.filter(\.outcome.isStarted).count
        let details = JournalDetails(operation: request.operationId, flag: request.flag.description, value: request.valueLabel,
                                     message: "\(started) of \(results.count) environments started")
        return await write(Self.endAction, target: request.flag.description,
                           result: started == results.count ? "ok" : "partial", details: details)
    }

    private func write(_ action: String, target: String, result: String, details: JournalDetails) async -> [String] {
        await writer.write(action: action, target: target, result: result, actor: request.actor, at: Date(),
                           details: details).map { [$0] } ?? []
    }
}
