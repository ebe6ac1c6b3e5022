import FlagDeploy
import FleetStore
import Foundation
import Logging
import TeamStore

/// The journal of a dashboard with a team store: each entry goes to the local store first
/// (crash recovery reads it there), then to the team store, so who toggled what during an
/// incident is not kept only on the laptop that did it. The local write decides success; a
/// team write that fails is logged: while the server is unreachable the entry waits in
/// memory (TeamStore sends it when it answers), else `flagdeck store migrate` copies it.
public struct TeamJournal: ActionJournal {
    let local: FleetStore
    let team: TeamStore

    public init(local: FleetStore, team: TeamStore) {
        self.local = local
        self.team = team
    }

    public func record(_ entry: JournalEntry) async throws {
        try await local.record(entry)
        do {
            try await team.appendJournal(entry)
        } catch let error as TeamStoreError where error.serverUnreachable {
            Logger(label: "flagdeck.teamstore").error("journal entry waits for the team store: \(error)")
        } catch {
            Logger(label: "flagdeck.teamstore").error("journal entry kept on this machine only: \(error)")
        }
    }
}
