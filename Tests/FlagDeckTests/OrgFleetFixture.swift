import FlagModel
import Foundation

/// An organization-scale fleet built in memory, deterministic: 300 accounts × 2 regions ×
/// dev/staging/prod, for the grouped Fleet view.
///
/// - checkout (every account): v2 everywhere, dev on v3 (express_pay off). `new_checkout`
///   drifts: acct-017, acct-123 and acct-250 still serve v1 (off) in us-east-1 prod.
///   acct-042 staging eu-west-1 is rolling v3 out (40%); acct-150 prod eu-west-1 bakes v3
///   (express_pay off there). `button_color` is multi-variant everywhere.
/// - search (every account): staging of every fourth account serves v2 (typo_tolerance off).
/// - ledger (acct-001…acct-040 only): v2 (`ledger_v2` on) in dev and staging, prod still
///   on v1, which lacks it.
/// - acct-066 and acct-201 are unreadable now (AssumeRole denied in both regions); an
///   earlier scan two hours ago knows their checkout and search values.
enum OrgFleetFixture {
    static let asOf = FleetFixture.asOf
    static let accountCount = 300
    static let regions = ["us-east-1", "eu-west-1"]
    static let environments = ["dev", "staging", "prod"]
    static let drifting = [17, 123, 250]
    static let unreadable = [66, 201]

    static func name(_ i: Int) -> String { String(format: "acct-%03d", i) }
    static func id(_ i: Int) -> String { String(format: "%012d", 400_000_000_000 + i) }

    static func document(_ flags: [(key: String, name: String, value: String)]) -> FeatureFlagDocument {
        let definitions = flags.map { #""\#($0.key)": {"name": "\#($0.name)"}"# }.joined(separator: ", ")
        let values = flags.map { #""\#($0.key)": \#($0.value)"# }.joined(separator: ", ")
        return try! FeatureFlagDocument(parsing: #"{"version": "1", "flags": {\#(definitions)}, "values": {\#(values)}}"#)
    }

    static let on = #"{"enabled": true}"#, off = #"{"enabled": false}"#
    static let variants = #"{"_variants": [{"name": "Beta", "enabled": true, "rule": "(ends_with $email \"@example.com\")"}, {"name": "Default", "enabled": false}]}"#

    static func checkout(newCheckout: Bool, expressPay: Bool) -> FeatureFlagDocument {
        document([("new_checkout", "New checkout flow", newCheckout ? on : off),
                  ("express_pay", "Express pay", expressPay ? on : off),
                  ("legacy_cart", "Legacy cart", off),
                  ("kill_payments", "Kill switch: payments", off),
                  ("button_color", "Button colour", variants)])
    }

    static let checkoutDocuments: [Int: HostedDocument] = [
        1: .parsed(checkout(newCheckout: false, expressPay: true)),
        2: .parsed(checkout(newCheckout: true, expressPay: true)),
        3: .parsed(checkout(newCheckout: true, expressPay: false)),
    ]
    static let searchDocuments: [Int: HostedDocument] = [
        1: .parsed(document([("semantic_search", "Semantic search", on), ("typo_tolerance", "Typo tolerance", on)])),
        2: .parsed(document([("semantic_search", "Semantic search", on), ("typo_tolerance", "Typo tolerance", off)])),
    ]
    static let ledgerDocuments: [Int: HostedDocument] = [
        1: .parsed(document([("ledger_audit", "Ledger audit trail", on)])),
        2: .parsed(document([("ledger_audit", "Ledger audit trail", on), ("ledger_v2", "Ledger v2", on)])),
    ]

    static func deployment(_ n: Int, _ version: Int, daysAgo: Double, state: DeploymentState = .complete,
                           percent: Double = 100) -> Deployment {
        let completed = asOf.addingTimeInterval(-daysAgo * 86_400)
        return Deployment(deploymentNumber: n, state: state, percentageComplete: percent,
                          startedAt: completed.addingTimeInterval(-600),
                          completedAt: state == .complete ? completed : nil, configurationVersion: version,
                          strategyId: "AppConfig.AllAtOnce", finalBakeTimeInMinutes: state == .baking ? 30 : nil)
    }

    /// The deployments of one application to one environment.
    static func deployments(app: String, account i: Int, region: String, environment: String) -> [Deployment] {
        switch app {
        case "checkout":
            if environment == "prod", region == "us-east-1", drifting.contains(i) { return [deployment(1, 1, daysAgo: 150)] }
            var deployments = [deployment(1, 1, daysAgo: 150), deployment(2, 2, daysAgo: 100)]
            if environment == "dev" { deployments.append(deployment(3, 3, daysAgo: 10)) }
            if i == 42, environment == "staging", region == "eu-west-1" {
                deployments.append(deployment(3, 3, daysAgo: 0.03, state: .deploying, percent: 40))
            }
            if i == 150, environment == "prod", region == "eu-west-1" {
                deployments.append(deployment(3, 3, daysAgo: 0.01, state: .baking))
            }
            return deployments
        case "search":
            var deployments = [deployment(1, 1, daysAgo: 120)]
            if environment == "dev" || (environment == "staging" && i % 4 == 0) { deployments.append(deployment(2, 2, daysAgo: 20)) }
            return deployments
        default:
            var deployments = [deployment(1, 1, daysAgo: 90)]
            if environment != "prod" { deployments.append(deployment(2, 2, daysAgo: 15)) }
            return deployments
        }
    }

    /// The fleet input of the given accounts.
    static func input(accounts: [Int]) -> FleetInput {
        var environments: [EnvironmentID] = []
        var profiles: [HostedProfile] = []
        var histories: [DeploymentHistory] = []
        for i in accounts {
            for region in regions {
                var apps: [(String, [Int: HostedDocument], Int)] = [("checkout", checkoutDocuments, 3), ("search", searchDocuments, 2)]
                if i <= 40 { apps.append(("ledger", ledgerDocuments, 2)) }
                for (app, documents, latest) in apps {
                    let profile = ProfileRef(accountId: id(i), region: region, applicationName: app,
                                             profileId: "\(app)-\(i)-\(region)", profileName: "\(app)-flags")
                    profiles.append(HostedProfile(profile: profile, latestVersion: latest, documents: documents))
                    for name in self.environments {
                        let environment = EnvironmentID(accountName: self.name(i), accountId: id(i), region: region,
                                                        applicationName: app, environmentName: name)
                        environments.append(environment)
                        histories.append(DeploymentHistory(environment: environment, profile: profile,
                                                           deployments: deployments(app: app, account: i, region: region, environment: name)))
                    }
                }
            }
        }
        return FleetInput(environments: environments, profiles: profiles, histories: histories)
    }

    static let errors: [ScanError] = unreadable.flatMap { i in
        regions.map { ScanError(account: name(i), accountId: id(i), region: $0,
                                message: "AccessDenied: not authorized to perform sts:AssumeRole on FlagDeckReader") }
    }

    /// Built once per test process: every test reads the same value.
    static let result: ScanResult = {
        let readable = (1...accountCount).filter { !unreadable.contains($0) }
        var input = Self.input(accounts: readable)
        let earlierAt = asOf.addingTimeInterval(-7200)
        let earlier = ScanResult.build(from: Self.input(accounts: unreadable), policy: RetirementPolicy(asOf: earlierAt),
                                       errors: [], scannedAt: earlierAt)
        input.earlier = EarlierScan(snapshot: earlier.snapshot, scannedAt: earlierAt)
        return ScanResult.build(from: input, policy: RetirementPolicy(asOf: asOf), errors: errors, scannedAt: asOf)
    }()
}
