import AppConfigClient
import FlagModel
import FleetStore
import Foundation

/// A toggle that started and never recorded its end, checked against AppConfig.
public struct RecoveredToggle: Sendable, Hashable {
    public var operation: String
    public var actor: String
    public var startedAt: Date
    /// `checkout/feature-flags/new_checkout off`.
    public var what: String
    /// Per environment: what really happened.
    public var lines: [String]
    /// False when AppConfig could not be asked: it stays unfinished and is checked again
    /// next time.
    public var settled: Bool

    public var summary: String {
        "an interrupted toggle (\(operation), \(actor), \(UTCDate.formatMinute(startedAt)) UTC: \(what)) "
            + (settled ? "was checked against AppConfig:" : "could not be checked yet:")
    }
}

/// On the next start of `flagdeck` or `flagdeck toggle`, finds toggles whose journal has
/// an intent but no end (flagdeck was killed between writes) and asks AppConfig what
/// really happened, by the operation id stamped into their version labels and deployment
/// descriptions. What it finds is journaled, and the toggle is closed.
public struct ToggleRecovery: Sendable {
    public var clients: AppConfigClients
    public var store: FleetStore

    public init(clients: AppConfigClients, store: FleetStore) {
        self.clients = clients
        self.store = store
    }

    public func recover() async -> [RecoveredToggle] {
        guard let intents = try? await store.unfinished(action: ToggleJournal.intentAction, endAction: ToggleJournal.endAction)
        else { return [] }
        var recovered: [RecoveredToggle] = []
        for intent in intents {
            guard let data = intent.details, let details = try? JSONDecoder().decode(JournalDetails.self, from: data),
                  let operation = details.operation else { continue }
            recovered.append(await recover(intent, details, operation: operation))
        }
        return recovered
    }

    private func recover(_ intent: JournalEntry, _ details: JournalDetails, operation: String) async -> RecoveredToggle {
        var lines: [String] = []
        var settled = true
        let writer = JournalWriter(journal: store)
        for write in details.plan ?? [] {
            let found: String
            do {
                found = try await look(write, operation: operation)
            } catch {
                settled = false
                lines.append("\(write.environment): cannot ask AppConfig: \(ErrorText.describe(error))")
                continue
            }
            lines.append("\(write.environment): \(found)")
            _ = await writer.write(action: ToggleJournal.stepAction, target: write.environment, result: "reconciled",
                                   actor: intent.actor, at: Date(),
                                   details: JournalDetails(operation: operation, flag: details.flag, value: details.value,
                                                           profile: write.profile, baseVersion: write.baseVersion,
                                                           reason: details.reason, message: "after an interruption: " + found))
        }
        if settled {
            _ = await writer.write(action: ToggleJournal.endAction, target: details.flag ?? intent.target, result: "reconciled",
                                   actor: intent.actor, at: Date(),
                                   details: JournalDetails(operation: operation, flag: details.flag, value: details.value,
                                                           message: lines.joined(separator: "; ")))
        }
        return RecoveredToggle(operation: operation, actor: intent.actor, startedAt: intent.at,
                               what: [details.flag, details.value].compactMap { $0 }.joined(separator: " "),
                               lines: lines, settled: settled)
    }

    private func look(_ write: PlannedWrite, operation: String) async throws -> String {
        let parts = write.environment.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard parts.count >= 4 else { return "unknown environment \(write.environment)" }
        let environment = EnvironmentID(accountName: parts[0], accountId: "", region: parts[1], applicationName: parts[2],
                                        environmentName: parts[3...].joined(separator: "/"))
        let reconciler = WriteReconciler(client: try clients.client(for: environment))
        let version = try await reconciler.version(applicationId: write.applicationId, profileId: write.profileId,
                                                   label: write.versionLabel)
        let deployment = try await reconciler.deployment(applicationId: write.applicationId, environmentId: write.environmentId,
                                                         operation: operation)
        switch (version, deployment) {
        case (_, let d?):
            return "deployment \(d.deploymentNumber) of version \(d.configurationVersion ?? "?") was started (\(d.state?.rawValue ?? "?"))"
        case (let v?, nil):
            return "version \(v) was created but not deployed: nothing changed for clients"
        case (nil, nil):
            return "nothing was written"
        }
    }
}
