import FlagModel
import Foundation

/// A generated fleet of the requested size, for benchmarks, organized as
/// `SyntheticOrganization` describes (the first account is the management account).
struct SyntheticFleet {
    let spec: SyntheticSeed
    let now: Date

    func build() throws -> EmulatorEngine {
        let places = SyntheticOrganization.placements(count: spec.accounts)
        var accounts: [EmulatorAccount] = []
        for a in 0..<spec.accounts {
            let n = String(format: "%04d", a + 1)
            accounts.append(EmulatorAccount(
                accountId: "90000000" + n, name: places[a].name, accessKeyId: "AKIDEMOSYNTH0000" + n,
                secretAccessKey: "emulator-synthetic-secret-0000000000" + n,
                regions: Array(SyntheticSeed.regionNames.prefix(spec.regions))))
        }
        let engine = EmulatorEngine(accounts: accounts)
        engine.setOrganization(SyntheticOrganization.build(accounts: accounts, now: now))
        let envNames = ["dev", "staging", "prod", "prod-eu", "qa", "perf", "sandbox", "demo"]
        for account in accounts {
            for region in account.regions {
                for p in 0..<spec.apps {
                    let t0 = now.addingTimeInterval(-Double(spec.versions * 10 + 1) * 86_400)
                    let scope = Scope(accountId: account.accountId, region: region, now: t0)
                    let app = try engine.createApplication(scope, name: "app-\(String(format: "%03d", p + 1))", description: "Synthetic application")
                    var envs: [EnvironmentRecord] = []
                    for e in 0..<spec.envs {
                        let name = e < envNames.count ? envNames[e] : "env-\(e + 1)"
                        envs.append(try engine.createEnvironment(scope, applicationId: app.id, name: name, description: nil, monitors: []))
                    }
                    let profile = try engine.createProfile(scope, applicationId: app.id, name: "feature-flags", description: nil, locationUri: "hosted",
                                                           retrievalRoleArn: nil, validators: [], type: ProfileType.featureFlags, kmsKeyIdentifier: nil)
                    for v in 0..<spec.versions {
                        let t = now.addingTimeInterval(-Double((spec.versions - v) * 10) * 86_400)
                        var defs = JSONObject()
                        var values = JSONObject()
                        for f in 0..<spec.flags {
                            let key = "flag_\(String(format: "%05d", f))"
                            defs[key] = ["name": .string("Flag \(f)")]
                            values[key] = ["enabled": .bool((f + v) % 3 != 0)]
                        }
                        let doc: JSONValue = ["version": "1", "flags": .object(defs), "values": .object(values)]
                        let vs = Scope(accountId: account.accountId, region: region, now: t)
                        let version = try engine.createHostedVersion(vs, applicationId: app.id, profileId: profile.id, content: Data(doc.serialized(pretty: false).utf8),
                                                                     contentType: "application/json", description: "Synthetic version \(v + 1)",
                                                                     latestVersionNumber: nil, versionLabel: nil)
                        for (i, env) in envs.enumerated() {
                            let ds = Scope(accountId: account.accountId, region: region, now: t.addingTimeInterval(Double(i + 1) * 1200))
                            _ = try engine.startDeployment(ds, applicationId: app.id, environmentId: env.id, strategyId: "AppConfig.AllAtOnce",
                                                           profileId: profile.id, configurationVersion: String(version.versionNumber),
                                                           description: nil, kmsKeyIdentifier: nil)
                        }
                    }
                }
            }
        }
        return engine
    }
}
