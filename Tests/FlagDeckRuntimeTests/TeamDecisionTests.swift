@testable import FlagDeck
@testable import FlagDeckRuntime
import FlagModel
import FleetStore
import Foundation
import TeamStore
import Testing

/// Two laptops, one team store: a decision taken on one shows on the other, with its author,
/// and nothing is counted twice. Needs the private cluster scripts/test.sh starts.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["FLAGDECK_TEST_POSTGRES"] != nil,
                "needs FLAGDECK_TEST_POSTGRES (scripts/test.sh starts a private cluster)"))
struct TeamDecisionTests {
    /// A flag of this run's own: the team store is shared with other tests.
    let flag = FlagID(application: "checkout", profile: "flags", key: "new_checkout_" + UUID().uuidString.prefix(8).lowercased())

    @Test func aDecisionOnOneLaptopShowsOnTheOtherOnce() async throws {
        let team = try await testTeamStore()
        defer { team.close() }
        try await withStore { alicesLaptop in
            try await withStore { bobsLaptop in
                let alice = DecisionEffects(store: alicesLaptop, team: team)
                let bob = DecisionEffects(store: bobsLaptop, team: team)
                _ = try await alice.record(DecisionRequest(flag: flag, choice: .retire, values: ["alice", "2099-12-31", "done"], ticks: []))
                let seenByBob = try #require(try await bob.load().infos[flag])
                #expect(seenByBob.text == "retire → alice by 2099-12-31", "the owner typed in; the author is the OS user")
                #expect(seenByBob.history.count == 1 && seenByBob.history[0].contains(FleetStore.currentUser()))
                // Alice sees hers once, not once from her laptop and once from the team.
                #expect(try await alice.load().infos[flag]?.history.count == 1)
                // Copying her laptop's store later adds nothing: the team has it already.
                let copy = try await LocalStoreCopy(source: alicesLaptop, target: team).run()
                #expect(copy.decisions.copied == 0 && copy.decisions.present >= 1)
                _ = try await bob.record(DecisionRequest(flag: flag, choice: .keepUntil, values: ["2099-06-30", "promo"], ticks: []))
                let seenByAlice = try #require(try await alice.load().infos[flag])
                #expect(seenByAlice.text.hasPrefix("keep") && seenByAlice.history.count == 2)
            }
        }
    }

    @Test func aToggleJournalEntryReachesTheTeamAndIsCopiedOnce() async throws {
        let team = try await testTeamStore()
        defer { team.close() }
        try await withStore { laptop in
            let target = "payments-prod/us-east-1/checkout/prod-\(flag.key)"
            let entry = JournalEntry(actor: "oncall", action: "toggle", target: target, result: "started", details: Data(#"{"reason":"INC-9"}"#.utf8))
            try await TeamJournal(local: laptop, team: team).record(entry)
            #expect(try await laptop.journal().contains { $0.target == target })
            let shared = try await team.journal(limit: 5000).filter { $0.target == target }
            #expect(shared.count == 1 && shared[0].actor == "oncall")
            let copy = try await LocalStoreCopy(source: laptop, target: team).run()
            #expect(copy.journal.copied == 0 && copy.journal.present == 1)
        }
    }
}
