import AWSCore
import AppConfigClient
import FlagDeck
import FlagDeckRuntime
import FlagModel
import Foundation
import Testing

@Suite("The toggle dialog's I/O")
struct ToggleEffectsTests {
    func toggles(_ fleet: RuntimeFleet, brokenProfile: Bool = false) -> ToggleEffects {
        ToggleEffects(configuration: fleet.configuration(brokenProfile: brokenProfile), environment: fleet.environment,
                      readOnly: false, transport: fleet.transport, journal: fleet.store)
    }

    func draft(_ fleet: RuntimeFleet, _ environments: [EnvironmentID]) -> ToggleDraft {
        ToggleDraft(flag: RuntimeFleet.flag, environments: environments, enable: false, strategy: fleet.instantStrategy,
                    reason: "INC-7 checkout errors")
    }

    @Test("a toggle is planned from the deployed version, then deployed and watched to the end, and journalled")
    func planAndExecute() async throws {
        try await RuntimeFleet.with { fleet in
            let effects = toggles(fleet)
            let inbox = Inbox()
            effects.handle(.planToggle(draft(fleet, [fleet.staging])), mailbox: inbox.mailbox)
            let preview = try await inbox.wait(for: "togglePlanned") { if case .togglePlanned(let p) = $0 { p } else { nil } }
            #expect(preview.canExecute)
            #expect(preview.refusals.isEmpty, "\(preview.refusals)")
            #expect(!preview.touchesProduction)
            #expect(preview.lines.contains { $0.contains("staging") }, "\(preview.lines)")

            effects.handle(.executeToggle(token: preview.token), mailbox: inbox.mailbox)
            let lines = try await inbox.wait(for: "toggleFinished") { if case .toggleFinished(let l) = $0 { l } else { nil } }
            #expect(lines.count == 1)
            #expect(lines.first?.ok == true, "\(lines)")
            #expect(lines.first?.environment == fleet.staging)
            let handle = try #require(lines.first?.handle)
            let final = try await inbox.wait(for: "the deployment's end") { msg -> DeploymentLine? in
                if case .deploymentProgress(let line) = msg, line.isFinal { line } else { nil }
            }
            #expect(final.state == "COMPLETE")
            #expect(final.handle == handle)

            // What AppConfig now serves in staging: the flag off, in the version the toggle made.
            let admin = AppConfigClient(
                aws: AWSClient(credentials: StaticCredentialProvider(Credentials(accessKeyId: RuntimeFleet.alpha.accessKeyId,
                                                                                 secretAccessKey: RuntimeFleet.alpha.secretAccessKey)),
                               transport: fleet.transport, endpointOverride: fleet.emulator.endpoint),
                region: "us-east-1")
            let deployment = try await admin.getDeployment(applicationId: handle.applicationId, environmentId: handle.environmentId,
                                                           deploymentNumber: handle.deploymentNumber)
            #expect(deployment.configurationVersion == "2")
            #expect(try await fleet.store.journal(limit: 10).contains { $0.target.contains("new_checkout") })

            // A plan is executed once.
            effects.handle(.executeToggle(token: preview.token), mailbox: inbox.mailbox)
            let failure = try await inbox.wait(for: "toggleFailed") { if case .toggleFailed(let f) = $0 { f } else { nil } }
            #expect(failure == "that plan is gone; plan again")
        }
    }

    @Test("an environment of an account without credentials is refused with the reason, the others planned")
    func accountWithoutClient() async throws {
        try await RuntimeFleet.with { fleet in
            let inbox = Inbox()
            let beta = EnvironmentID(accountName: "beta", accountId: RuntimeFleet.beta.accountId, region: "us-east-1",
                                     applicationName: "checkout", environmentName: "staging")
            toggles(fleet, brokenProfile: true).handle(.planToggle(draft(fleet, [fleet.staging, beta])), mailbox: inbox.mailbox)
            let preview = try await inbox.wait(for: "togglePlanned") { if case .togglePlanned(let p) = $0 { p } else { nil } }
            #expect(preview.refusals.count == 1)
            #expect(preview.refusals.first?.contains("no AppConfig client for beta/us-east-1") == true, "\(preview.refusals)")
            #expect(preview.canExecute)
        }
    }
}
