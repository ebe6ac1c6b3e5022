import AppConfigClient
@testable import AppConfigEmulator
import FlagDeploy
import FlagModel
import Foundation
import Testing

/// `toggle --wait --timeout`: waiting ends with the last known state, and polls that fail
/// are counted, not retried forever.
@Suite(.serialized) struct WaitTests {
    @Test func waitingGivesUpAtTheTimeoutWithTheLastKnownState() async throws {
        try await Fleet.with { fleet in
            let strategy = try await fleet.client.createDeploymentStrategy(name: "Slow", deploymentDurationInMinutes: 20,
                                                                           growthFactor: 20, growthType: .linear,
                                                                           finalBakeTimeInMinutes: 0)
            let report = await fleet.executor().execute(try await fleet.plan(Fleet.request(strategy: .id(strategy.id)),
                                                                               in: ["prod"]))
            // The emulator's clock is frozen: the rollout never ends.
            let watcher = DeploymentWatcher(clients: fleet.clients, interval: .milliseconds(100))
            let start = ContinuousClock.now
            let result = await watcher.wait(report.started, timeout: .seconds(1))
            #expect(ContinuousClock.now - start < .seconds(5))
            #expect(result.timedOut)
            #expect(result.last.map(\.state) == ["DEPLOYING"])
            #expect(result.failedPolls.isEmpty)

            // GetDeployment failing every time: counted per deployment, and still bounded.
            fleet.emulator.setFaults(FaultConfig(operations: ["GetDeployment": OperationFault(failures: 1000, status: 500)]))
            let failing = await watcher.wait(report.started, timeout: .seconds(1))
            #expect(failing.timedOut)
            #expect((failing.failedPolls[report.started[0]] ?? 0) >= 2)
            #expect(failing.last.first?.error?.contains("InternalServerException") == true)
        }
    }

    @Test func finishedDeploymentsEndTheWaitAtOnce() async throws {
        try await Fleet.with { fleet in
            let report = await fleet.executor().execute(try await fleet.plan(Fleet.request(), in: ["prod"]))
            fleet.emulator.clock.advance(by: 3600)
            let result = await DeploymentWatcher(clients: fleet.clients, interval: .milliseconds(100))
                .wait(report.started, timeout: .seconds(30))
            #expect(!result.timedOut)
            #expect(result.last.map(\.state) == ["COMPLETE"])
        }
    }
}
