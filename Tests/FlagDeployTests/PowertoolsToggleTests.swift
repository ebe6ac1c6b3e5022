import AppConfigClient
import FlagDeploy
import FlagModel
import Foundation
import Testing

/// Issue 15: toggling a Powertools feature in a Freeform profile. Off means off for every
/// context (default and every rule's `when_match`), on sets the default and says which rules
/// still switch it off; the new version is the old bytes with only those leaves replaced.
@Suite(.serialized) struct PowertoolsToggleTests {
    /// Hand-written, with its own spacing, an envelope and a number written as 1.50.
    static let document = """
    {"owner":"orders-team",   "limits": {"ratio": 1.50},
      "features": {
        "premium":  {"default": true, "rules": {
            "free tier":   {"when_match": false, "conditions": [{"action": "EQUALS", "key": "tier", "value": "free"}]},
            "beta":   {"when_match": true, "conditions": [{"action": "IN", "key": "tier", "value": ["beta", "β"]}]}
        }},
        "batch": {"default": {"size": 10}, "boolean_type": false}
      }
    }
    """

    static let flag = FlagID(application: "orders", profile: "pt", key: "premium")

    struct Setup {
        var fleet: Fleet
        var applicationId: String
        var profileId: String

        func plan(_ request: ToggleRequest) async throws -> TogglePlan {
            let envelope = try PowertoolsEnvelope(parsing: "features")
            let loader = ToggleTargetLoader(clients: fleet.clients, powertoolsEnvelope: { app, profile in
                app == "orders" && profile == "pt" ? envelope : nil
            })
            let loaded = await loader.load(flag: request.flag, environments: [fleet.selector("prod")])
            #expect(loaded.problems.isEmpty, "\(loaded.problems)")
            return TogglePlanner.plan(request, targets: loaded.targets)
        }

        func content(_ version: Int) async throws -> String {
            let v = try await fleet.client.getHostedConfigurationVersion(applicationId: applicationId, profileId: profileId,
                                                                         versionNumber: version)
            return String(decoding: v.content, as: UTF8.self)
        }
    }

    static func with(_ body: (Setup) async throws -> Void) async throws {
        try await Fleet.with { fleet in
            let admin = fleet.client
            let app = try await admin.createApplication(name: "orders", description: nil)
            let profile = try await admin.createConfigurationProfile(applicationId: app.id, name: "pt", type: .freeform)
            let v1 = try await admin.createHostedConfigurationVersion(applicationId: app.id, profileId: profile.id,
                                                                      content: Data(document.utf8))
            let prod = try await admin.createEnvironment(applicationId: app.id, name: "prod")
            _ = try await admin.startDeployment(applicationId: app.id, environmentId: prod.id, profileId: profile.id,
                                                configurationVersion: String(v1.versionNumber))
            fleet.emulator.clock.advance(by: 3600)
            try await body(Setup(fleet: fleet, applicationId: app.id, profileId: profile.id))
        }
    }

    static func request(_ key: String = "premium", enabled: Bool, variant: String? = nil) -> ToggleRequest {
        ToggleRequest(flag: FlagID(application: "orders", profile: "pt", key: key), enabled: enabled, variant: variant,
                      reason: "INC-9", actor: "oncall")
    }

    @Test func offSetsTheDefaultAndEveryRuleAndKeepsEveryOtherByte() async throws {
        try await Self.with { setup in
            let plan = try await setup.plan(Self.request(enabled: false))
            #expect(plan.refusals.isEmpty, "\(plan.refusals)")
            let version = try #require(plan.versions.first)
            #expect(version.diffs.map(\.description) == [
                "features.premium.default: true → false",
                #"features.premium.rules.beta.when_match: true → false (rule "beta")"#,
            ])
            let expected = Self.document
                .replacingOccurrences(of: #""premium":  {"default": true"#, with: #""premium":  {"default": false"#)
                .replacingOccurrences(of: #""beta":   {"when_match": true"#, with: #""beta":   {"when_match": false"#)
            #expect(expected != Self.document)
            #expect(version.content == expected, "only the two leaves change, byte for byte")

            let report = await setup.fleet.executor().execute(plan)
            #expect(report.allStarted, "\(report.results.map(\.line))")
            #expect(try await setup.content(2) == expected, "AppConfig keeps Freeform content as sent")
        }
    }

    @Test func onSetsOnlyTheDefaultAndNamesTheRulesThatStillSwitchItOff() async throws {
        try await Self.with { setup in
            _ = await setup.fleet.executor().execute(try await setup.plan(Self.request(enabled: false)))
            setup.fleet.emulator.clock.advance(by: 3600)
            let plan = try await setup.plan(Self.request(enabled: true))
            let version = try #require(plan.versions.first)
            #expect(version.diffs.map(\.description) == ["features.premium.default: false → true"])
            let lines = plan.lines()
            #expect(lines.contains { $0.contains(#"NOTE: rule "free tier" still switches premium off when tier = "free""#) }, "\(lines)")
            #expect(lines.contains { $0.contains(#"NOTE: rule "beta" still switches premium off"#) },
                    "the disable set beta's when_match to false too")
        }
    }

    @Test func aNonBooleanFeatureOrAVariantIsRefusedWithTheReason() async throws {
        try await Self.with { setup in
            let batch = try await setup.plan(Self.request("batch", enabled: false))
            #expect(batch.steps.isEmpty)
            #expect(batch.refusals.first?.reason.contains("non-boolean Powertools feature") == true, "\(batch.refusals)")
            let variant = try await setup.plan(Self.request(enabled: false, variant: "Beta"))
            #expect(variant.refusals.first?.reason.contains("rules, not variants") == true, "\(variant.refusals)")
        }
    }

    @Test func aRetirementCutsTheFeatureFromTheTextAndIsRefusedWhileItServes() async throws {
        try await Self.with { setup in
            // premium is on (default true): refused unless forced; the retirement then
            // removes exactly its member, comma included, and nothing else.
            let refused = try await setup.plan(ToggleRequest.retirement(flag: Self.flag))
            #expect(refused.refusals.first?.reason.contains("premium is still on for the contexts its rules match in version 1") == true, "\(refused.refusals)")
            var forced = ToggleRequest.retirement(flag: Self.flag)
            forced.force = true
            let plan = try await setup.plan(forced)
            let version = try #require(plan.versions.first)
            #expect(version.diffs.map(\.description) == ["features.premium: removed"])
            let start = try #require(Self.document.range(of: #""premium":"#))
            let end = try #require(Self.document.range(of: #""batch":"#))
            #expect(version.content == Self.document.replacingCharacters(in: start.lowerBound..<end.lowerBound, with: ""))
            let report = await setup.fleet.executor().execute(plan)
            #expect(report.allStarted, "\(report.results.map(\.line))")
            #expect(try await setup.content(2) == version.content)
        }
    }
}
