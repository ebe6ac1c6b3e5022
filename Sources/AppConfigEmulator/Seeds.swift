import FlagModel
import Foundation

/// Builds the initial world of each seed by driving the engine with back-dated timestamps,
/// so every version, deployment and `_createdAt`/`_updatedAt` looks like real history.
enum Seeds {
    static let defaultAccount = EmulatorAccount(
        accountId: "000000000000", name: "default", accessKeyId: "AKIDEMODEFAULT000000",
        secretAccessKey: "emulator-default-secret-not-a-real-key00", regions: ["us-east-1"])

    static func build(_ seed: EmulatorSeed, now: Date) throws -> EmulatorEngine {
        switch seed {
        case .empty: return EmulatorEngine()
        case .demo: return try DemoFleet(now: now).build()
        case .synthetic(let s): return try SyntheticFleet(spec: s, now: now).build()
        }
    }

    static func isProduction(_ envName: String) -> Bool { envName.hasPrefix("prod") }
}

// MARK: - demo

/// The demo fleet. Content is deterministic; timestamps and deprecation dates are relative to `now`.
struct DemoFleet {
    let now: Date
    static let day: TimeInterval = 86_400

    static let accounts: [EmulatorAccount] = [
        EmulatorAccount(accountId: "111122223333", name: "payments-prod", accessKeyId: "AKIDEMOPAYMENTSPROD1",
                        secretAccessKey: "emulator-demo-secret-payments-prod-00001", regions: ["us-east-1", "eu-west-1"]),
        EmulatorAccount(accountId: "222233334444", name: "payments-staging", accessKeyId: "AKIDEMOPAYMENTSSTG01",
                        secretAccessKey: "emulator-demo-secret-payments-stg-000001", regions: ["us-east-1"]),
        EmulatorAccount(accountId: "333344445555", name: "search-prod", accessKeyId: "AKIDEMOSEARCHPROD001",
                        secretAccessKey: "emulator-demo-secret-search-prod-0000001", regions: ["us-east-1", "eu-west-1"]),
        EmulatorAccount(accountId: "444455556666", name: "platform", accessKeyId: "AKIDEMOPLATFORM00001",
                        secretAccessKey: "emulator-demo-secret-platform-000000001", regions: ["us-east-1"]),
    ]

    /// account name → (applications, environments)
    static let layout: [(account: String, apps: [String], envs: [String])] = [
        ("payments-prod", ["checkout", "payments-api", "fraud-detection"], ["prod-canary", "prod"]),
        ("payments-staging", ["checkout", "payments-api", "fraud-detection"], ["dev", "staging"]),
        ("search-prod", ["search", "recommendations"], ["prod"]),
        ("platform", ["identity", "notifications", "admin-console"], ["dev", "staging", "prod"]),
    ]

    struct Instance {
        var account: String
        var region: String
        var app: String
        var isProdAccount: Bool { account.hasSuffix("-prod") }
    }

    func build() throws -> EmulatorEngine {
        let engine = EmulatorEngine(accounts: Self.accounts)
        let start = now.addingTimeInterval(-181 * Self.day)
        for (accountName, apps, envNames) in Self.layout {
            let account = Self.accounts.first { $0.name == accountName }!
            for region in account.regions {
                let scope = Scope(accountId: account.accountId, region: region, now: start)
                let slow = try engine.createStrategy(scope, name: "FlagDeck.SlowLinear10PercentHourly", description: "Ten percent steps over a day, for risky changes",
                                                     durationMinutes: 1440, finalBakeMinutes: 30, growthFactor: 10, growthType: "LINEAR", replicateTo: "NONE")
                for appName in apps {
                    try buildApp(engine, Instance(account: accountName, region: region, app: appName), scope: scope,
                                 envNames: envNames, slowStrategy: slow.id)
                }
            }
        }
        let lambda = Self.accounts.first { $0.name == DemoPowertools.account }!
        try DemoPowertools(now: now).build(engine, accountId: lambda.accountId)
        SeedTrail().record(into: engine)
        return engine
    }

    private func buildApp(_ engine: EmulatorEngine, _ inst: Instance, scope: Scope, envNames: [String], slowStrategy: String) throws {
        let app = try engine.createApplication(scope, name: inst.app, description: DemoCatalog.appDescriptions[inst.app])
        let envs = try envNames.map { try engine.createEnvironment(scope, applicationId: app.id, name: $0, description: "\($0) environment of \(inst.app)", monitors: []) }
        let profile = try engine.createProfile(scope, applicationId: app.id, name: "feature-flags", description: "Feature flags of \(inst.app)",
                                               locationUri: "hosted", retrievalRoleArn: nil, validators: [], type: ProfileType.featureFlags, kmsKeyIdentifier: nil)
        // A freeform profile too, so the `type` filter matters.
        let freeform = try engine.createProfile(scope, applicationId: app.id, name: "runtime-settings", description: "Operational settings (JSON)",
                                                locationUri: "hosted", retrievalRoleArn: nil, validators: [], type: ProfileType.freeform, kmsKeyIdentifier: nil)
        _ = try engine.createHostedVersion(Scope(accountId: scope.accountId, region: scope.region, now: now.addingTimeInterval(-170 * Self.day)),
                                           applicationId: app.id, profileId: freeform.id,
                                           content: Data(#"{"logLevel":"info","poolSize":32}"#.utf8), contentType: "application/json",
                                           description: "Initial settings", latestVersionNumber: nil, versionLabel: nil)

        let flags = DemoCatalog.flags(for: inst.app)
        var milestones = Set<Int>()
        for f in flags { milestones.formUnion(f.changeDays(inst)) }
        var previous: JSONValue?
        var rolledBackProd = false
        for d in milestones.filter({ $0 >= 0 && $0 <= 180 }).sorted(by: >) {
            let doc = DemoCatalog.document(flags, inst, day: d, now: now)
            if let previous, previous == doc { continue }
            let summary = DemoCatalog.changeSummary(flags, inst, day: d)
            let t = now.addingTimeInterval(-Double(d) * Self.day - 4 * 3600)
            let vScope = Scope(accountId: scope.accountId, region: scope.region, now: t)
            let v = try engine.createHostedVersion(vScope, applicationId: app.id, profileId: profile.id,
                                                   content: Data(doc.serialized(pretty: true).utf8), contentType: "application/json",
                                                   description: summary, latestVersionNumber: nil,
                                                   versionLabel: d == 0 ? nil : "v\(UTCDate.format(t))-\(Int(t.timeIntervalSince1970) % 1000)")
            previous = doc
            // Pending: search (us-east-1) has a newer version nobody deployed yet.
            if inst.account == "search-prod" && inst.region == "us-east-1" && inst.app == "search" && d <= 2 { continue }
            for (i, env) in envs.enumerated() {
                let prod = Seeds.isProduction(env.name)
                if rolledBackProd && prod { continue }
                var start = t.addingTimeInterval(600 + Double(i) * 5400)
                var strategy = prod ? "AppConfig.Linear20PercentEvery6Minutes" : "AppConfig.AllAtOnce"
                // In progress: checkout prod (us-east-1) is rolling out today's change slowly.
                if d == 0 && inst.account == "payments-prod" && inst.region == "us-east-1" && inst.app == "checkout" && env.name == "prod" {
                    strategy = slowStrategy
                    start = now.addingTimeInterval(-150 * 60)
                }
                let dScope = Scope(accountId: scope.accountId, region: scope.region, now: start)
                let dep = try engine.startDeployment(dScope, applicationId: app.id, environmentId: env.id, strategyId: strategy,
                                                     profileId: profile.id, configurationVersion: String(v.versionNumber),
                                                     description: summary, kmsKeyIdentifier: nil)
                // Rolled back: identity's passkey launch was stopped in prod after 8 minutes.
                if inst.app == "identity" && d == DemoCatalog.passkeyDay && prod {
                    let stopScope = Scope(accountId: scope.accountId, region: scope.region, now: start.addingTimeInterval(8 * 60))
                    _ = try engine.stopDeployment(stopScope, applicationId: app.id, environmentId: env.id, number: dep.deploymentNumber, allowRevert: false)
                    rolledBackProd = true
                }
            }
        }
    }
}
