import AppConfigClient
import FlagDeploy
import FlagModel
import Foundation
import Testing

/// Issue 16: a retirement plans like a toggle, removes the flag, refuses while it is on.
@Suite(.serialized) struct RetirePlanTests {
    @Test func aRetirementRemovesTheFlagWithTheCleanUpStrategyAndIsRefusedWhileOn() async throws {
        try await Fleet.with { fleet in
            // new_checkout is on in both environments: refused unless forced.
            let on = try await fleet.plan(ToggleRequest.retirement(flag: Fleet.flag))
            #expect(on.steps.isEmpty)
            #expect(on.refusals.count == 2)
            #expect(on.refusals.allSatisfy { $0.reason.contains("still on in version 1") }, "\(on.refusals)")

            let dark = FlagID(application: "checkout", profile: "feature-flags", key: "dark_mode")
            let loaded = await ToggleTargetLoader(clients: fleet.clients).load(flag: dark, environments: ["prod", "prod-canary"].map(fleet.selector))
            let plan = TogglePlanner.plan(ToggleRequest.retirement(flag: dark, reason: "review"), targets: loaded.targets)
            #expect(plan.refusals.isEmpty, "\(plan.refusals)")
            #expect(plan.versions.count == 1, "one new version for both environments")
            #expect(plan.steps.allSatisfy { $0.strategy.id == "AppConfig.Linear50PercentEvery30Seconds" })
            #expect(plan.versions[0].diffs.map(\.description) == ["flags.dark_mode: removed", "values.dark_mode: removed"])

            let report = await fleet.executor().execute(plan)
            #expect(report.allStarted, "\(report.results.map(\.line))")
            let after = try await fleet.document(2)
            #expect(after.flagKeys == ["new_checkout"])
            #expect(withoutStamps(after) == withoutStamps(try await fleet.document(1))
                .replacingOccurrences(of: #","dark_mode":{"name":"Dark mode"}"#, with: "")
                .replacingOccurrences(of: #","dark_mode":{"enabled":false}"#, with: ""))

            let forced = try await fleet.plan({ var r = ToggleRequest.retirement(flag: Fleet.flag); r.force = true; return r }())
            #expect(forced.refusals.isEmpty && forced.steps.count == 2)
        }
    }
}
