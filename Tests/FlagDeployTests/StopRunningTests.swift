import AppConfigClient
import FlagDeploy
import FlagModel
import Foundation
import Testing

/// "Stop it, then deploy": an environment busy with a rollout is no dead end when the
/// operator chooses so for that environment, and only for that one.
@Suite(.serialized) struct StopRunningTests {
    /// prod gets a slow LINEAR rollout of version 2 (dark mode on) that is still running.
    func startSlowRollout(_ fleet: Fleet) async throws -> Int {
        let strategy = try await fleet.client.createDeploymentStrategy(name: "Slow", deploymentDurationInMinutes: 20,
                                                                       growthFactor: 20, growthType: .linear,
                                                                       finalBakeTimeInMinutes: 0)
        let theirs = Fleet.flags.replacingOccurrences(of: #""dark_mode": {"enabled": false}"#, with: #""dark_mode": {"enabled": true}"#)
        let v2 = try await fleet.client.createHostedConfigurationVersion(applicationId: fleet.applicationId, profileId: fleet.profileId,
                                                                         content: Data(theirs.utf8), description: "bob: dark mode")
        let d = try await fleet.client.startDeployment(applicationId: fleet.applicationId, environmentId: fleet.environmentIds["prod"]!,
                                                       profileId: fleet.profileId, configurationVersion: String(v2.versionNumber),
                                                       strategyId: strategy.id)
        return d.deploymentNumber
    }

    @Test func stopRunningRollsBackThenDeploys() async throws {
        try await Fleet.with { fleet in
            let running = try await startSlowRollout(fleet)
            var request = Fleet.request()
            request.stopRunning = [fleet.environment("prod")]
            let plan = try await fleet.plan(request)
            let prodStep = try #require(plan.steps.first { $0.environment.environmentName == "prod" })
            #expect(prodStep.stopFirst?.deploymentNumber == running)
            #expect(plan.lines().contains { $0.contains("STOP FIRST: deployment \(running)") && $0.contains("version 2")
                && $0.contains("return to version 1") })
            #expect(!plan.warnings.contains { $0.contains("deployment \(running)") }, "chosen, so no longer a warning")

            let report = await fleet.executor().execute(plan)
            #expect(report.allStarted, "\(report.results.map(\.line))")
            let prod = try await fleet.deployments("prod").sorted { $0.deploymentNumber < $1.deploymentNumber }
            #expect(prod.map { $0.state?.rawValue } == ["COMPLETE", "ROLLED_BACK", "BAKING"])
            // The new version is built from what was deployed (1), not from the stopped 2.
            #expect(prod.last?.configurationVersion == "3")
            let served = try await fleet.document(3)
            #expect(served.value("new_checkout")?.json["enabled"] == .bool(false))
            #expect(served.value("dark_mode")?.json["enabled"] == .bool(false))
            let journal = try await fleet.store.journal().reversed().map(\.action)
            #expect(journal == ["toggle-intent", "stop-deployment", "toggle", "toggle", "toggle-end"])
        }
    }

    @Test func withoutTheChoiceTheBusyEnvironmentIsLeftAlone() async throws {
        try await Fleet.with { fleet in
            let running = try await startSlowRollout(fleet)
            let plan = try await fleet.plan(Fleet.request())
            #expect(plan.lines().contains { $0.contains("BUSY: deployment \(running)") && $0.contains("s: stop it, then deploy") })
            let report = await fleet.executor().execute(plan)
            let prod = try #require(report.results.first { $0.environment.environmentName == "prod" })
            guard case .deploymentInProgress(let r, _) = prod.outcome else {
                Issue.record("expected the running deployment to be reported, got \(prod.line)")
                return
            }
            #expect(r.deploymentNumber == running)
            #expect(try await fleet.deployments("prod").first { $0.deploymentNumber == running }?.state?.rawValue == "DEPLOYING")
        }
    }
}
