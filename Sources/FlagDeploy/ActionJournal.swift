import FleetStore
import Foundation
import Logging

/// Where actions are recorded. FleetStore in the app; tests may collect in memory.
public protocol ActionJournal: Sendable {
    func record(_ entry: JournalEntry) async throws
}

extension FleetStore: ActionJournal {
    public func record(_ entry: JournalEntry) async throws {
        try await appendJournal(entry)
    }
}

/// The specifics of one journal entry, stored as its details JSON.
struct JournalDetails: Codable, Sendable {
    /// The toggle's operation id: ties its intent, step results and end together.
    var operation: String?
    /// In an intent: every write the plan will make, to find them again after a crash.
    var plan: [PlannedWrite]?
    var flag: String?
    var value: String?
    var profile: String?
    var baseVersion: Int?
    var latestKnownVersion: Int?
    var newVersion: Int?
    var deploymentNumber: Int?
    var strategy: String?
    var reason: String?
    var message: String?
}

/// One environment of a plan, as the intent records it.
struct PlannedWrite: Codable, Sendable, Hashable {
    var environment: String
    var applicationId: String
    var environmentId: String
    var profileId: String
    var profile: String
    var baseVersion: Int
    var versionLabel: String
    var strategy: String
}

/// Appends entries without letting a journal failure undo or hide the action itself:
/// the failure is logged and returned to be shown next to the result.
struct JournalWriter: Sendable {
    let journal: (any ActionJournal)?

    func write(action: String, target: String, result: String, actor: String, at: Date,
               details: JournalDetails) async -> String? {
        guard let journal else { return nil }
        do {
            try await journal.record(try JournalEntry(at: at, actor: actor, action: action, target: target,
                                                      result: result, encoding: details))
            return nil
        } catch {
            let problem = "journal not written for \(action) \(target): \(ErrorText.describe(error))"
            Logger(label: "flagdeck.deploy").error("\(problem)")
            return problem
        }
    }
}
