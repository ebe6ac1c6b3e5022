import AppConfigClient
import AppConfigEmulator
import FlagDeploy
import FlagModel
import Foundation
import Testing

@Suite(.serialized) struct DeploymentControlTests {
    /// Disables new_checkout in prod with `strategy` and returns the started deployment.
    func toggle(_ fleet: Fleet, strategy: StrategyChoice) async throws -> DeploymentRef {
        let plan = try await fleet.plan(Fleet.request(strategy: strategy), in: ["prod"])
        let report = await fleet.executor().execute(plan)
        return try #require(report.started.first, "\(report.results.map(\.line))")
    }

    @Test func stoppingARunningDeploymentRollsItBack() async throws {
        try await Fleet.with { fleet in
            let ref = try await toggle(fleet, strategy: .id("AppConfig.Linear20PercentEvery6Minutes"))
            fleet.emulator.clock.advance(by: 7 * 60)
            let watcher = DeploymentWatcher(clients: fleet.clients)
            let during = await watcher.status(ref)
            #expect(during.state == "DEPLOYING" && !during.isFinal)

            let control = DeploymentControl(clients: fleet.clients, journal: fleet.store, actor: "oncall")
            let outcome = await control.stop(ref, reason: "error rate up")
            guard case .done(let status) = outcome else {
                Issue.record("stop failed: \(outcome.text)")
                return
            }
            #expect(status.state == "ROLLED_BACK")
            #expect(await watcher.status(ref).state == "ROLLED_BACK")

            let entry = try #require(try await fleet.store.journal().first)
            #expect(entry.action == "stop-deployment" && entry.result == "ROLLED_BACK" && entry.actor == "oncall")
            #expect(entry.target == fleet.environment("prod").description)
        }
    }

    @Test func revertingACompletedDeploymentWithin72Hours() async throws {
        try await Fleet.with { fleet in
            let ref = try await toggle(fleet, strategy: .automatic)
            fleet.emulator.clock.advance(by: 11 * 60)
            let watcher = DeploymentWatcher(clients: fleet.clients)
            let done = await watcher.status(ref)
            #expect(done.state == "COMPLETE")
            #expect(DeploymentControl.canRevert(state: done.state, completedAt: done.completedAt,
                                                now: fleet.emulator.clock.now()))

            let control = DeploymentControl(clients: fleet.clients, journal: fleet.store, actor: "oncall")
            let outcome = await control.revert(ref, reason: "wrong flag")
            guard case .done(let status) = outcome else {
                Issue.record("revert failed: \(outcome.text)")
                return
            }
            #expect(status.state == "REVERTED")
            // Version 1 serves again: the planner would now build from it.
            let loaded = await ToggleTargetLoader(clients: fleet.clients).load(flag: Fleet.flag, environments: [fleet.selector("prod")])
            #expect(loaded.targets.first?.deployed?.number == 1)
            #expect(try await fleet.store.journal().first?.action == "revert-deployment")
        }
    }

    @Test func revertAfter72HoursIsRefusedByTheServiceAndSaidPlainly() async throws {
        try await Fleet.with { fleet in
            let ref = try await toggle(fleet, strategy: .automatic)
            fleet.emulator.clock.advance(by: 73 * 3600)
            #expect(!DeploymentControl.canRevert(state: "COMPLETE", completedAt: Fleet.start.addingTimeInterval(3600),
                                                 now: fleet.emulator.clock.now()))
            let outcome = await DeploymentControl(clients: fleet.clients, journal: fleet.store).revert(ref)
            guard case .failed(let why) = outcome else {
                Issue.record("expected a failure, got \(outcome.text)")
                return
            }
            #expect(why.contains("72 hours"))
            #expect(try await fleet.store.journal().first?.result == "failed")
        }
    }

    /// Virtual time moves 20 s per real 10 ms while the watcher polls every 5 ms.
    static func tick(_ clock: VirtualClock) -> Task<Void, Never> {
        Task {
            while !Task.isCancelled {
                try? await Task.sleep(for: .milliseconds(10))
                clock.advance(by: 20)
            }
        }
    }

    @Test func watchReportsProgressUntilComplete() async throws {
        try await Fleet.with { fleet in
            let ref = try await toggle(fleet, strategy: .id("AppConfig.Linear50PercentEvery30Seconds"))
            let ticker = Self.tick(fleet.emulator.clock)
            defer { ticker.cancel() }
            let watcher = DeploymentWatcher(clients: fleet.clients, interval: .milliseconds(5))
            var seen: [DeploymentStatus] = []
            for await status in watcher.watch([ref]) { seen.append(status) }
            let states = seen.compactMap(\.state)
            #expect(states.last == "COMPLETE")
            #expect(states.contains("DEPLOYING") || states.contains("BAKING"), "\(states)")
            #expect(seen.allSatisfy { $0.error == nil })
        }
    }

    @Test func readOnlyStopIsRefusedByTheGuard() async throws {
        try await Fleet.with(readOnly: true) { fleet in
            let running = try await fleet.client.startDeployment(
                applicationId: fleet.applicationId, environmentId: fleet.environmentIds["prod"]!,
                profileId: fleet.profileId, configurationVersion: "1", strategyId: "AppConfig.Linear20PercentEvery6Minutes")
            let ref = DeploymentRef(environment: fleet.environment("prod"), applicationId: fleet.applicationId,
                                    environmentId: fleet.environmentIds["prod"]!, deploymentNumber: running.deploymentNumber)
            let outcome = await DeploymentControl(clients: fleet.clients, journal: fleet.store).stop(ref)
            guard case .refused(let why) = outcome else {
                Issue.record("expected a refusal, got \(outcome.text)")
                return
            }
            #expect(why.hasPrefix("read-only mode: refusing to send DELETE"))
            #expect(await DeploymentWatcher(clients: fleet.clients).status(ref).state == "DEPLOYING")
            #expect(try await fleet.store.journal().first?.result == "refused")
        }
    }
}
