import AppConfigClient
@testable import AppConfigEmulator
@testable import FlagDeploy
import FlagModel
import FleetStore
import Foundation
import Testing

/// Chaos: for each write step in turn, the emulator carries out the request and closes
/// the connection without answering (or fails it unapplied). The toggle must still end
/// with exactly one new version per base version, exactly one new deployment per
/// environment, the right outcome and a truthful journal.
@Suite(.serialized) struct LostResponseTests {
    func faults(_ fleet: Fleet, _ operation: String, _ fault: OperationFault) {
        fleet.emulator.setFaults(FaultConfig(operations: [operation: fault]))
    }

    /// Journal actions in the order written, and the toggle's steps.
    func journal(_ fleet: Fleet) async throws -> [JournalEntry] {
        try await fleet.store.journal().reversed()
    }

    func expectExactlyOneNewDeploymentEach(_ fleet: Fleet, version: Int) async throws {
        for name in ["prod", "prod-canary"] {
            let deployments = try await fleet.deployments(name)
            #expect(deployments.count == 2, "\(name): the first deployment and exactly one of ours")
            #expect(deployments.max { $0.deploymentNumber < $1.deploymentNumber }?.configurationVersion == String(version))
        }
    }

    @Test(arguments: [1, 2])
    func lostAnswerToCreateVersionIsFoundByItsLabel(lost: Int) async throws {
        try await Fleet.with { fleet in
            let plan = try await fleet.plan(Fleet.request())
            faults(fleet, "CreateHostedConfigurationVersion", OperationFault(lostResponses: lost))
            let report = await fleet.executor().execute(plan)
            #expect(report.allStarted, "\(report.results.map(\.line))")
            #expect(try await fleet.versions() == [1, 2], "exactly one new version: not a conflict with ourselves")
            try await expectExactlyOneNewDeploymentEach(fleet, version: 2)
            #expect(report.results.allSatisfy { $0.notes.contains { $0.contains("answer to creating version 2 was lost") } })
            let entries = try await journal(fleet)
            #expect(entries.map(\.action) == ["toggle-intent", "toggle", "toggle", "toggle-end"])
            #expect(entries.last?.result == "ok")
        }
    }

    @Test func lostAnswersToStartDeploymentAreFoundByTheirDescription() async throws {
        try await Fleet.with { fleet in
            let plan = try await fleet.plan(Fleet.request())
            // Both environments' StartDeployment take effect and go unanswered.
            faults(fleet, "StartDeployment", OperationFault(lostResponses: 2))
            let report = await fleet.executor().execute(plan)
            #expect(report.allStarted, "\(report.results.map(\.line))")
            #expect(try await fleet.versions() == [1, 2])
            try await expectExactlyOneNewDeploymentEach(fleet, version: 2)
            #expect(report.results.allSatisfy { $0.notes.contains { $0.contains("answer to starting deployment 2 was lost") } })
            let steps = try await journal(fleet).filter { $0.action == "toggle" }
            #expect(steps.count == 2 && steps.allSatisfy { $0.result == "started" })
            let details = try #require(steps.first?.details)
            let json = try #require(try JSONSerialization.jsonObject(with: details) as? [String: Any])
            #expect(json["deploymentNumber"] as? Int == 2)
            #expect((json["message"] as? String)?.contains("was lost") == true)
        }
    }

    @Test func unappliedFailuresAreSentAgainOnce() async throws {
        try await Fleet.with { fleet in
            let plan = try await fleet.plan(Fleet.request())
            fleet.emulator.setFaults(FaultConfig(operations: [
                "CreateHostedConfigurationVersion": OperationFault(failures: 1, status: 500),
                "StartDeployment": OperationFault(failures: 2, status: 503),
            ]))
            let report = await fleet.executor().execute(plan)
            #expect(report.allStarted, "\(report.results.map(\.line))")
            #expect(try await fleet.versions() == [1, 2])
            try await expectExactlyOneNewDeploymentEach(fleet, version: 2)
        }
    }

    @Test func failuresThatOutlastTheAttemptsAreReportedNotHidden() async throws {
        try await Fleet.with { fleet in
            let plan = try await fleet.plan(Fleet.request())
            faults(fleet, "StartDeployment", OperationFault(failures: 10, status: 500))
            let report = await fleet.executor().execute(plan)
            #expect(!report.allStarted)
            #expect(report.results.allSatisfy {
                if case .failed(let why, let created) = $0.outcome { return created == 2 && why.contains("InternalServerException") }
                return false
            })
            #expect(try await fleet.versions() == [1, 2], "the version stands, once")
            for name in ["prod", "prod-canary"] { #expect(try await fleet.deployments(name).count == 1) }
            let entries = try await journal(fleet)
            #expect(entries.last?.action == "toggle-end")
            #expect(entries.last?.result == "partial")
        }
    }

    @Test func lostAnswerToStopDeploymentIsReadBackFromTheDeployment() async throws {
        try await Fleet.with { fleet in
            // A slow rollout to stop.
            let strategy = try await fleet.client.createDeploymentStrategy(name: "Slow", deploymentDurationInMinutes: 20,
                                                                           growthFactor: 20, growthType: .linear,
                                                                           finalBakeTimeInMinutes: 0)
            let report = await fleet.executor().execute(try await fleet.plan(Fleet.request(strategy: .id(strategy.id)),
                                                                               in: ["prod"]))
            let ref = try #require(report.started.first)
            faults(fleet, "StopDeployment", OperationFault(lostResponses: 1))
            let outcome = await DeploymentControl(clients: fleet.clients, journal: fleet.store).stop(ref, reason: "chaos")
            guard case .done(let status) = outcome else {
                Issue.record("expected the stop to be found, got \(outcome.text)")
                return
            }
            #expect(status.state == "ROLLED_BACK" || status.state == "ROLLING_BACK")
            let d = try await fleet.client.getDeployment(applicationId: fleet.applicationId,
                                                         environmentId: fleet.environmentIds["prod"]!,
                                                         deploymentNumber: ref.deploymentNumber)
            #expect(d.state?.rawValue == "ROLLED_BACK")
        }
    }

    @Test func anInterruptedToggleIsReconciledOnTheNextStart() async throws {
        try await Fleet.with { fleet in
            let plan = try await fleet.plan(Fleet.request())
            // flagdeck wrote its intent and created the version, then died before deploying.
            _ = await ToggleJournal(journal: fleet.store, plan: plan).intent()
            let version = plan.versions[0]
            _ = try await fleet.client.createHostedConfigurationVersion(
                applicationId: fleet.applicationId, profileId: fleet.profileId, content: Data(version.content.utf8),
                description: version.description, versionLabel: version.versionLabel, latestVersionNumber: 1)

            let recovered = await ToggleRecovery(clients: fleet.clients, store: fleet.store).recover()
            #expect(recovered.count == 1)
            let toggle = try #require(recovered.first)
            #expect(toggle.settled)
            #expect(toggle.operation == plan.request.operationId)
            #expect(toggle.lines.count == 2)
            #expect(toggle.lines.allSatisfy { $0.contains("version 2 was created but not deployed") })

            // Journaled, and closed: the next start finds nothing to reconcile.
            let entries = try await journal(fleet)
            #expect(entries.map(\.action) == ["toggle-intent", "toggle", "toggle", "toggle-end"])
            #expect(entries.dropFirst().allSatisfy { $0.result == "reconciled" })
            #expect(await ToggleRecovery(clients: fleet.clients, store: fleet.store).recover().isEmpty)
        }
    }

    @Test func aDeploymentStartedBeforeTheCrashIsFound() async throws {
        try await Fleet.with { fleet in
            let plan = try await fleet.plan(Fleet.request(), in: ["prod"])
            _ = await ToggleJournal(journal: fleet.store, plan: plan).intent()
            let version = plan.versions[0]
            let made = try await fleet.client.createHostedConfigurationVersion(
                applicationId: fleet.applicationId, profileId: fleet.profileId, content: Data(version.content.utf8),
                description: version.description, versionLabel: version.versionLabel, latestVersionNumber: 1)
            let step = plan.steps[0]
            _ = try await fleet.client.startDeployment(applicationId: fleet.applicationId, environmentId: step.target.environmentId,
                                                       profileId: fleet.profileId, configurationVersion: String(made.versionNumber),
                                                       strategyId: "AppConfig.AllAtOnce", description: step.deploymentDescription)
            let recovered = await ToggleRecovery(clients: fleet.clients, store: fleet.store).recover()
            #expect(recovered.first?.lines == ["\(fleet.environment("prod")): deployment 2 of version 2 was started (BAKING)"])
        }
    }
}
