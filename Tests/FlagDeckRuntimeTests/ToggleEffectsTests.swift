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

    @Test("all variants off from the dialog: one line per variant in the confirmation, and only those leaves change")
    func allVariantsOff() async throws {
        try await RuntimeFleet.with { fleet in
            // staging now serves a multi-variant `ui_theme` beside `new_checkout`.
            let admin = AppConfigClient(
                aws: AWSClient(credentials: StaticCredentialProvider(Credentials(accessKeyId: RuntimeFleet.alpha.accessKeyId,
                                                                                 secretAccessKey: RuntimeFleet.alpha.secretAccessKey)),
                               transport: fleet.transport, endpointOverride: fleet.emulator.endpoint),
                region: "us-east-1")
            let app = try #require(try await admin.allApplications().first { $0.name == "checkout" })
            let profile = try #require(try await admin.allConfigurationProfiles(applicationId: app.id).first)
            let staging = try #require(try await admin.allEnvironments(applicationId: app.id).first { $0.name == "staging" })
            let text = #"{"version": "1", "flags": {"new_checkout": {"name": "New checkout"}, "ui_theme": {"name": "UI theme"}}, "values": {"new_checkout": {"enabled": true}, "ui_theme": {"_variants": [{"name": "Beta", "enabled": true, "rule": "(eq $tier \"beta\")"}, {"name": "Default", "enabled": true}]}}}"#
            let v2 = try await admin.createHostedConfigurationVersion(applicationId: app.id, profileId: profile.id, content: Data(text.utf8))
            _ = try await admin.startDeployment(applicationId: app.id, environmentId: staging.id, profileId: profile.id,
                                                configurationVersion: String(v2.versionNumber), strategyId: fleet.instantStrategy)

            let effects = toggles(fleet)
            let inbox = Inbox()
            let flag = FlagID(application: "checkout", profile: "flags", key: "ui_theme")
            effects.handle(.planToggle(ToggleDraft(flag: flag, environments: [fleet.staging], enable: false, strategy: fleet.instantStrategy,
                                                   reason: "INC-9", variant: .allOff)), mailbox: inbox.mailbox)
            let preview = try await inbox.wait(for: "togglePlanned") { if case .togglePlanned(let p) = $0 { p } else { nil } }
            #expect(preview.refusals.isEmpty && preview.canExecute, "\(preview.lines)")
            #expect(preview.lines.first == "checkout/flags/ui_theme → all variants off (reason: INC-9)")
            #expect(preview.lines.contains("    values.ui_theme._variants[0].enabled: true → false (variant Beta)"), "\(preview.lines)")
            #expect(preview.lines.contains("    values.ui_theme._variants[1].enabled: true → false (variant Default, the default)"))

            effects.handle(.executeToggle(token: preview.token), mailbox: inbox.mailbox)
            let lines = try await inbox.wait(for: "toggleFinished") { if case .toggleFinished(let l) = $0 { l } else { nil } }
            #expect(lines.first?.ok == true, "\(lines)")
            let handle = try #require(lines.first?.handle)
            let deployment = try await admin.getDeployment(applicationId: handle.applicationId, environmentId: handle.environmentId,
                                                           deploymentNumber: handle.deploymentNumber)
            let number = try #require(deployment.configurationVersion.flatMap { Int($0) })
            let written = try await admin.getHostedConfigurationVersion(applicationId: app.id, profileId: profile.id, versionNumber: number)
            // Against the base as AppConfig stored it (with its bookkeeping timestamps): exactly
            // the two `enabled` lines differ.
            let base = try await admin.getHostedConfigurationVersion(applicationId: app.id, profileId: profile.id, versionNumber: v2.versionNumber)
            func textLines(_ data: Data) throws -> [String] {
                try FeatureFlagDocument(parsing: String(decoding: data, as: UTF8.self)).serialized(pretty: true)
                    .split(separator: "\n").map(String.init).filter { !$0.contains("_createdAt") && !$0.contains("_updatedAt") }
            }
            let before = try textLines(base.content), after = try textLines(written.content)
            #expect(before.count == after.count)
            let changed = zip(before, after).filter { $0 != $1 }
            #expect(changed.count == 2 && changed.allSatisfy { $0.0.contains(#""enabled": true"#) && $0.1.contains(#""enabled": false"#) },
                    "\(changed)")
            let document = try FeatureFlagDocument(parsing: String(decoding: written.content, as: UTF8.self))
            #expect(document.value("ui_theme")?.variants?.map(\.enabled) == [false, false])
            #expect(document.value("new_checkout")?.enabled == true)

            // One named variant maps to `--variant`: only it changes.
            effects.handle(.planToggle(ToggleDraft(flag: flag, environments: [fleet.staging], enable: true, strategy: fleet.instantStrategy,
                                                   reason: "", variant: .named("Beta"))), mailbox: inbox.mailbox)
            let one = try await inbox.wait(for: "the second plan") { msg -> TogglePreview? in
                if case .togglePlanned(let p) = msg, p.token != preview.token { p } else { nil }
            }
            #expect(one.lines.first == "checkout/flags/ui_theme → variant Beta on")
            #expect(one.lines.count == 2 && one.lines[1].contains("values.ui_theme._variants[0].enabled: false → true (variant Beta)"), "\(one.lines)")
        }
    }
}
