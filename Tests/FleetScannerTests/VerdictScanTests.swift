import AppConfigClient
import FlagDeckConfig
import FlagModel
import FleetScanner
import Foundation
import Testing

/// Every verdict and its boundary, through the whole scanner: scenarios built with the
/// API on the emulator's virtual clock, history back-dated months, verdicts judged with
/// `scan(asOf:)`.
@Suite struct VerdictScanTests {
    static let t0 = TestFleet.t0
    static let day = TestFleet.day

    @Test func staleAtExactlyThirtyDaysNotOneMinuteBefore() async throws {
        try await withFleet { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let app = try await r.app("checkout")
            let dev = try await r.env(app, "dev")
            let prod = try await r.env(app, "prod")
            let profile = try await r.profile(app)
            let v1 = try await r.version(app, profile, [.on("new_ui"), .on("tuned", ["limit": 10]), .off("never_launched")])
            try await r.deploy(app, dev, profile, version: v1, strategy: instant, at: Self.t0)
            try await r.deploy(app, prod, profile, version: v1, strategy: instant, at: Self.t0)
            // Ten days later only an attribute of `tuned` changes: its unchanged run restarts.
            let v2 = try await r.version(app, profile, [.on("new_ui"), .on("tuned", ["limit": 20]), .off("never_launched")])
            try await r.deploy(app, dev, profile, version: v2, strategy: instant, at: Self.t0 + 10 * Self.day)
            try await r.deploy(app, prod, profile, version: v2, strategy: instant, at: Self.t0 + 10 * Self.day)

            let exactly = try await fleet.scan(asOf: Self.t0 + 30 * Self.day)
            #expect(exactly.errors.isEmpty)
            let newUI = try #require(exactly.row("checkout", "flags", "new_ui"))
            #expect(newUI.kinds == [.stale])
            #expect(newUI.reason(.stale) == "on everywhere since 2026-01-01, 30 days")
            #expect(newUI.cells.count == 2)
            for cell in newUI.cells {
                #expect(cell.state == .on)
                #expect(cell.since == Self.t0)
                #expect(cell.servedVersion == v2)
            }
            // Value and attributes: `tuned` changed on day 10, so it is not stale yet.
            #expect(try #require(exactly.row("checkout", "flags", "tuned")).kinds.isEmpty)
            #expect(exactly.cell("checkout", "flags", "tuned", env: "prod")?.since == Self.t0 + 10 * Self.day)

            let minuteBefore = try await fleet.scan(asOf: Self.t0 + 30 * Self.day - 60)
            #expect(try #require(minuteBefore.row("checkout", "flags", "new_ui")).kinds.isEmpty)

            let tunedStale = try await fleet.scan(asOf: Self.t0 + 40 * Self.day)
            #expect(try #require(tunedStale.row("checkout", "flags", "tuned")).kinds == [.stale])
        }
    }

    @Test func deadAtSixtyDaysNotOneMinuteBefore() async throws {
        try await withFleet { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let app = try await r.app("search")
            let staging = try await r.env(app, "staging")
            let prod = try await r.env(app, "prod")
            let profile = try await r.profile(app)
            let v1 = try await r.version(app, profile, [.on("switched_off_later"), .off("never_launched")])
            try await r.deploy(app, staging, profile, version: v1, strategy: instant, at: Self.t0)
            try await r.deploy(app, prod, profile, version: v1, strategy: instant, at: Self.t0)
            let v2 = try await r.version(app, profile, [.off("switched_off_later"), .off("never_launched")])
            try await r.deploy(app, staging, profile, version: v2, strategy: instant, at: Self.t0 + 5 * Self.day)
            try await r.deploy(app, prod, profile, version: v2, strategy: instant, at: Self.t0 + 5 * Self.day)

            let at60 = try await fleet.scan(asOf: Self.t0 + 60 * Self.day)
            let never = try #require(at60.row("search", "flags", "never_launched"))
            #expect(never.kinds == [.dead])
            #expect(never.reason(.dead) == "off everywhere since 2026-01-01, 60 days")
            // Switched off on day 5: dead only from day 65.
            #expect(try #require(at60.row("search", "flags", "switched_off_later")).kinds.isEmpty)

            let before = try await fleet.scan(asOf: Self.t0 + 60 * Self.day - 60)
            #expect(try #require(before.row("search", "flags", "never_launched")).kinds.isEmpty)

            let at65 = try await fleet.scan(asOf: Self.t0 + 65 * Self.day)
            #expect(try #require(at65.row("search", "flags", "switched_off_later")).kinds == [.dead])
        }
    }

    @Test func shortTermAndOverdueAfterTheDeprecationDay() async throws {
        try await withFleet { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let app = try await r.app("checkout")
            let prod = try await r.env(app, "prod")
            let profile = try await r.profile(app)
            let v1 = try await r.version(app, profile, [.shortTerm("promo_banner", until: "2026-01-20"), .on("plain")])
            try await r.deploy(app, prod, profile, version: v1, strategy: instant, at: Self.t0)

            // The last minute of the deprecation day: short-term, not yet overdue.
            let onTheDay = try await fleet.scan(asOf: Self.t0 + 20 * Self.day - 60)
            let promo = try #require(onTheDay.row("checkout", "flags", "promo_banner"))
            #expect(promo.kinds == [.shortTerm])
            #expect(promo.reason(.shortTerm) == "planned for deprecation on 2026-01-20")
            #expect(promo.definition?.deprecation?.date == "2026-01-20")
            #expect(try #require(onTheDay.row("checkout", "flags", "plain")).kinds.isEmpty)

            let dayAfter = try await fleet.scan(asOf: Self.t0 + 20 * Self.day)
            let overdue = try #require(dayAfter.row("checkout", "flags", "promo_banner"))
            #expect(overdue.kinds == [.shortTerm, .overdue])
            #expect(overdue.reason(.overdue) == "deprecation date 2026-01-20 passed")
        }
    }

    @Test func driftBetweenRegionsAndBetweenProductionEnvironments() async throws {
        try await withFleet { fleet in
            // Same application in two regions of one account: on in one prod, off in the other.
            for (region, launched) in [("us-east-1", true), ("eu-west-1", false)] {
                let r = fleet.region(TestFleet.alpha, region)
                let instant = try await r.instantStrategy()
                let app = try await r.app("search")
                let prod = try await r.env(app, "prod")
                let dev = try await r.env(app, "dev")
                let profile = try await r.profile(app)
                let v = try await r.version(app, profile, [launched ? .on("regional_launch") : .off("regional_launch"),
                                                           .on("everywhere")])
                try await r.deploy(app, prod, profile, version: v, strategy: instant, at: Self.t0)
                // dev differs from prod in both regions: never drift, it is not production.
                let devVersion = try await r.version(app, profile, [.off("regional_launch"), .off("everywhere")])
                try await r.deploy(app, dev, profile, version: devVersion, strategy: instant, at: Self.t0)
            }
            // Two production environments of one application with different attribute values.
            let r = fleet.region(TestFleet.beta)
            let instant = try await r.instantStrategy()
            let app = try await r.app("payments")
            let prod = try await r.env(app, "prod")
            let prodEU = try await r.env(app, "prod-eu")
            let staging = try await r.env(app, "staging")
            let profile = try await r.profile(app)
            let three = try await r.version(app, profile, [.on("retry_policy", ["max_attempts": 3]), .on("same", ["mode": "fast"])])
            try await r.deploy(app, prod, profile, version: three, strategy: instant, at: Self.t0)
            try await r.deploy(app, staging, profile, version: three, strategy: instant, at: Self.t0)
            let five = try await r.version(app, profile, [.on("retry_policy", ["max_attempts": 5]), .on("same", ["mode": "fast"])])
            try await r.deploy(app, prodEU, profile, version: five, strategy: instant, at: Self.t0)

            let result = try await fleet.scan(asOf: Self.t0 + 10 * Self.day)
            #expect(result.errors.isEmpty)
            let regional = try #require(result.row("search", "flags", "regional_launch"))
            #expect(regional.kinds == [.drift])
            #expect(regional.reason(.drift) == "on in alpha/us-east-1/prod; off in alpha/eu-west-1/prod")
            #expect(try #require(result.row("search", "flags", "everywhere")).kinds.isEmpty)

            let retry = try #require(result.row("payments", "flags", "retry_policy"))
            #expect(retry.kinds == [.drift])
            #expect(retry.reason(.drift) == "production values differ: max_attempts=3 in beta/us-east-1/prod; max_attempts=5 in beta/us-east-1/prod-eu")
            #expect(try #require(result.row("payments", "flags", "same")).kinds.isEmpty)
        }
    }

    @Test func permanentByKeyPatternIsExemptFromRetirement() async throws {
        try await withFleet { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let app = try await r.app("checkout")
            let prod = try await r.env(app, "prod")
            let profile = try await r.profile(app)
            let v1 = try await r.version(app, profile, [.off("kill_payments"), .on("ops_rate_limit", ["limit": 100]),
                                                       .on("feature_x")])
            try await r.deploy(app, prod, profile, version: v1, strategy: instant, at: Self.t0)

            let result = try await fleet.scan(asOf: Self.t0 + 100 * Self.day)
            let kill = try #require(result.row("checkout", "flags", "kill_payments"))
            #expect(kill.kinds == [.permanent])
            #expect(kill.reason(.permanent) == "key matches kill_*")
            #expect(try #require(result.row("checkout", "flags", "ops_rate_limit")).kinds == [.permanent])
            #expect(try #require(result.row("checkout", "flags", "feature_x")).kinds == [.stale])

            // The patterns come from the configuration.
            let custom = try await fleet.scan(asOf: Self.t0 + 100 * Self.day,
                                              configuration: fleet.configuration(permanent: ["feature_*"]))
            #expect(try #require(custom.row("checkout", "flags", "feature_x")).kinds == [.permanent])
            #expect(try #require(custom.row("checkout", "flags", "kill_payments")).kinds == [.dead])
        }
    }

    @Test func permanentByReviewDecision() async throws {
        try await withFleet { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            let app = try await r.app("checkout")
            let prod = try await r.env(app, "prod")
            let profile = try await r.profile(app)
            let v1 = try await r.version(app, profile, [.on("feature_x")])
            try await r.deploy(app, prod, profile, version: v1, strategy: instant, at: Self.t0)
            var scanner = try fleet.scanner()
            scanner.permanentFlags = [FlagID(application: "checkout", profile: "flags", key: "feature_x")]
            let result = await scanner.scan(asOf: Self.t0 + 100 * Self.day)
            let row = try #require(result.row("checkout", "flags", "feature_x"))
            #expect(row.kinds == [.permanent])
            #expect(row.reason(.permanent) == "marked permanent in review")
        }
    }
}
