import FlagModel
@testable import FleetStore
import Foundation
import GRDB

/// The fleet of `flagdeck emulator serve --seed synthetic:…` (AppConfigEmulator's
/// SyntheticFleet), derived in memory: every account has every region, every region the
/// same applications, each with `envs` environments and one profile of `flags` flags in
/// 3 versions 10 days apart, each deployed to every environment 20 minutes apart.
func syntheticSnapshot(accounts: Int, regions: Int = 2, apps: Int = 5, envs: Int = 3, flags: Int = 50,
                       asOf: Date = Date(timeIntervalSince1970: 1_795_000_000)) throws -> FleetSnapshot {
    let regionNames = ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2"]
    let envNames = ["dev", "staging", "prod", "prod-eu", "qa", "perf"]
    let versions = 3
    var documents: [Int: HostedDocument] = [:]
    for v in 0..<versions {
        var defs: [String] = [], values: [String] = []
        for f in 0..<flags {
            let key = "flag_\(String(format: "%05d", f))"
            defs.append(#""\#(key)":{"name":"Flag \#(f)"}"#)
            values.append(#""\#(key)":{"enabled":\#((f + v) % 3 != 0)}"#)
        }
        documents[v + 1] = .parsed(try FeatureFlagDocument(parsing: #"{"version":"1","flags":{\#(defs.joined(separator: ","))},"values":{\#(values.joined(separator: ","))}}"#))
    }
    var environments: [EnvironmentID] = [], profiles: [HostedProfile] = [], histories: [DeploymentHistory] = []
    for a in 0..<accounts {
        let n = String(format: "%04d", a + 1)
        let accountId = "90000000" + n
        for region in regionNames.prefix(regions) {
            for p in 0..<apps {
                let app = "app-\(String(format: "%03d", p + 1))"
                let profile = ProfileRef(accountId: accountId, region: region, applicationName: app,
                                         profileId: "prf\(n)\(p)", profileName: "feature-flags")
                profiles.append(HostedProfile(profile: profile, latestVersion: versions, documents: documents))
                for e in 0..<envs {
                    let env = EnvironmentID(accountName: "synthetic-\(n)", accountId: accountId, region: region,
                                            applicationName: app, environmentName: envNames[e])
                    environments.append(env)
                    let deployments = (0..<versions).map { v in
                        let t = asOf.addingTimeInterval(-Double((versions - v) * 10) * 86_400 + Double(e + 1) * 1200)
                        return FlagModel.Deployment(deploymentNumber: v + 1, state: .complete, percentageComplete: 100,
                                                    startedAt: t, completedAt: t, configurationVersion: v + 1,
                                                    strategyId: "AppConfig.AllAtOnce")
                    }
                    histories.append(DeploymentHistory(environment: env, profile: profile, deployments: deployments))
                }
            }
        }
    }
    let input = FleetInput(environments: environments, profiles: profiles, histories: histories)
    return FleetSnapshot.derive(from: input, policy: RetirementPolicy(asOf: asOf))
}

/// The database file and its write-ahead log, after moving the log into the file.
func storedBytes(_ store: FleetStore) async throws -> Int64 {
    try await store.checkpoint()
    var total: Int64 = 0
    for suffix in ["", "-wal"] {
        let path = store.fileURL.path + suffix
        if let size = try? FileManager.default.attributesOfItem(atPath: path)[.size] as? NSNumber {
            total += size.int64Value
        }
    }
    return total
}

/// UTC moment from `2026-11-30T12:00:00Z`.
func utc(_ text: String) -> Date {
    let f = ISO8601DateFormatter()
    f.formatOptions = [.withInternetDateTime]
    return f.date(from: text)!
}

extension FleetStore {
    func count(_ sql: String) async throws -> Int {
        try await read { db in try Int.fetchOne(db, sql: sql) ?? 0 }
    }
}
