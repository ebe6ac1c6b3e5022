import FlagModel
@testable import FleetStore
import Foundation

/// A fresh directory per test, removed when the value goes away.
final class TempDirectory: @unchecked Sendable {
    let url: URL

    init() {
        url = FileManager.default.temporaryDirectory
            .appendingPathComponent("fleetstore-\(UUID().uuidString)", isDirectory: true)
    }

    deinit { try? FileManager.default.removeItem(at: url) }
}

/// GRDB keeps dates to the millisecond; whole seconds compare exactly.
func day(_ n: Int) -> Date { Date(timeIntervalSince1970: 1_780_000_000 + Double(n) * 86_400) }

func mode(of path: String) throws -> Int {
    let attrs = try FileManager.default.attributesOfItem(atPath: path)
    return (attrs[.posixPermissions] as! NSNumber).intValue & 0o777
}

/// A small but real snapshot: one environment, one profile, two flags, one deployment.
func sampleSnapshot(asOf: Date, enabled: Bool = true) throws -> FleetSnapshot {
    let env = EnvironmentID(accountName: "payments-prod", accountId: "111111111111", region: "eu-west-1",
                            applicationName: "checkout", environmentName: "prod")
    let profile = ProfileRef(accountId: "111111111111", region: "eu-west-1", applicationName: "checkout",
                             profileId: "prf1234", profileName: "flags")
    let doc = try FeatureFlagDocument(parsing: """
        {"version":"1","flags":{"new_checkout":{"name":"New checkout","_deprecation":{"status":"planned","date":"2026-03-31"}},
         "kill_switch":{"name":"Kill"}},
         "values":{"new_checkout":{"enabled":\(enabled)},"kill_switch":{"enabled":false}}}
        """)
    let deployment = FlagModel.Deployment(deploymentNumber: 1, state: .complete, percentageComplete: 100,
                                          startedAt: asOf.addingTimeInterval(-86_400 * 40),
                                          completedAt: asOf.addingTimeInterval(-86_400 * 40 + 60),
                                          configurationVersion: 1, strategyId: "AppConfig.AllAtOnce")
    let input = FleetInput(
        environments: [env],
        profiles: [HostedProfile(profile: profile, latestVersion: 1, documents: [1: .parsed(doc)])],
        histories: [DeploymentHistory(environment: env, profile: profile, deployments: [deployment])])
    return FleetSnapshot.derive(from: input, policy: RetirementPolicy(asOf: asOf))
}
