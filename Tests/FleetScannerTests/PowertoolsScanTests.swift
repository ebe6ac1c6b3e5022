import AppConfigClient
@testable import AppConfigEmulator
import FlagDeckConfig
import FlagModel
import FleetScanner
import Foundation
import Testing

/// Issue 15 through the emulator: Freeform profiles holding Powertools features are read
/// beside native ones, with their states, envelopes and problems; other Freeform profiles
/// are skipped and counted.
@Suite struct PowertoolsScanTests {
    static let t0 = TestFleet.t0
    static let day = TestFleet.day

    static func features(_ json: JSONValue) -> Data { Data(json.serialized(pretty: true).utf8) }

    @Test func powertoolsFeaturesAreFlagsWithTheirStatesBesideNativeOnes() async throws {
        try await withFleet(accounts: [TestFleet.alpha]) { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let app = try await r.app("orders")
            let prod = try await r.env(app, "prod")
            let native = try await r.profile(app)
            let pt = try await r.client.createConfigurationProfile(applicationId: app.id, name: "pt", type: .freeform)
            let settings = try await r.client.createConfigurationProfile(applicationId: app.id, name: "settings", type: .freeform)
            try await r.deploy(app, prod, native, version: try await r.version(app, native, [.on("native_flag")]),
                               strategy: instant, at: Self.t0)
            let v1 = try await r.client.createHostedConfigurationVersion(applicationId: app.id, profileId: pt.id, content: Self.features([
                "plain_on": ["default": true],
                "with_rules": ["default": false, "rules": ["beta": ["when_match": true, "conditions": [
                    ["action": "EQUALS", "key": "tier", "value": "beta"]]]]],
                "rules_agree": ["default": true, "rules": ["x": ["when_match": true, "conditions": [
                    ["action": "EQUALS", "key": "a", "value": 1]]]]],
                "batch": ["default": ["size": 5], "boolean_type": false],
            ])).versionNumber
            try await r.deploy(app, prod, pt, version: v1, strategy: instant, at: Self.t0 + 60)
            let s1 = try await r.client.createHostedConfigurationVersion(applicationId: app.id, profileId: settings.id,
                                                                         content: Data(#"{"logLevel":"info"}"#.utf8)).versionNumber
            try await r.deploy(app, prod, settings, version: s1, strategy: instant, at: Self.t0 + 120)

            let result = try await fleet.scan(asOf: Self.t0 + 40 * Self.day)
            #expect(result.row("orders", "flags", "native_flag")?.definition?.dialect == nil)
            let states = ["plain_on": CellState.on, "with_rules": .variants, "rules_agree": .on, "batch": .value]
            for (key, state) in states {
                #expect(result.cell("orders", "pt", key, env: "prod")?.state == state, "\(key)")
                #expect(result.row("orders", "pt", key)?.definition?.dialect == .powertools)
            }
            #expect(result.row("orders", "pt", "plain_on")?.kinds.contains(.stale) == true)
            #expect(result.row("orders", "settings", "logLevel") == nil, "not a Powertools document: no flags")
            #expect(result.skippedProfiles.map(\.profile) == ["settings"])
            #expect(result.skippedProfiles.first?.reason == "not a Powertools features document")

            let json = try #require(JSONSerialization.jsonObject(with: Data(ScanOutput.json(result).utf8)) as? [String: Any])
            let flags = try #require(json["flags"] as? [[String: Any]])
            #expect(flags.first { $0["key"] as? String == "native_flag" }?["dialect"] as? String == "appconfig")
            let batch = try #require(flags.first { $0["key"] as? String == "batch" })
            #expect(batch["dialect"] as? String == "powertools")
            let env = try #require((batch["environments"] as? [[String: Any]])?.first)
            #expect(env["state"] as? String == "value")
            #expect((env["value"] as? [String: Any])?["size"] as? Int == 5)
            let skipped = try #require(json["skippedProfiles"] as? [[String: Any]])
            #expect(skipped.first?["profile"] as? String == "settings")
        }
    }

    @Test func anEnvelopeFromTheConfigurationFindsTheFeaturesAndABrokenVersionIsUnreadableNotSkipped() async throws {
        try await withFleet(accounts: [TestFleet.alpha]) { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let app = try await r.app("ship")
            let prod = try await r.env(app, "prod")
            let staging = try await r.env(app, "staging")
            let pt = try await r.client.createConfigurationProfile(applicationId: app.id, name: "pt", type: .freeform)
            let v1 = try await r.client.createHostedConfigurationVersion(applicationId: app.id, profileId: pt.id, content: Self.features([
                "owner": "team", "features": ["express": ["default": true]],
            ])).versionNumber
            try await r.deploy(app, prod, pt, version: v1, strategy: instant, at: Self.t0)
            // Staging gets a version Powertools' SchemaValidator rejects: the function raises.
            let v2 = try await r.client.createHostedConfigurationVersion(applicationId: app.id, profileId: pt.id, content: Self.features([
                "owner": "team", "features": ["express": ["default": "yes"]],
            ])).versionNumber
            try await r.deploy(app, staging, pt, version: v2, strategy: instant, at: Self.t0 + 60)

            var configuration = fleet.configuration()
            // Without the envelope the document is not features-shaped: skipped.
            let plain = try await fleet.scan(asOf: Self.t0 + Self.day, configuration: configuration)
            #expect(plain.row("ship", "pt", "express") == nil)
            #expect(plain.skippedProfiles.count == 1)

            configuration.powertools.envelopes = [.init(pattern: "ship/pt", envelope: try PowertoolsEnvelope(parsing: "features"))]
            let result = try await fleet.scan(asOf: Self.t0 + Self.day, configuration: configuration)
            #expect(result.skippedProfiles.isEmpty)
            #expect(result.cell("ship", "pt", "express", env: "prod")?.state == .on)
            let broken = try #require(result.cell("ship", "pt", "express", env: "staging"))
            #expect(broken.state == .unknown)
            #expect(broken.note?.contains("fails Powertools' schema") == true)
            #expect(broken.note?.contains("$.features.express.default") == true, "\(broken.note ?? "")")
        }
    }

    @Test func powertoolsCanBeSwitchedOffAndThenFreeformProfilesAreNotEvenLookedAt() async throws {
        try await withFleet(accounts: [TestFleet.alpha]) { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let app = try await r.app("orders")
            let prod = try await r.env(app, "prod")
            let pt = try await r.client.createConfigurationProfile(applicationId: app.id, name: "pt", type: .freeform)
            let v1 = try await r.client.createHostedConfigurationVersion(applicationId: app.id, profileId: pt.id,
                                                                         content: Self.features(["a": ["default": true]])).versionNumber
            try await r.deploy(app, prod, pt, version: v1, strategy: instant, at: Self.t0)
            var configuration = fleet.configuration()
            configuration.powertools.profiles = []
            let before = fleet.emulator.operationCounts
            let result = try await fleet.scan(asOf: Self.t0 + Self.day, configuration: configuration)
            #expect(result.row("orders", "pt", "a") == nil)
            #expect(result.skippedProfiles.isEmpty)
            #expect(fleet.operations(since: before)["GetHostedConfigurationVersion"] == nil)
        }
    }
}
