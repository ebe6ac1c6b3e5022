import FlagModel
import Foundation

/// A small, realistic fleet for golden screens: two accounts, two regions for prod,
/// two applications, dev/staging/prod, flags covering every verdict and cell state.
enum FleetFixture {
    static let asOf = date("2026-11-21T12:00:00Z")

    static func date(_ text: String) -> Date { ISO8601DateFormatter().date(from: text)! }
    static func daysAgo(_ n: Double) -> Date { asOf.addingTimeInterval(-n * 86_400) }

    static func document(_ flags: [(key: String, name: String, on: Bool, deprecation: String?)], extra: String = "") -> FeatureFlagDocument {
        let definitions = flags.map { flag -> String in
            let deprecation = flag.deprecation.map { #", "_deprecation": {"status": "planned", "date": "\#($0)"}"# } ?? ""
            return #""\#(flag.key)": {"name": "\#(flag.name)"\#(deprecation)}"#
        }
        let values = flags.map { #""\#($0.key)": {"enabled": \#($0.on)}"# }
        return try! FeatureFlagDocument(parsing: #"{"version": "1", "flags": {\#(definitions.joined(separator: ", "))\#(extra.isEmpty ? "" : ", ")\#(extra)}, "values": {\#(values.joined(separator: ", "))}}"#)
    }

    /// The checkout flags at version 1 (old) and 2 (new_checkout on, legacy_cart off).
    static let checkoutV1 = document([
        ("new_checkout", "New checkout flow", false, "2026-09-30"),
        ("legacy_cart", "Legacy cart", false, nil),
        ("kill_payments", "Kill switch: payments", false, nil),
        ("express_pay", "Express pay", true, nil),
    ])
    static let checkoutV2 = document([
        ("new_checkout", "New checkout flow", true, "2026-09-30"),
        ("legacy_cart", "Legacy cart", false, nil),
        ("kill_payments", "Kill switch: payments", false, nil),
        ("express_pay", "Express pay", true, nil),
    ])
    static let checkoutV3 = document([
        ("new_checkout", "New checkout flow", true, "2026-09-30"),
        ("legacy_cart", "Legacy cart", false, nil),
        ("kill_payments", "Kill switch: payments", false, nil),
        ("express_pay", "Express pay", false, nil),
    ])
    static let searchV1 = document([
        ("semantic_search", "Semantic search", true, nil),
        ("typo_tolerance", "Typo tolerance", true, "2027-03-01"),
    ])
    static let searchV2 = document([
        ("semantic_search", "Semantic search", true, nil),
        ("typo_tolerance", "Typo tolerance", false, "2027-03-01"),
    ])

    static func env(_ account: String, _ id: String, _ region: String, _ app: String, _ name: String) -> EnvironmentID {
        EnvironmentID(accountName: account, accountId: id, region: region, applicationName: app, environmentName: name)
    }

    static func deployment(_ n: Int, _ version: Int, completedDaysAgo: Double, state: DeploymentState = .complete,
                           percent: Double = 100, strategy: String = "AppConfig.AllAtOnce") -> Deployment {
        Deployment(deploymentNumber: n, state: state, percentageComplete: percent, startedAt: daysAgo(completedDaysAgo + 0.01),
                   completedAt: state.isRollingOut ? nil : daysAgo(completedDaysAgo), configurationVersion: version,
                   strategyId: strategy, strategyName: strategy, description: "deploy #\(n)")
    }

    static var input: FleetInput {
        let pay = "111111111111", search = "222222222222"
        var environments: [EnvironmentID] = []
        var profiles: [HostedProfile] = []
        var histories: [DeploymentHistory] = []
        for region in ["us-east-1", "eu-west-1"] {
            let profile = ProfileRef(accountId: pay, region: region, applicationName: "checkout", profileId: "cp\(region.prefix(2))", profileName: "checkout-flags")
            profiles.append(HostedProfile(profile: profile, latestVersion: 3,
                                          documents: [1: .parsed(checkoutV1), 2: .parsed(checkoutV2), 3: .parsed(checkoutV3)]))
            for name in ["dev", "staging", "prod"] {
                let e = env("payments-prod", pay, region, "checkout", name)
                environments.append(e)
                var deployments = [deployment(1, 1, completedDaysAgo: 150), deployment(2, 2, completedDaysAgo: 100)]
                if name == "prod" && region == "eu-west-1" {
                    // A rolled-back attempt and a deployment still rolling out.
                    deployments.append(deployment(3, 3, completedDaysAgo: 20, state: .rolledBack, percent: 40))
                    deployments.append(deployment(4, 3, completedDaysAgo: 0.05, state: .deploying, percent: 45,
                                                  strategy: "AppConfig.Linear20PercentEvery6Minutes"))
                }
                if name == "dev" { deployments.append(deployment(3, 3, completedDaysAgo: 10)) }
                histories.append(DeploymentHistory(environment: e, profile: profile, deployments: deployments))
            }
        }
        for region in ["us-east-1"] {
            let profile = ProfileRef(accountId: search, region: region, applicationName: "search", profileId: "sp1", profileName: "search-flags")
            profiles.append(HostedProfile(profile: profile, latestVersion: 2, documents: [1: .parsed(searchV1), 2: .parsed(searchV2)]))
            for name in ["staging", "prod"] {
                let e = env("search-prod", search, region, "search", name)
                environments.append(e)
                var deployments = [deployment(1, 1, completedDaysAgo: 120)]
                if name == "prod" { deployments.append(deployment(2, 2, completedDaysAgo: 5)) }
                histories.append(DeploymentHistory(environment: e, profile: profile, deployments: deployments))
            }
        }
        return FleetInput(environments: environments, profiles: profiles, histories: histories)
    }

    static var result: ScanResult {
        ScanResult.build(from: input, policy: RetirementPolicy(asOf: asOf),
                         errors: [ScanError(account: "platform", accountId: "333333333333", region: "us-east-1",
                                            message: "AccessDeniedException: not authorized to perform appconfig:ListApplications")],
                         scannedAt: asOf)
    }
}
