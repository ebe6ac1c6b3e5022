@testable import FlagDeck
@testable import FlagDeckRuntime
import FlagModel
import FleetScanner
import FleetStore
import Foundation
import Testing

@Suite("The dashboard's scans and decisions")
struct FleetEffectsTests {
    func effects(_ fleet: RuntimeFleet, store: FleetStore?) -> FleetEffects {
        let toggles = ToggleEffects(configuration: fleet.configuration(), environment: fleet.environment, readOnly: true,
                                    transport: fleet.transport, journal: store)
        return FleetEffects(scanner: fleet.scanner(), store: store, refreshSeconds: 3600, toggles: toggles)
    }

    @Test("refresh scans the fleet, posts the result, keeps the snapshot and reloads the journal")
    func refresh() async throws {
        try await RuntimeFleet.with { fleet in
            let inbox = Inbox()
            effects(fleet, store: fleet.store).handle(.refresh, mailbox: inbox.mailbox)
            let result = try await inbox.wait(for: "scanFinished") { if case .scanFinished(let r) = $0 { r } else { nil } }
            #expect(result.errors.isEmpty, "\(result.errors)")
            let row = try #require(result.snapshot.rows.first { $0.flag == RuntimeFleet.flag })
            #expect(row.cells.contains { $0.environment.environmentName == "staging" })
            _ = try await inbox.wait(for: "journalLoaded") { if case .journalLoaded = $0 { true } else { nil } }
            if case .scanStarted = inbox.seen.first {} else { Issue.record("first message: \(inbox.seen.first.map(Inbox.name) ?? "none")") }

            let stored = try #require(try await fleet.store.latestSnapshot())
            #expect(stored.snapshot.rows.contains { $0.flag == RuntimeFleet.flag })
            #expect(await SnapshotHistory.earlier(in: fleet.store)?.snapshot == stored.snapshot)
        }
    }

    @Test("a scan of another moment is shown but not kept")
    func travelIsNotStored() async throws {
        try await RuntimeFleet.with { fleet in
            let inbox = Inbox()
            effects(fleet, store: fleet.store).handle(.travel(RuntimeFleet.now.addingTimeInterval(3600)), mailbox: inbox.mailbox)
            let result = try await inbox.wait(for: "scanFinished") { if case .scanFinished(let r) = $0 { r } else { nil } }
            #expect(result.snapshot.rows.contains { $0.flag == RuntimeFleet.flag })
            _ = try await inbox.wait(for: "journalLoaded") { if case .journalLoaded = $0 { true } else { nil } }
            #expect(try await fleet.store.latestSnapshot() == nil)
        }
    }

    @Test("start shows the stored snapshot at once, then the decisions, then a fresh scan")
    func startFromStoredSnapshot() async throws {
        try await RuntimeFleet.with { fleet in
            // A first scan, kept in the store.
            let first = await fleet.scanner().scan()
            await SnapshotHistory.save(first, in: fleet.store)

            let inbox = Inbox()
            effects(fleet, store: fleet.store).start(mailbox: inbox.mailbox)
            _ = try await inbox.wait(for: "a fresh scan") { msg -> Bool? in
                if case .scanStarted = msg { true } else { nil }
            }
            _ = try await inbox.wait(for: "the journal after the fresh scan") { _ -> Bool? in
                let started = inbox.seen.firstIndex { if case .scanStarted = $0 { true } else { false } } ?? Int.max
                return inbox.seen.indices.contains { i in
                    if case .journalLoaded = inbox.seen[i], i > started { true } else { false }
                } ? true : nil
            }
            guard case .scanFinished(let shown) = inbox.seen.first else {
                Issue.record("first message: \(inbox.seen.first.map(Inbox.name) ?? "none")")
                return
            }
            #expect(shown.snapshot == first.snapshot)
            #expect(inbox.seen.contains { if case .decisionsLoaded = $0 { true } else { false } })
        }
    }

    @Test("a decision is recorded, the decisions reloaded, and a permanent one judges the fleet again")
    func recordDecision() async throws {
        try await RuntimeFleet.with { fleet in
            let inbox = Inbox()
            effects(fleet, store: fleet.store).handle(
                .recordDecision(DecisionRequest(flag: RuntimeFleet.flag, choice: .permanent, values: ["kill switch"], ticks: [])),
                mailbox: inbox.mailbox)
            let text = try await inbox.wait(for: "decisionRecorded") { if case .decisionRecorded(let t) = $0 { t } else { nil } }
            #expect(text.contains("new_checkout"))
            let infos = try await inbox.wait(for: "decisionsLoaded") { if case .decisionsLoaded(let i) = $0 { i } else { nil } }
            #expect(infos[RuntimeFleet.flag]?.text == "permanent")
            let result = try await inbox.wait(for: "scanFinished") { if case .scanFinished(let r) = $0 { r } else { nil } }
            #expect(result.snapshot.rows.contains { $0.flag == RuntimeFleet.flag })
        }
    }

    @Test("without a store, a decision fails with the reason")
    func decisionWithoutStore() async throws {
        try await RuntimeFleet.with { fleet in
            let inbox = Inbox()
            effects(fleet, store: nil).handle(
                .recordDecision(DecisionRequest(flag: RuntimeFleet.flag, choice: .permanent, values: [""], ticks: [])),
                mailbox: inbox.mailbox)
            let reason = try await inbox.wait(for: "decisionFailed") { if case .decisionFailed(let r) = $0 { r } else { nil } }
            #expect(reason == "no state directory: decisions cannot be stored")
        }
    }

    @Test("one scan at a time")
    func gate() async {
        let gate = ScanGate()
        #expect(await gate.begin())
        #expect(await !gate.begin())
        await gate.end()
        #expect(await gate.begin())
    }

    @Test("progress reaches the UI a few times a second, and always at the end")
    func throttle() {
        let throttle = ProgressThrottle()
        #expect(throttle.shouldReport(ScanProgress(done: 1, total: 10, current: "alpha/us-east-1")))
        #expect(!throttle.shouldReport(ScanProgress(done: 2, total: 10, current: "alpha/us-east-1")))
        #expect(throttle.shouldReport(ScanProgress(done: 10, total: 10, current: "beta/us-east-1")))
    }

    @Test("no stored snapshot, nothing earlier")
    func noHistory() async throws {
        #expect(await SnapshotHistory.earlier(in: nil) == nil)
        try await withStore { store in
            #expect(await SnapshotHistory.earlier(in: store) == nil)
        }
    }
}
