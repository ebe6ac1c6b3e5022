import AppConfigClient
import FlagDeploy
import FlagModel
import FleetStore
import Foundation
import Testing

@Suite(.serialized) struct ToggleExecutorTests {
    @Test func disableInTwoProductionEnvironments() async throws {
        try await Fleet.with { fleet in
            let plan = try await fleet.plan(Fleet.request())
            #expect(plan.steps.count == 2)
            #expect(plan.versions.count == 1, "both environments deploy version 1: one new version")
            #expect(plan.needsDeliberateConfirmation)
            #expect(plan.steps.allSatisfy { $0.diffLine == "values.new_checkout.enabled: true → false" })

            let report = await fleet.executor().execute(plan)
            #expect(report.allStarted, "\(report.results.map(\.line))")
            #expect(report.createdVersions == [0: 2])
            #expect(try await fleet.versions() == [1, 2])

            // Exactly one value changed between what was deployed and the new version.
            let before = try await fleet.document(1)
            let after = try await fleet.document(2)
            let expected = withoutStamps(before).replacingOccurrences(
                of: #""new_checkout":{"enabled":true}"#, with: #""new_checkout":{"enabled":false}"#)
            #expect(withoutStamps(after) == expected)
            #expect(withoutStamps(after) != withoutStamps(before))

            for name in ["prod", "prod-canary"] {
                let latest = try #require(try await fleet.deployments(name).max { $0.deploymentNumber < $1.deploymentNumber })
                #expect(latest.configurationVersion == "2")
                let d = try await fleet.client.getDeployment(applicationId: fleet.applicationId,
                                                             environmentId: fleet.environmentIds[name]!,
                                                             deploymentNumber: latest.deploymentNumber)
                #expect(d.deploymentStrategyId == "AppConfig.AllAtOnce")
                #expect(d.description?.hasPrefix("flagdeck: oncall: new_checkout off: INC-7") == true)
            }
            let v2 = try await fleet.client.getHostedConfigurationVersion(
                applicationId: fleet.applicationId, profileId: fleet.profileId, versionNumber: 2)
            #expect(v2.description == "flagdeck: oncall: values.new_checkout.enabled: true -> false (from version 1): INC-7 checkout errors")
            #expect(v2.versionLabel?.hasPrefix("flagdeck.oncall.") == true)

            // The intent before the first write, one entry per environment, then the end.
            let all = try await fleet.store.journal().reversed()
            #expect(all.map(\.action) == ["toggle-intent", "toggle", "toggle", "toggle-end"])
            #expect(all.allSatisfy { $0.actor == "oncall" })
            let journal = all.filter { $0.action == "toggle" }
            #expect(Set(journal.map(\.target)) == Set(["prod", "prod-canary"].map { fleet.environment($0).description }))
            #expect(journal.allSatisfy { $0.result == "started" })
            let details = try #require(journal.first?.details)
            let json = try #require(try JSONSerialization.jsonObject(with: details) as? [String: Any])
            #expect(json["flag"] as? String == "checkout/feature-flags/new_checkout")
            #expect(json["value"] as? String == "off")
            #expect(json["baseVersion"] as? Int == 1)
            #expect(json["newVersion"] as? Int == 2)
            #expect(json["deploymentNumber"] as? Int == 2)
            #expect(json["strategy"] as? String == "AppConfig.AllAtOnce")
        }
    }

    @Test func aVersionCreatedMeanwhileIsAConflictAndNothingIsOverwritten() async throws {
        try await Fleet.with { fleet in
            let plan = try await fleet.plan(Fleet.request())
            // Someone else turns dark_mode on between the confirmation dialog and the key press.
            let theirs = Fleet.flags.replacingOccurrences(of: #""dark_mode": {"enabled": false}"#,
                                                          with: #""dark_mode": {"enabled": true}"#)
            let other = try await fleet.client.createHostedConfigurationVersion(
                applicationId: fleet.applicationId, profileId: fleet.profileId, content: Data(theirs.utf8),
                description: "bob: dark mode for everyone", latestVersionNumber: 1)
            #expect(other.versionNumber == 2)

            let report = await fleet.executor().execute(plan)
            #expect(report.needsReplan)
            #expect(report.createdVersions.isEmpty)
            for result in report.results {
                guard case .conflict(let c) = result.outcome else {
                    Issue.record("expected a conflict, got \(result.line)")
                    continue
                }
                #expect(c.expectedLatest == 1 && c.actualLatest == 2)
                #expect(c.actualLatestDescription == "bob: dark mode for everyone")
                #expect(c.changes.map(\.description) == ["dark_mode: off → on"])
                #expect(result.line.contains("Nothing was written"))
            }
            // The other person's version is still the latest and nothing was deployed.
            #expect(try await fleet.versions() == [1, 2])
            #expect(withoutStamps(try await fleet.document(2)).contains(#""dark_mode":{"enabled":true}"#))
            #expect(try await fleet.deployments("prod").count == 1)
            #expect(try await fleet.deployments("prod-canary").count == 1)
            #expect(try await fleet.store.journal().filter { $0.action == "toggle" }.map(\.result) == ["conflict", "conflict"])
        }
    }

    @Test func aRunningDeploymentIsReportedAndTheOtherEnvironmentStillDeploys() async throws {
        try await Fleet.with { fleet in
            let plan = try await fleet.plan(Fleet.request())
            // A slow deployment of the same version starts in prod after the plan was made.
            let running = try await fleet.client.startDeployment(
                applicationId: fleet.applicationId, environmentId: fleet.environmentIds["prod"]!,
                profileId: fleet.profileId, configurationVersion: "1",
                strategyId: "AppConfig.Linear20PercentEvery6Minutes")

            let report = await fleet.executor().execute(plan)
            #expect(!report.allStarted && report.needsReplan)
            guard case .deploymentInProgress(let info, let ref) = report.results[0].outcome else {
                Issue.record("expected deploymentInProgress, got \(report.results[0].line)")
                return
            }
            #expect(info.deploymentNumber == running.deploymentNumber)
            #expect(ref.deploymentNumber == running.deploymentNumber)
            #expect(report.results[0].outcome.deployment == ref)
            #expect(info.state == "DEPLOYING")
            #expect(report.results[0].line.contains("deployment \(running.deploymentNumber)"))
            #expect(report.results[0].line.contains("wait for it or stop it"))
            #expect(report.results[1].outcome.isStarted, "partial failure leaves the others done")
        }
    }

    @Test func aDeploymentAfterThePlanIsABaseChange() async throws {
        try await Fleet.with { fleet in
            let plan = try await fleet.plan(Fleet.request(), in: ["prod"])
            let v2 = try await fleet.client.createHostedConfigurationVersion(
                applicationId: fleet.applicationId, profileId: fleet.profileId, content: Data(Fleet.flags.utf8),
                latestVersionNumber: 1)
            _ = try await fleet.client.startDeployment(applicationId: fleet.applicationId,
                                                       environmentId: fleet.environmentIds["prod"]!,
                                                       profileId: fleet.profileId, configurationVersion: String(v2.versionNumber))
            fleet.emulator.clock.advance(by: 3600)
            let report = await fleet.executor().execute(plan)
            #expect(report.results.first?.outcome == .baseChanged(planned: 1, deployedNow: 2))
            #expect(try await fleet.versions() == [1, 2])
        }
    }

    @Test func readOnlyRefusesBeforeWriting() async throws {
        try await Fleet.with(readOnly: true) { fleet in
            let plan = try await fleet.plan(Fleet.request())
            #expect(plan.hasWork, "planning only reads, so it works in read-only mode")
            let report = await fleet.executor().execute(plan)
            for result in report.results {
                guard case .refused(let why) = result.outcome else {
                    Issue.record("expected a refusal, got \(result.line)")
                    continue
                }
                #expect(why.hasPrefix("read-only mode: refusing to send POST"), "AWSCore's guard, said plainly")
            }
            #expect(try await fleet.versions() == [1])
            #expect(fleet.emulator.operationCounts["CreateHostedConfigurationVersion"] == 1, "only the fixture's")
            #expect(try await fleet.store.journal().filter { $0.action == "toggle" }.map(\.result) == ["refused", "refused"])
        }
    }
}
