import AppConfigClient
@testable import AppConfigEmulator
import FlagDeckConfig
import FlagModel
import FleetScanner
import FleetStore
import Foundation
import Testing

/// Issue 12 through the emulator, one history real fleets have per test: promotion,
/// bake, revert (and what a warm rescan pays for it), partial reads, deprecation
/// dates and time travel. Each checks what `scan` reports, cell by cell.
@Suite struct TruthScanTests {
    static let t0 = TestFleet.t0
    static let day = TestFleet.day

    @Test func flagInAVersionDeployedToStagingOnlyIsNotStaleAndIsPendingInProd() async throws {
        try await withFleet(accounts: [TestFleet.alpha]) { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let app = try await r.app("checkout")
            let staging = try await r.env(app, "staging")
            let prod = try await r.env(app, "prod")
            let profile = try await r.profile(app)
            let v1 = try await r.version(app, profile, [.on("old")])
            try await r.deploy(app, staging, profile, version: v1, strategy: instant, at: Self.t0)
            try await r.deploy(app, prod, profile, version: v1, strategy: instant, at: Self.t0)
            let v2 = try await r.version(app, profile, [.on("old"), .on("fresh")])
            try await r.deploy(app, staging, profile, version: v2, strategy: instant, at: Self.t0 + Self.day)

            let result = try await fleet.scan(asOf: Self.t0 + 60 * Self.day)
            let fresh = try #require(result.row("checkout", "flags", "fresh"))
            #expect(!fresh.kinds.contains(.stale), "prod still serves v1, without it")
            #expect(fresh.notes.contains { $0.contains("alpha/us-east-1/prod") && $0.contains("not promoted") })
            let prodCell = try #require(result.cell("checkout", "flags", "fresh", env: "prod"))
            #expect(prodCell.state == .absent)
            #expect(prodCell.pendingVersion == v2, "a newer version ADDS it")
            #expect(try #require(result.row("checkout", "flags", "old")).kinds.contains(.stale))
        }
    }

    @Test func bakingServesTheNewValueAndSaysWhenTheBakeEnds() async throws {
        try await withFleet(accounts: [TestFleet.alpha]) { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let app = try await r.app("checkout")
            let prod = try await r.env(app, "prod")
            let profile = try await r.profile(app)
            let v1 = try await r.version(app, profile, [.on("new_checkout"), .on("steady")])
            try await r.deploy(app, prod, profile, version: v1, strategy: instant, at: Self.t0)
            let v2 = try await r.version(app, profile, [.off("new_checkout"), .on("steady")])
            // The incident kill: AllAtOnce (no growth, 10 minutes of bake), three minutes ago.
            let killedAt = Self.t0 + 40 * Self.day
            try await r.deploy(app, prod, profile, version: v2, strategy: "AppConfig.AllAtOnce", at: killedAt)
            fleet.at(killedAt + 180)

            let result = try await fleet.scan(asOf: killedAt + 180)
            let cell = try #require(result.cell("checkout", "flags", "new_checkout", env: "prod"))
            #expect(cell.state == .off, "AppConfig serves the new version to everyone while baking")
            #expect(cell.servedVersion == v2)
            #expect(cell.bakingVersion == v2)
            #expect(cell.rollingOutPercent == nil)
            #expect(cell.bakeEndsAt == killedAt + 600)
            #expect(cell.since == killedAt)
            let steady = try #require(result.cell("checkout", "flags", "steady", env: "prod"))
            #expect(steady.bakingVersion == nil, "the deployment does not change it")
            #expect(steady.since == Self.t0)

            let json = try #require(JSONSerialization.jsonObject(with: Data(ScanOutput.json(result).utf8)) as? [String: Any])
            let flag = try #require((json["flags"] as? [[String: Any]])?.first { $0["key"] as? String == "new_checkout" })
            let env = try #require((flag["environments"] as? [[String: Any]])?.first)
            #expect(env["state"] as? String == "off")
            #expect(env["baking"] as? Bool == true)
            #expect(env["rollingOutPercent"] is NSNull)
            #expect(env["bakeEndsAt"] as? String == "2026-02-10T00:10:00Z")
        }
    }

    @Test func aRevertSeenByAWarmRescanCostsOneGetDeployment() async throws {
        try await withFleet(accounts: [TestFleet.alpha]) { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let app = try await r.app("checkout")
            let prod = try await r.env(app, "prod")
            let profile = try await r.profile(app)
            let v1 = try await r.version(app, profile, [.on("new_ui")])
            try await r.deploy(app, prod, profile, version: v1, strategy: instant, at: Self.t0)
            let v2 = try await r.version(app, profile, [.off("new_ui")])
            let second = try await r.deploy(app, prod, profile, version: v2, strategy: instant, at: Self.t0 + Self.day)
            fleet.at(Self.t0 + Self.day + 600)
            let state = fleet.directory.appendingPathComponent("state")

            let cold = try await fleet.scan(asOf: Self.t0 + 2 * Self.day, cache: try FleetStore(directory: state))
            #expect(cold.cell("checkout", "flags", "new_ui", env: "prod")?.state == .off)

            // Within 72 hours of completion, someone reverts it (StopDeployment, AllowRevert).
            try await r.stop(app, prod, deployment: second, revert: true, at: Self.t0 + Self.day + 3600)
            let before = fleet.emulator.operationCounts
            let warm = try await fleet.scan(asOf: Self.t0 + 2 * Self.day, cache: try FleetStore(directory: state))
            let ops = fleet.operations(since: before)
            #expect(ops["GetDeployment"] == 1, "only the deployment whose listed state changed")
            #expect(ops["GetHostedConfigurationVersion"] == nil)
            let cell = try #require(warm.cell("checkout", "flags", "new_ui", env: "prod"))
            #expect(cell.state == .on, "the reverted value is no longer served")
            #expect(cell.servedVersion == v1)
            #expect(cell.since == Self.t0 + Self.day + 3600, "the revert starts a new run")
            #expect(warm.deployments.first { $0.deploymentNumber == second }?.state == .reverted)

            // The REVERTED record replaced the COMPLETE one: the next rescan fetches nothing.
            let again = fleet.emulator.operationCounts
            _ = try await fleet.scan(asOf: Self.t0 + 2 * Self.day, cache: try FleetStore(directory: state))
            #expect(fleet.operations(since: again)["GetDeployment"] == nil)
        }
    }

    @Test func oneUnreadableApplicationIsReportedAloneAndItsFlagsAreIncomplete() async throws {
        try await withFleet(accounts: [TestFleet.alpha]) { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            for name in ["checkout", "billing"] {
                let app = try await r.app(name)
                let prod = try await r.env(app, "prod")
                let profile = try await r.profile(app)
                let v1 = try await r.version(app, profile, [.on("\(name)_flag")])
                try await r.deploy(app, prod, profile, version: v1, strategy: instant, at: Self.t0)
            }
            let configuration = fleet.configuration([fleet.account(TestFleet.alpha, regions: ["us-east-1"])])
            let scanner = try fleet.scanner(configuration)
            let first = await scanner.scan(asOf: Self.t0 + 40 * Self.day)
            #expect(first.errors.isEmpty)
            let earlier = EarlierScan(snapshot: first.snapshot, scannedAt: Self.t0 + 40 * Self.day)

            fleet.emulator.setFaults(FaultConfig(deniedApplications: ["billing"]))
            let result = await scanner.scan(asOf: Self.t0 + 40 * Self.day, earlier: { earlier })
            #expect(result.errors.count == 1)
            #expect(result.errors.first?.application == "billing")
            #expect(result.errors.first?.message.contains("AccessDenied") == true)

            let checkout = try #require(result.row("checkout", "flags", "checkout_flag"))
            #expect(checkout.isComplete, "the earlier scan says checkout does not live in billing")
            #expect(checkout.kinds == [.stale])
            let billing = try #require(result.row("billing", "flags", "billing_flag"))
            #expect(!billing.isComplete)
            #expect(billing.unreadable == [UnreadablePart(account: "alpha", accountId: TestFleet.alpha.accountId,
                                                          region: "us-east-1", application: "billing")])
            #expect(billing.verdicts.isEmpty, "nothing readable is left to judge")
            let lastKnown = try #require(billing.cells.first)
            #expect(lastKnown.state == .on)
            #expect(lastKnown.lastReadAt == Self.t0 + 40 * Self.day)
            #expect(result.snapshot.environments.contains { $0.id.applicationName == "billing" && $0.lastReadAt != nil })

            let json = try #require(JSONSerialization.jsonObject(with: Data(ScanOutput.json(result).utf8)) as? [String: Any])
            #expect(json["complete"] as? Bool == false)
            let errors = try #require(json["errors"] as? [[String: Any]])
            #expect(errors.first?["application"] as? String == "billing")
        }
    }

    @Test func aWholeRegionThatFailsMakesItsFlagsIncompleteAndQualifiesTheirVerdicts() async throws {
        try await withFleet { fleet in
            let instant = "AppConfig.AllAtOnce"
            for account in [TestFleet.alpha, TestFleet.beta] {
                let r = fleet.region(account)
                let app = try await r.app("checkout")
                let prod = try await r.env(app, "prod")
                let profile = try await r.profile(app)
                let v1 = try await r.version(app, profile, [.on("shared")])
                try await r.deploy(app, prod, profile, version: v1, strategy: instant, at: Self.t0)
            }
            fleet.at(Self.t0 + Self.day)
            let configuration = fleet.configuration([fleet.account(TestFleet.alpha, regions: ["us-east-1"]),
                                                     fleet.account(TestFleet.beta)])
            let environment = try fleet.environment(keys: ["beta": .wrongSecret])
            let result = await (try fleet.scanner(configuration, environment: environment)).scan(asOf: Self.t0 + 40 * Self.day)
            #expect(result.errors.map(\.part.description) == ["beta/us-east-1"])
            let shared = try #require(result.row("checkout", "flags", "shared"))
            #expect(!shared.isComplete, "no earlier scan: it may live in beta too")
            #expect(shared.reason(.stale) == "on everywhere readable since 2026-01-01, 40 days; 1 account/region unreadable")
        }
    }

    @Test func deprecationDatesComeFromProductionAndDisagreementsAreShown() async throws {
        try await withFleet { fleet in
            for (account, date) in [(TestFleet.alpha, "2026-01-20"), (TestFleet.beta, "2026-03-31")] {
                let r = fleet.region(account)
                let app = try await r.app("checkout")
                let prod = try await r.env(app, "prod")
                let profile = try await r.profile(app)
                let v1 = try await r.version(app, profile, [.shortTerm("temp", until: date)])
                try await r.deploy(app, prod, profile, version: v1, strategy: "AppConfig.AllAtOnce", at: Self.t0)
                // A newer, undeployed version moves the date: production's promise still holds.
                try await r.version(app, profile, [.shortTerm("temp", until: "2027-01-01")])
            }
            // A date no calendar has, in a version that got past validation (older tooling).
            let r = fleet.region(TestFleet.alpha)
            let legacy = try await r.app("legacy")
            let prod = try await r.env(legacy, "prod")
            let profile = try await r.profile(legacy)
            let bad = fleet.injectVersion(TestFleet.alpha, "us-east-1", applicationId: legacy.id, profileId: profile.id, content: """
                {"version":"1","flags":{"broken":{"name":"Broken","_deprecation":{"status":"planned","date":"2026-02-30"}}},
                 "values":{"broken":{"enabled":true}}}
                """)
            try await r.deploy(legacy, prod, profile, version: bad, strategy: "AppConfig.AllAtOnce", at: Self.t0)
            fleet.at(Self.t0 + Self.day)
            let configuration = fleet.configuration([fleet.account(TestFleet.alpha, regions: ["us-east-1"]),
                                                     fleet.account(TestFleet.beta)])
            let result = try await fleet.scan(asOf: Self.t0 + 40 * Self.day, configuration: configuration)
            let temp = try #require(result.row("checkout", "flags", "temp"))
            #expect(temp.deprecationDates == ["2026-01-20", "2026-03-31"])
            #expect(temp.reason(.shortTerm) == "planned for deprecation on 2026-01-20, 2026-03-31")
            #expect(temp.reason(.overdue) == "deprecation date 2026-01-20 passed")
            let broken = try #require(result.row("legacy", "flags", "broken"))
            #expect(!broken.kinds.contains(.overdue))
            #expect(broken.problems == ["_deprecation.date \"2026-02-30\" is not a date (YYYY-MM-DD): overdue cannot be judged"])
        }
    }

    @Test func asOfReplaysEachDeploymentToItsStateThen() async throws {
        try await withFleet(accounts: [TestFleet.alpha]) { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let slow = try await r.slowStrategy()
            let app = try await r.app("checkout")
            let prod = try await r.env(app, "prod")
            let profile = try await r.profile(app)
            let v1 = try await r.version(app, profile, [.off("launching")])
            try await r.deploy(app, prod, profile, version: v1, strategy: instant, at: Self.t0)
            let v2 = try await r.version(app, profile, [.on("launching")])
            let rollout = Self.t0 + 10 * Self.day
            try await r.deploy(app, prod, profile, version: v2, strategy: slow, at: rollout)
            let v3 = try await r.version(app, profile, [.off("launching")])
            try await r.deploy(app, prod, profile, version: v3, strategy: instant, at: Self.t0 + 20 * Self.day)
            fleet.at(Self.t0 + 30 * Self.day)

            // 03:12 during the rollout: LINEAR 20% every 4 minutes, 5 minutes in → 40%.
            let past = try await fleet.scan(asOf: rollout + 300)
            let cell = try #require(past.cell("checkout", "flags", "launching", env: "prod"))
            #expect(cell.state == .off)
            #expect(cell.servedVersion == v1)
            #expect(cell.rollingOutPercent == 40)
            #expect(cell.rollingOutVersion == v2)
            #expect(cell.pendingVersion == v2, "v2 waits; v3 did not exist yet as far as anyone can tell")
            #expect(past.deployments.count == 2, "the deployment of day 20 had not started")
            #expect(past.deployments.first?.state == .deploying)

            let now = try await fleet.scan(asOf: Self.t0 + 30 * Self.day)
            #expect(now.cell("checkout", "flags", "launching", env: "prod")?.servedVersion == v3)
        }
    }

    /// AppConfig's clock a little ahead of ours (skew; the demo's fast clock): a scan of now
    /// still shows a deployment that started "later" than our now. Only `--as-of` travels.
    @Test func aScanOfNowIgnoresClockSkew() async throws {
        try await withFleet(accounts: [TestFleet.alpha]) { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let app = try await r.app("checkout")
            let prod = try await r.env(app, "prod")
            let profile = try await r.profile(app)
            let v1 = try await r.version(app, profile, [.on("kill_me")])
            try await r.deploy(app, prod, profile, version: v1, strategy: instant, at: Date().addingTimeInterval(-3600))
            let v2 = try await r.version(app, profile, [.off("kill_me")])
            try await r.deploy(app, prod, profile, version: v2, strategy: instant, at: Date().addingTimeInterval(300))
            let result = await (try fleet.scanner()).scan()
            #expect(result.cell("checkout", "flags", "kill_me", env: "prod")?.state == .off)
            #expect(result.cell("checkout", "flags", "kill_me", env: "prod")?.servedVersion == v2)
        }
    }

    /// Issue 14: a request that still fails after its retries loses that environment (or
    /// that version), not its application or region; throttling and transient errors are
    /// retried until nothing is lost.
    @Test func failuresAreScopedToTheEnvironmentAndFaultsLoseNothing() async throws {
        try await withFleet(accounts: [TestFleet.alpha]) { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let app = try await r.app("checkout")
            let profile = try await r.profile(app)
            let v1 = try await r.version(app, profile, [.on("new_ui")])
            for name in ["dev", "prod"] {
                let env = try await r.env(app, name)
                try await r.deploy(app, env, profile, version: v1, strategy: instant, at: Self.t0)
            }
            let configuration = fleet.configuration([fleet.account(TestFleet.alpha, regions: ["us-east-1"])])
            let scanner = try fleet.scanner(configuration)
            let clean = await scanner.scan(asOf: Self.t0 + Self.day)
            #expect(clean.errors.isEmpty)

            fleet.emulator.setFaults(FaultConfig(throttlePercent: 30, errorPercent: 10))
            let faulty = await scanner.scan(asOf: Self.t0 + Self.day)
            #expect(faulty.errors.isEmpty, "\(faulty.errors.map(\.message))")
            #expect(faulty.snapshot == clean.snapshot)

            fleet.emulator.setFaults(FaultConfig(operations: ["ListDeployments": OperationFault(failures: 1000, status: 500)]))
            let lost = await scanner.scan(asOf: Self.t0 + Self.day)
            #expect(Set(lost.errors.map(\.part.description)) == ["alpha/us-east-1/checkout/dev", "alpha/us-east-1/checkout/prod"])
            #expect(lost.errors.allSatisfy { $0.application == "checkout" && $0.environment != nil })
            #expect(lost.row("checkout", "flags", "new_ui")?.isComplete == false)
        }
    }
}
