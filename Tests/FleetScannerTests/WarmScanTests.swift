import AWSCore
import AppConfigClient
import FlagDeckConfig
import FlagModel
@testable import FleetScanner
import FleetStore
import Foundation
import Testing

/// Immutable things are cached forever: a warm rescan of an unchanged fleet asks the
/// API only for lists (plus the identity and deployments still moving), and after a
/// new deployment it fetches only what is new. Counts come from the emulator's stats.
@Suite struct WarmScanTests {
    static let t0 = TestFleet.t0
    static let day = TestFleet.day

    static let listOperations: Set<String> = [
        "ListApplications", "ListDeploymentStrategies", "ListEnvironments", "ListConfigurationProfiles",
        "ListDeployments", "ListHostedConfigurationVersions",
    ]

    struct Built {
        var app: Application
        var prod: Environment
        var profile: ConfigurationProfile
        var region: RegionBuilder
        var instant: String
    }

    /// Per account-region: 2 environments, 3 final deployments of 2 versions; beta's prod
    /// also has a deployment still rolling out.
    static func build(_ fleet: TestFleet) async throws -> [String: Built] {
        var built: [String: Built] = [:]
        for account in fleet.emulator.accounts {
            for region in account.regions {
                let r = fleet.region(account, region)
                let instant = try await r.instantStrategy()
                let app = try await r.app("checkout")
                let dev = try await r.env(app, "dev")
                let prod = try await r.env(app, "prod")
                let profile = try await r.profile(app)
                let v1 = try await r.version(app, profile, [.on("new_ui"), .off("old_path")])
                try await r.deploy(app, dev, profile, version: v1, strategy: instant, at: t0)
                try await r.deploy(app, prod, profile, version: v1, strategy: instant, at: t0)
                let v2 = try await r.version(app, profile, [.on("new_ui"), .on("old_path")])
                try await r.deploy(app, dev, profile, version: v2, strategy: instant, at: t0 + day)
                if account.name == "beta" {
                    try await r.deploy(app, prod, profile, version: v2, strategy: try await r.slowStrategy(), at: t0 + 2 * day)
                }
                built["\(account.name)/\(region)"] = Built(app: app, prod: prod, profile: profile, region: r, instant: instant)
            }
        }
        fleet.at(t0 + 2 * day + 300)
        return built
    }

    @Test func warmRescanAsksOnlyForListsAndThenOnlyForWhatIsNew() async throws {
        try await withFleet { fleet in
            let built = try await Self.build(fleet)
            let stateDirectory = fleet.directory.appendingPathComponent("state")
            let asOf = Self.t0 + 3 * Self.day

            var before = fleet.emulator.operationCounts
            let cold = try await fleet.scan(asOf: asOf, cache: try FleetStore(directory: stateDirectory))
            let coldOps = fleet.operations(since: before)
            #expect(cold.errors.isEmpty)
            #expect(coldOps["GetHostedConfigurationVersion"] == 6, "two versions in each of three account-regions")
            #expect(coldOps["GetDeployment"] == 10, "three per account-region and beta's running one")
            #expect(coldOps["GetCallerIdentity"] == 2)

            // A new process: a fresh handle on the same file.
            before = fleet.emulator.operationCounts
            let warm = try await fleet.scan(asOf: asOf, cache: try FleetStore(directory: stateDirectory))
            let warmOps = fleet.operations(since: before)
            #expect(warm.errors.isEmpty)
            #expect(warm.snapshot == cold.snapshot)
            #expect(Set(warm.deployments) == Set(cold.deployments))
            #expect(warmOps["GetHostedConfigurationVersion"] == nil)
            #expect(warmOps["GetDeployment"] == 1, "only the deployment still rolling out")
            #expect(warmOps["GetCallerIdentity"] == 2)
            let others = Set(warmOps.keys).subtracting(Self.listOperations).subtracting(["GetDeployment", "GetCallerIdentity"])
            #expect(others.isEmpty, "unexpected calls on a warm scan: \(others)")
            // The lists are the same as cold: nothing is skipped that could have changed.
            for op in Self.listOperations { #expect(warmOps[op] == coldOps[op], "\(op)") }

            // A new version deployed in one account-region: only it and its deployment are fetched.
            let b = try #require(built["alpha/us-east-1"])
            let v3 = try await b.region.version(b.app, b.profile, [.off("new_ui"), .on("old_path")])
            try await b.region.deploy(b.app, b.prod, b.profile, version: v3, strategy: b.instant, at: Self.t0 + 2 * Self.day + 600)
            before = fleet.emulator.operationCounts
            let after = try await fleet.scan(asOf: asOf, cache: try FleetStore(directory: stateDirectory))
            let afterOps = fleet.operations(since: before)
            #expect(afterOps["GetHostedConfigurationVersion"] == 1)
            #expect(afterOps["GetDeployment"] == 2, "the new deployment and beta's running one")
            let cell = try #require(after.cell("checkout", "flags", "new_ui", env: "prod"))
            #expect(cell.servedVersion == v3)
            #expect(cell.state == .off)
            #expect(cell.since == Self.t0 + 2 * Self.day + 600)

            // Once beta's deployment completes it is cached too, and a scan fetches nothing.
            fleet.at(Self.t0 + 3 * Self.day)
            _ = try await fleet.scan(asOf: asOf, cache: try FleetStore(directory: stateDirectory))
            before = fleet.emulator.operationCounts
            let settled = try await fleet.scan(asOf: asOf, cache: try FleetStore(directory: stateDirectory))
            let settledOps = fleet.operations(since: before)
            #expect(settledOps["GetDeployment"] == nil)
            #expect(settledOps["GetHostedConfigurationVersion"] == nil)
            #expect(settled.cell("checkout", "flags", "old_path", account: "beta", env: "prod")?.state == .on)
        }
    }

    @Test func noCacheFetchesEverythingEveryTime() async throws {
        try await withFleet { fleet in
            _ = try await Self.build(fleet)
            for _ in 0..<2 {
                let before = fleet.emulator.operationCounts
                _ = try await fleet.scan(asOf: Self.t0 + 3 * Self.day)
                let ops = fleet.operations(since: before)
                #expect(ops["GetHostedConfigurationVersion"] == 6)
                #expect(ops["GetDeployment"] == 10)
            }
        }
    }

    @Test func cachedDeploymentsRoundTripExactly() async throws {
        try await withFleet { fleet in
            let built = try await Self.build(fleet)
            let b = try #require(built["beta/us-east-1"])
            let stateDirectory = fleet.directory.appendingPathComponent("state")
            let store = try FleetStore(directory: stateDirectory)
            _ = try await fleet.scan(asOf: Self.t0 + 3 * Self.day, cache: store)
            let cached = try await store.cachedDeployments(accountId: TestFleet.beta.accountId, region: "us-east-1",
                                                           applicationId: b.app.id, environmentId: b.prod.id)
            #expect(cached.keys.sorted() == [1], "the running deployment is not cached")
            let record = try #require(cached[1])
            #expect(record.state == "COMPLETE")
            #expect(CompactRecord.isCompact(record.record), "stored compact, not as JSON")
            let decoded = try AppConfigClient.Deployment(compactRecord: Array(record.record))
            let fresh = try await b.region.client.getDeployment(applicationId: b.app.id, environmentId: b.prod.id, deploymentNumber: 1)
            #expect(decoded == fresh)
            #expect(!decoded.eventLog.isEmpty)
            // A cache written by an earlier flagdeck holds JSON records: still read.
            let json = try AppConfigJSON.encoder().encode(fresh)
            #expect(AccountRegionScanner.deployment(cachedAs: json) == fresh)
            #expect(AccountRegionScanner.deployment(cachedAs: Data([CompactRecord.version, 0xFF])) == nil)
            let versions = try await store.cachedVersions(accountId: TestFleet.beta.accountId, region: "us-east-1",
                                                          applicationId: b.app.id, profileId: b.profile.id)
            #expect(versions.keys.sorted() == [1, 2])
        }
    }

    @Test func emptyOrCorruptCacheRecordIsRefetched() async throws {
        try await withFleet { fleet in
            let built = try await Self.build(fleet)
            let b = try #require(built["alpha/us-east-1"])
            let store = try FleetStore(directory: fleet.directory.appendingPathComponent("state"))
            // A record from an older flagdeck that no longer decodes.
            try await store.storeDeployments([CachedDeployment(
                key: DeploymentKey(accountId: TestFleet.alpha.accountId, region: "us-east-1", applicationId: b.app.id,
                                   environmentId: b.prod.id, deploymentNumber: 1),
                state: "COMPLETE", record: Data("{}".utf8), storedAt: Date())])
            let before = fleet.emulator.operationCounts
            let result = try await fleet.scan(asOf: Self.t0 + 3 * Self.day, cache: store)
            #expect(result.errors.isEmpty)
            #expect(result.cell("checkout", "flags", "new_ui", env: "prod")?.servedVersion == 1)
            #expect(fleet.operations(since: before)["GetDeployment"] == 10)
        }
    }

    @Test func warmScanReadsOnlyTheFirstPageOfALongDeploymentHistory() async throws {
        try await withFleet(accounts: [TestFleet.alpha]) { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let app = try await r.app("checkout")
            let prod = try await r.env(app, "prod")
            let profile = try await r.profile(app)
            let on = try await r.version(app, profile, [.on("toggled")])
            let off = try await r.version(app, profile, [.off("toggled")])
            // 120 deployments: three pages of ListDeployments (50 per page).
            for i in 0..<120 {
                try await r.deploy(app, prod, profile, version: i % 2 == 0 ? on : off, strategy: instant,
                                   at: Self.t0 + Double(i) * 3600)
            }
            let configuration = fleet.configuration([fleet.account(TestFleet.alpha, regions: ["us-east-1"])])
            let store = try FleetStore(directory: fleet.directory.appendingPathComponent("state"))
            var before = fleet.emulator.operationCounts
            let cold = try await fleet.scan(asOf: Self.t0 + 10 * Self.day, configuration: configuration, cache: store)
            let coldOps = fleet.operations(since: before)
            #expect(coldOps["ListDeployments"] == 3)
            #expect(coldOps["GetDeployment"] == 120)

            before = fleet.emulator.operationCounts
            let warm = try await fleet.scan(asOf: Self.t0 + 10 * Self.day, configuration: configuration, cache: store)
            let warmOps = fleet.operations(since: before)
            #expect(warmOps["ListDeployments"] == 1, "every older deployment is cached and final")
            #expect(warmOps["GetDeployment"] == nil)
            #expect(warm.snapshot == cold.snapshot)
            #expect(Set(warm.deployments) == Set(cold.deployments))
            #expect(warm.deployments.count == 120)
            #expect(warm.cell("checkout", "flags", "toggled", env: "prod")?.servedVersion == off)

            try await r.deploy(app, prod, profile, version: on, strategy: instant, at: Self.t0 + 6 * Self.day)
            before = fleet.emulator.operationCounts
            let after = try await fleet.scan(asOf: Self.t0 + 10 * Self.day, configuration: configuration, cache: store)
            let afterOps = fleet.operations(since: before)
            #expect(afterOps["ListDeployments"] == 1)
            #expect(afterOps["GetDeployment"] == 1)
            #expect(after.deployments.count == 121)
            #expect(after.cell("checkout", "flags", "toggled", env: "prod")?.state == .on)
            #expect(after.cell("checkout", "flags", "toggled", env: "prod")?.since == Self.t0 + 6 * Self.day)
        }
    }
}
