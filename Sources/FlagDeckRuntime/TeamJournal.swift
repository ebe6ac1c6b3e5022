import FlagDeploy
import FleetStore
import Foundation
import Logging
import TeamStore

/// The journal of a dashboard with a team store: each entry goes to the local store first
/// (crash recovery reads it there), then to the team store, so who toggled what during an
/// incident is not kept only on the laptop that did it. The local write decides success; a
/// team write that fails is logged, and `flagdeck store migrate` copies the entry later.
struct TeamJournal: ActionJournal {
    let local: FleetStore
    let team: TeamStore

    func record(_ entry: JournalEntry) async throws {
        try await local.record(entry)
        do {
            try await team.appendJournal(entry)
        } catch {
            Logger(label: "flagdeck.teamstore").error("journal entry kept on this machine only: \(error)")
        }
    }
}
