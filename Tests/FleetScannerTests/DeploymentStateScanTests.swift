import AppConfigClient
import FlagDeckConfig
import FlagModel
import FleetScanner
import Foundation
import Testing

/// What an environment serves when deployments roll back, revert, are still running,
/// or when newer versions wait undeployed; and a version that is not valid JSON.
@Suite struct DeploymentStateScanTests {
    static let t0 = TestFleet.t0
    static let day = TestFleet.day

    @Test func rolledBackAndRevertedDeploymentsAreNotServed() async throws {
        try await withFleet { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let slow = try await r.slowStrategy()
            let app = try await r.app("checkout")
            let rolledBack = try await r.env(app, "staging")
            let reverted = try await r.env(app, "prod")
            let profile = try await r.profile(app)
            let v1 = try await r.version(app, profile, [.on("new_ui"), .off("other")])
            let v2 = try await r.version(app, profile, [.off("new_ui"), .off("other")])
            try await r.deploy(app, rolledBack, profile, version: v1, strategy: instant, at: Self.t0)
            try await r.deploy(app, reverted, profile, version: v1, strategy: instant, at: Self.t0)

            // staging: v2 starts rolling out and is stopped five minutes in → ROLLED_BACK.
            let stopped = try await r.deploy(app, rolledBack, profile, version: v2, strategy: slow, at: Self.t0 + Self.day)
            try await r.stop(app, rolledBack, deployment: stopped, revert: false, at: Self.t0 + Self.day + 300)
            // prod: v2 completes, then is reverted an hour later → REVERTED.
            let undone = try await r.deploy(app, reverted, profile, version: v2, strategy: instant, at: Self.t0 + Self.day + 600)
            try await r.stop(app, reverted, deployment: undone, revert: true, at: Self.t0 + Self.day + 3600)
            fleet.at(Self.t0 + 2 * Self.day)

            let result = try await fleet.scan(asOf: Self.t0 + 40 * Self.day)
            #expect(result.errors.isEmpty)
            // v2 served `new_ui` off to some clients in both (20% in staging for five minutes,
            // everyone in prod for an hour): the run of `on` starts again when v1 came back.
            let restored = ["staging": Self.t0 + Self.day + 300, "prod": Self.t0 + Self.day + 3600]
            for env in ["staging", "prod"] {
                let cell = try #require(result.cell("checkout", "flags", "new_ui", env: env))
                #expect(cell.state == .on, "\(env)")
                #expect(cell.servedVersion == v1, "\(env)")
                #expect(cell.since == restored[env], "\(env)")
                #expect(cell.rollingOutPercent == nil, "\(env)")
                // v2 is the newest version and differs from what is served: pending again.
                #expect(cell.pendingVersion == v2, "\(env)")
            }
            // On everywhere since the revert, 38 days before the verdict: still stale.
            #expect(try #require(result.row("checkout", "flags", "new_ui")).kinds == [.stale])
            // `other` is off in v1 and v2 alike: the undone deployments never changed it.
            #expect(result.cell("checkout", "flags", "other", env: "prod")?.stateSince == Self.t0)
            let states = Dictionary(result.deployments.map { ("\($0.environment.environmentName)#\($0.deploymentNumber)", $0.state) },
                                    uniquingKeysWith: { a, _ in a })
            #expect(states["staging#\(stopped)"] == .rolledBack)
            #expect(states["prod#\(undone)"] == .reverted)
            #expect(states["prod#1"] == .complete)
        }
    }

    @Test func deploymentInProgressShowsRollingOutPercent() async throws {
        try await withFleet { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let slow = try await r.slowStrategy()
            let app = try await r.app("checkout")
            let prod = try await r.env(app, "prod")
            let profile = try await r.profile(app)
            let v1 = try await r.version(app, profile, [.off("launching"), .on("steady")])
            let v2 = try await r.version(app, profile, [.on("launching"), .on("steady")])
            try await r.deploy(app, prod, profile, version: v1, strategy: instant, at: Self.t0)
            // LINEAR 20 % every 4 minutes: 5 minutes in, 40 % of the fleet has v2.
            try await r.deploy(app, prod, profile, version: v2, strategy: slow, at: Self.t0 + 40 * Self.day)
            fleet.at(Self.t0 + 40 * Self.day + 300)

            let result = try await fleet.scan(asOf: Self.t0 + 40 * Self.day + 300)
            let launching = try #require(result.cell("checkout", "flags", "launching", env: "prod"))
            #expect(launching.state == .off)
            #expect(launching.servedVersion == v1)
            #expect(launching.rollingOutPercent == 40)
            #expect(launching.rollingOutVersion == v2)
            let steady = try #require(result.cell("checkout", "flags", "steady", env: "prod"))
            #expect(steady.rollingOutPercent == nil, "the deployment does not change it")
            #expect(steady.state == .on)
            // A flag that is moving is never a retirement candidate.
            #expect(try #require(result.row("checkout", "flags", "launching")).kinds.isEmpty)
            #expect(try #require(result.row("checkout", "flags", "steady")).kinds == [.stale])
            let running = try #require(result.deployments.first { $0.configurationVersion == v2 })
            #expect(running.state == .deploying)
            #expect(running.percentageComplete == 40)
        }
    }

    @Test func newerUndeployedVersionIsPendingOnlyForTheFlagsItChanges() async throws {
        try await withFleet { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let app = try await r.app("checkout")
            let dev = try await r.env(app, "dev")
            let prod = try await r.env(app, "prod")
            let profile = try await r.profile(app)
            let v1 = try await r.version(app, profile, [.off("next"), .on("steady")])
            let v2 = try await r.version(app, profile, [.on("next"), .on("steady")])
            try await r.deploy(app, prod, profile, version: v1, strategy: instant, at: Self.t0)
            try await r.deploy(app, dev, profile, version: v2, strategy: instant, at: Self.t0)
            let v3 = try await r.version(app, profile, [.on("next"), .on("steady"), .on("brand_new")])

            let result = try await fleet.scan(asOf: Self.t0 + Self.day)
            #expect(result.cell("checkout", "flags", "next", env: "prod")?.pendingVersion == v3)
            #expect(result.cell("checkout", "flags", "next", env: "dev")?.pendingVersion == nil, "v3 does not change it in dev")
            #expect(result.cell("checkout", "flags", "steady", env: "prod")?.pendingVersion == nil)
            let brandNew = try #require(result.cell("checkout", "flags", "brand_new", env: "prod"))
            #expect(brandNew.state == .absent)
            #expect(brandNew.pendingVersion == v3)
            #expect(result.row("checkout", "flags", "brand_new")?.definition?.name == "Flag brand_new")
        }
    }

    @Test func unreadableHostedVersionIsReportedOnItsCellsNotFatal() async throws {
        try await withFleet { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let app = try await r.app("checkout")
            let prod = try await r.env(app, "prod")
            let good = try await r.profile(app, "flags")
            let broken = try await r.profile(app, "broken-flags")
            let v1 = try await r.version(app, good, [.on("fine")])
            try await r.deploy(app, prod, good, version: v1, strategy: instant, at: Self.t0)
            let readable = try await r.version(app, broken, [.on("was_fine")])
            try await r.deploy(app, prod, broken, version: readable, strategy: instant, at: Self.t0)
            // The API validates feature-flag content on create; the engine does not.
            let garbage = fleet.injectVersion(TestFleet.alpha, "us-east-1", applicationId: app.id, profileId: broken.id,
                                              content: #"{"version": "1", "flags": {"#)
            try await r.deploy(app, prod, broken, version: garbage, strategy: instant, at: Self.t0 + Self.day)

            let result = try await fleet.scan(asOf: Self.t0 + 40 * Self.day)
            #expect(result.errors.isEmpty, "an unreadable document is not a scan error")
            let cell = try #require(result.cell("checkout", "broken-flags", "was_fine", env: "prod"))
            #expect(cell.state == .unknown)
            #expect(cell.servedVersion == garbage)
            #expect(cell.note?.contains("version \(garbage) is unreadable") == true)
            // A verdict must not rest on a guess.
            #expect(try #require(result.row("checkout", "broken-flags", "was_fine")).kinds.isEmpty)
            let summary = try #require(result.snapshot.environments.first { $0.id.environmentName == "prod" })
            #expect(summary.problems.count == 1)
            #expect(summary.problems.first?.hasPrefix("broken-flags: version \(garbage) is unreadable") == true)
            // The other profile of the same environment is unaffected.
            #expect(result.cell("checkout", "flags", "fine", env: "prod")?.state == .on)
            #expect(try #require(result.row("checkout", "flags", "fine")).kinds == [.stale])
        }
    }

    @Test func environmentsWithoutDeploymentsAndFreeformProfiles() async throws {
        try await withFleet { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let app = try await r.app("checkout")
            let prod = try await r.env(app, "prod")
            _ = try await r.env(app, "fresh")
            let profile = try await r.profile(app)
            let settings = try await r.client.createConfigurationProfile(applicationId: app.id, name: "settings", type: .freeform)
            let freeformVersion = try await r.client.createHostedConfigurationVersion(
                applicationId: app.id, profileId: settings.id, content: Data(#"{"poolSize": 3}"#.utf8)).versionNumber
            let v1 = try await r.version(app, profile, [.on("a")])
            try await r.deploy(app, prod, profile, version: v1, strategy: instant, at: Self.t0)
            fleet.at(Self.t0 + 60)
            _ = try await r.client.startDeployment(applicationId: app.id, environmentId: prod.id, profileId: settings.id,
                                                   configurationVersion: String(freeformVersion), strategyId: instant)
            // An application with no feature-flag profile still lists its environments.
            let bare = try await r.app("no-flags")
            _ = try await r.env(bare, "prod")

            let before = fleet.emulator.operationCounts
            let result = try await fleet.scan(asOf: Self.t0 + Self.day)
            #expect(result.errors.isEmpty)
            #expect(result.snapshot.rows.map(\.flag.description) == ["checkout/flags/a"], "freeform profiles are not flags")
            #expect(result.cell("checkout", "flags", "a", env: "fresh")?.state == .absent)
            #expect(result.cell("checkout", "flags", "a", env: "fresh")?.servedVersion == nil)
            #expect(Set(result.snapshot.environments.map { "\($0.id.applicationName)/\($0.id.environmentName)" })
                    == ["checkout/prod", "checkout/fresh", "no-flags/prod"])
            // The freeform version is read once, to see it is not Powertools features (then it
            // is cached like any version), and the profile is skipped and counted.
            let ops = fleet.operations(since: before)
            #expect(ops["GetHostedConfigurationVersion"] == 2)
            #expect(result.skippedProfiles.map(\.profile) == ["settings"])
            #expect(ops["ListDeployments"] == 2, "no-flags has no profile, so its deployments are never listed")
        }
    }
}
