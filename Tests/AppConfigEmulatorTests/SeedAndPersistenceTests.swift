import Foundation
import Testing
@testable import AppConfigEmulator
import FlagModel

@Suite struct SeedAndPersistenceTests {
    @Test func seedParsing() throws {
        #expect(try EmulatorSeed(parsing: "demo") == .demo)
        #expect(try EmulatorSeed(parsing: "synthetic:accounts=3,regions=2,apps=4,envs=2,flags=10") ==
                .synthetic(SyntheticSeed(accounts: 3, regions: 2, apps: 4, envs: 2, flags: 10)))
        #expect(throws: EmulatorConfigError.self) { try EmulatorSeed(parsing: "bogus") }
        #expect(throws: EmulatorConfigError.self) { try EmulatorSeed(parsing: "synthetic:planets=3") }
    }

    @Test func demoFleet() throws {
        let now = t0
        let e = try Seeds.build(.demo, now: now)
        #expect(e.accounts.map(\.name) == ["payments-prod", "payments-staging", "search-prod", "platform"])
        var flagKeys = Set<String>()
        var powertoolsKeys = Set<String>()
        var states: [String: Int] = [:]
        var pending = 0
        for a in e.accounts {
            for region in a.regions {
                let s = Scope(accountId: a.accountId, region: region, now: now)
                for app in e.listApplications(s) {
                    if app.name == "order-events" || app.name == "shipping-quotes" {
                        // The Lambda team: Powertools features in a Freeform profile, valid by Powertools' schema.
                        let freeform = try e.listProfiles(s, applicationId: app.id, type: "AWS.Freeform")
                        let profile = try #require(freeform.first { $0.name == DemoPowertools.profileName })
                        let versions = try e.listHostedVersions(s, applicationId: app.id, profileId: profile.id, versionLabel: nil)
                        let envelope = app.name == "shipping-quotes" ? try PowertoolsEnvelope(parsing: "features") : nil
                        guard case .powertools(let doc) = FreeformReading.read(Array(versions[0].content), envelope: envelope) else {
                            Issue.record("\(app.name): not a valid Powertools document")
                            continue
                        }
                        for k in doc.flagKeys { powertoolsKeys.insert("\(app.name)/\(k)") }
                        continue
                    }
                    let profiles = try e.listProfiles(s, applicationId: app.id, type: "AWS.AppConfig.FeatureFlags")
                    #expect(profiles.count == 1)
                    let versions = try e.listHostedVersions(s, applicationId: app.id, profileId: profiles[0].id, versionLabel: nil)
                    let doc = try FeatureFlagDocument(parsing: Array(versions[0].content))
                    #expect(doc.validate().isEmpty)
                    for k in doc.flagKeys { flagKeys.insert("\(app.name)/\(k)") }
                    var deployedLatest = false
                    for env in try e.listEnvironments(s, applicationId: app.id) {
                        for d in try e.listDeployments(s, applicationId: app.id, environmentId: env.id) {
                            states[DeploymentMath.progress(d, at: now).state, default: 0] += 1
                            if d.configurationVersion == String(versions[0].versionNumber) { deployedLatest = true }
                        }
                    }
                    if !deployedLatest { pending += 1 }
                }
            }
        }
        #expect(flagKeys.count == 151)  // 150 + checkout_bitcoin_payments (examples/checkout-app)
        #expect(powertoolsKeys.count == 24)
        #expect(states["DEPLOYING"] == 1)
        #expect(states["ROLLED_BACK"] == 1)
        #expect((states["COMPLETE"] ?? 0) > 500)
        #expect(pending >= 1)
    }

    @Test func demoIsDeterministic() throws {
        let a = try Seeds.build(.demo, now: t0).snapshot()
        let b = try Seeds.build(.demo, now: t0).snapshot()
        let enc = Persistence.encoder()
        enc.outputFormatting = .sortedKeys
        #expect(try enc.encode(a) == enc.encode(b))
    }

    @Test func persistenceRoundTrip() throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emu-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("state.json").path
        let (e, app, env, profile) = try fixture()
        _ = try e.startDeployment(scope(), applicationId: app, environmentId: env, strategyId: "AppConfig.AllAtOnce",
                                  profileId: profile, configurationVersion: "1", description: "first", kmsKeyIdentifier: nil)
        let p = Persistence(path: path)
        try p.save(world: e.snapshot(), clockNow: t0, timeScale: 2)
        let loaded = try #require(try p.load())
        #expect(loaded.clockNow == t0 && loaded.timeScale == 2)
        let e2 = EmulatorEngine(world: loaded.world)
        #expect(try e2.getDeployment(scope(), applicationId: app, environmentId: env, number: 1).description == "first")
        #expect(try e2.getHostedVersion(scope(), applicationId: app, profileId: profile, number: 1).content
                == e.getHostedVersion(scope(), applicationId: app, profileId: profile, number: 1).content)
        // No temp files left behind.
        #expect(try FileManager.default.contentsOfDirectory(atPath: dir.path) == ["state.json"])
    }

    @Test func startStopInProcess() async throws {
        let emulator = try await AppConfigEmulator.start(seed: .empty, port: 0, credentials: [testAccount])
        #expect(emulator.port > 0)
        #expect(emulator.endpoint == "http://127.0.0.1:\(emulator.port)")
        #expect(emulator.accounts.map(\.accountId) == ["123456789012"])
        try await emulator.stop()
    }
}
