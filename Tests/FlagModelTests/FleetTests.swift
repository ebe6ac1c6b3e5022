import Foundation
import Testing
@testable import FlagModel

/// A small fleet builder: one application "shop", profile "flags", environments by name.
struct FleetFixture {
    static let day: TimeInterval = 86_400
    static let t0 = UTCDate.date("2026-08-02")!

    static func env(_ name: String, account: String = "acct-a", region: String = "eu-west-1") -> EnvironmentID {
        EnvironmentID(accountName: account, accountId: account == "acct-a" ? "111111111111" : "222222222222",
                      region: region, applicationName: "shop", environmentName: name)
    }

    static func profile(account: String = "acct-a", region: String = "eu-west-1") -> ProfileRef {
        ProfileRef(accountId: account == "acct-a" ? "111111111111" : "222222222222", region: region,
                   applicationName: "shop", profileId: "p1", profileName: "flags")
    }

    /// A document where each flag is `key: enabled` plus optional attribute `n`.
    static func doc(_ flags: [(String, Bool)], n: [String: Int] = [:], deprecation: [String: String] = [:]) -> HostedDocument {
        var defs = JSONObject(), vals = JSONObject()
        for (k, on) in flags {
            var def = JSONObject(); def["name"] = .string(k)
            def["attributes"] = ["n": ["constraints": ["type": "number"]]]
            if let d = deprecation[k] { def["_deprecation"] = ["status": "planned", "date": .string(d)] }
            defs[k] = .object(def)
            var v = JSONObject(); v["enabled"] = .bool(on)
            if let x = n[k] { v["n"] = .number(JSONNumber(x)) }
            vals[k] = .object(v)
        }
        return .parsed(FeatureFlagDocument(json: ["version": "1", "flags": .object(defs), "values": .object(vals)]))
    }

    static func deployment(_ number: Int, version: Int, _ state: DeploymentState = .complete, at day: Double,
                           percent: Double = 100) -> Deployment {
        let start = t0.addingTimeInterval(day * Self.day)
        return Deployment(deploymentNumber: number, state: state, percentageComplete: percent, startedAt: start,
                          completedAt: state == .complete || state.isTerminal ? start.addingTimeInterval(600) : nil,
                          configurationVersion: version, strategyId: "AppConfig.AllAtOnce")
    }

    static func policy(asOf: Date, permanentKeys: Set<FlagID> = []) -> RetirementPolicy {
        RetirementPolicy(permanentKeys: permanentKeys, asOf: asOf)
    }

    /// One profile, documents by version, deployments per environment name.
    static func snapshot(documents: [Int: HostedDocument], latest: Int?, deployments: [String: [Deployment]],
                         asOf: Date, permanentKeys: Set<FlagID> = []) -> FleetSnapshot {
        let hosted = HostedProfile(profile: profile(), latestVersion: latest, documents: documents)
        let histories = deployments.map { DeploymentHistory(environment: env($0.key), profile: profile(), deployments: $0.value) }
        let input = FleetInput(environments: deployments.keys.map { env($0) }, profiles: [hosted], histories: histories)
        return FleetSnapshot.derive(from: input, policy: policy(asOf: asOf, permanentKeys: permanentKeys))
    }

    static func flag(_ key: String) -> FlagID { FlagID(application: "shop", profile: "flags", key: key) }
}

private typealias F = FleetFixture

@Suite struct FlagDerivationTests {
    /// 600 s after day `d` of t0: when a deployment started on that day completed.
    func completed(_ d: Double) -> Date { F.t0.addingTimeInterval(d * F.day + 600) }

    @Test func servedIsLatestCompleteAndSinceRestartsAfterRevertAndRollback() {
        let docs: [Int: HostedDocument] = [1: F.doc([("a", false)]), 2: F.doc([("a", true)]), 3: F.doc([("a", true), ("b", false)]), 4: F.doc([("a", false)])]
        let deployments = [
            F.deployment(4, version: 3, at: 10),
            F.deployment(1, version: 1, at: 0),
            F.deployment(2, version: 2, at: 3),
            F.deployment(3, version: 4, .rolledBack, at: 5),
            F.deployment(5, version: 4, .reverted, at: 12),
        ]
        let s = FlagDerivation.derive(environment: F.env("prod"), hosted: HostedProfile(profile: F.profile(), latestVersion: 4, documents: docs), deployments: deployments)
        #expect(s.served?.deploymentNumber == 4)
        #expect(s.inProgress == nil)
        let a = s.cells["a"]!
        #expect(a.state == .on)
        #expect(a.servedVersion == 3)
        // v2 and v3 serve the same value of `a`, but v4 served `a` off to clients twice (a
        // rollout rolled back on day 5, a completion reverted on day 12): the run restarts at
        // the revert (without an EventLog, the revert is dated by the completion).
        #expect(a.since == completed(12))
        #expect(a.stateSince == completed(12))
        // v4 is newer than the served v3 and turns `a` off: pending, although its deployments failed.
        #expect(a.pendingVersion == 4)
    }

    @Test func pendingAndRollingOut() {
        let docs: [Int: HostedDocument] = [1: F.doc([("a", true), ("b", true)]), 2: F.doc([("a", false), ("b", true)]), 3: F.doc([("a", true), ("b", false)])]
        let deployments = [F.deployment(1, version: 1, at: 0), F.deployment(2, version: 2, .deploying, at: 5, percent: 40)]
        let s = FlagDerivation.derive(environment: F.env("prod"), hosted: HostedProfile(profile: F.profile(), latestVersion: 3, documents: docs), deployments: deployments)
        #expect(s.inProgress?.deploymentNumber == 2)
        #expect(s.cells["a"]?.rollingOutPercent == 40)
        #expect(s.cells["a"]?.rollingOutVersion == 2)
        #expect(s.cells["b"]?.rollingOutPercent == nil)
        #expect(s.cells["a"]?.pendingVersion == nil) // v3 has a = true, as served
        #expect(s.cells["b"]?.pendingVersion == 3)
    }

    @Test func bakingServesTheNewValueValidatingIsMovingRollingBackServesTheOld() {
        let docs: [Int: HostedDocument] = [1: F.doc([("a", true)]), 2: F.doc([("a", false)])]
        // (state, served value, rolling out %, baking version)
        let cases: [(DeploymentState, CellState, Double?, Int?)] = [
            (.baking, .off, nil, 2), (.validating, .on, 0, nil), (.rollingBack, .on, nil, nil), (.deploying, .on, 100, nil),
        ]
        for (state, served, rolling, baking) in cases {
            let s = FlagDerivation.derive(environment: F.env("prod"), hosted: HostedProfile(profile: F.profile(), latestVersion: 2, documents: docs),
                                          deployments: [F.deployment(1, version: 1, at: 0), F.deployment(2, version: 2, state, at: 1, percent: 100)])
            #expect(s.cells["a"]?.state == served, "\(state)")
            #expect(s.cells["a"]?.rollingOutPercent == rolling, "\(state)")
            #expect(s.cells["a"]?.bakingVersion == baking, "\(state)")
        }
    }

    @Test func rolledBackBeforeReachingClientsKeepsTheRun() {
        let docs: [Int: HostedDocument] = [1: F.doc([("a", true)]), 2: F.doc([("a", false)])]
        let s = FlagDerivation.derive(environment: F.env("prod"), hosted: HostedProfile(profile: F.profile(), latestVersion: 2, documents: docs),
                                      deployments: [F.deployment(1, version: 1, at: 0), F.deployment(2, version: 2, .rolledBack, at: 4, percent: 0)])
        #expect(s.cells["a"]?.state == .on)
        #expect(s.cells["a"]?.since == completed(0))
    }

    @Test func revertedReturnsToThePreviousVersion() {
        let docs: [Int: HostedDocument] = [1: F.doc([("a", true)]), 2: F.doc([("a", false)])]
        let s = FlagDerivation.derive(environment: F.env("prod"), hosted: HostedProfile(profile: F.profile(), latestVersion: 2, documents: docs),
                                      deployments: [F.deployment(1, version: 1, at: 0), F.deployment(2, version: 2, .reverted, at: 4)])
        #expect(s.served?.configurationVersion == 1)
        #expect(s.cells["a"]?.state == .on)
        // v2 served `a` off until the revert: the run of `on` starts again there.
        #expect(s.cells["a"]?.since == completed(4))
        #expect(s.cells["a"]?.pendingVersion == 2)
    }

    @Test func attributeChangeRestartsSinceButNotStateSince() {
        let docs: [Int: HostedDocument] = [1: F.doc([("a", true)], n: ["a": 1]), 2: F.doc([("a", true)], n: ["a": 2])]
        let s = FlagDerivation.derive(environment: F.env("prod"), hosted: HostedProfile(profile: F.profile(), latestVersion: 2, documents: docs),
                                      deployments: [F.deployment(1, version: 1, at: 0), F.deployment(2, version: 2, at: 7)])
        #expect(s.cells["a"]?.since == completed(7))
        #expect(s.cells["a"]?.stateSince == completed(0))
        #expect(s.cells["a"]?.attributes == ["n": 2])
    }

    @Test func reformattedNumberIsNotAChange() throws {
        let v1 = try FeatureFlagDocument(parsing: #"{"version":"1","flags":{"a":{}},"values":{"a":{"enabled":true,"_updatedAt":"x","n":800}}}"#)
        let v2 = try FeatureFlagDocument(parsing: #"{"version":"1","flags":{"a":{}},"values":{"a":{"n":8e2,"enabled":true,"_updatedAt":"y"}}}"#)
        #expect(v1.servedValue("a").sameBehaviour(as: v2.servedValue("a")))
        #expect(v1.servedFingerprint("a").bytes == v2.servedFingerprint("a").bytes)
        let v3 = try FeatureFlagDocument(parsing: #"{"version":"1","flags":{"a":{}},"values":{"a":{"enabled":true,"n":801}}}"#)
        #expect(!v1.servedValue("a").sameBehaviour(as: v3.servedValue("a")))
        #expect(v1.servedFingerprint("a").bytes != v3.servedFingerprint("a").bytes)
        // In a fleet: a reformatted number neither restarts `since` nor counts as drift.
        let hosted = HostedProfile(profile: F.profile(), latestVersion: 2, documents: [1: .parsed(v1), 2: .parsed(v2)])
        let s = FlagDerivation.derive(environment: F.env("prod"), hosted: hosted,
                                      deployments: [F.deployment(1, version: 1, at: 0), F.deployment(2, version: 2, at: 7)])
        #expect(s.cells["a"]?.since == F.t0.addingTimeInterval(600))
        #expect(s.cells["a"]?.pendingVersion == nil)
        let input = FleetInput(environments: [F.env("prod-a"), F.env("prod-b")], profiles: [hosted], histories: [
            DeploymentHistory(environment: F.env("prod-a"), profile: F.profile(), deployments: [F.deployment(1, version: 1, at: 0)]),
            DeploymentHistory(environment: F.env("prod-b"), profile: F.profile(), deployments: [F.deployment(1, version: 2, at: 0)]),
        ])
        #expect(FleetSnapshot.derive(from: input, policy: F.policy(asOf: F.t0.addingTimeInterval(F.day))).rows.first?.verdicts == [])
        let off1 = try FeatureFlagDocument(parsing: #"{"version":"1","flags":{"a":{}}}"#)
        let off2 = try FeatureFlagDocument(parsing: #"{"version":"1","flags":{"a":{}},"values":{"a":{"enabled":false}}}"#)
        #expect(off1.servedValue("a") == off2.servedValue("a"))
        #expect(off1.servedFingerprint("a").bytes == off2.servedFingerprint("a").bytes)
        #expect(off1.servedValue("zzz") == .absent)
    }

    @Test func missingOrUnreadableDocumentsAreUnknownNotFatal() {
        let docs: [Int: HostedDocument] = [1: F.doc([("a", true)]), 3: .unreadable("1:1: $: empty input")]
        let missing = FlagDerivation.derive(environment: F.env("prod"), hosted: HostedProfile(profile: F.profile(), latestVersion: 3, documents: docs),
                                            deployments: [F.deployment(1, version: 1, at: 0), F.deployment(2, version: 2, at: 1)], keys: ["a"])
        #expect(missing.problem == "version 2 was not fetched")
        #expect(missing.cells["a"]?.state == .unknown)
        let unreadable = FlagDerivation.derive(environment: F.env("prod"), hosted: HostedProfile(profile: F.profile(), latestVersion: 3, documents: docs),
                                               deployments: [F.deployment(1, version: 1, at: 0), F.deployment(2, version: 3, at: 1)])
        #expect(unreadable.problem == "version 3 is unreadable: 1:1: $: empty input")
        // An unreadable version in the middle of the history makes `since` a lower bound.
        let gap = FlagDerivation.derive(environment: F.env("prod"), hosted: HostedProfile(profile: F.profile(), latestVersion: 1, documents: docs),
                                        deployments: [F.deployment(1, version: 2, at: 0), F.deployment(2, version: 1, at: 5)])
        #expect(gap.cells["a"]?.since == completed(5))
        #expect(gap.cells["a"]?.sinceIsLowerBound == true)
    }

    @Test func neverDeployedIsAbsent() {
        let s = FlagDerivation.derive(environment: F.env("dev"), hosted: HostedProfile(profile: F.profile(), latestVersion: 1, documents: [1: F.doc([("a", true)])]), deployments: [])
        #expect(s.cells["a"]?.state == .absent)
        #expect(s.cells["a"]?.servedVersion == nil)
        #expect(s.cells["a"]?.pendingVersion == 1)
    }
}

@Suite struct VerdictTests {
    let docsOn: [Int: HostedDocument] = [1: F.doc([("a", true)])]

    func row(_ s: FleetSnapshot, _ key: String) -> FlagRow? { s.rows.first { $0.flag.key == key } }

    @Test func staleBoundaryIsExactlyThirtyDays() throws {
        let deps = ["prod": [F.deployment(1, version: 1, at: 0)], "staging": [F.deployment(1, version: 1, at: -3)]]
        let since = F.t0.addingTimeInterval(600)
        let exactly = F.snapshot(documents: docsOn, latest: 1, deployments: deps, asOf: since.addingTimeInterval(30 * F.day))
        #expect(try #require(row(exactly, "a")).verdicts == [Verdict(.stale, "on everywhere since 2026-08-02, 30 days")])
        let justUnder = F.snapshot(documents: docsOn, latest: 1, deployments: deps, asOf: since.addingTimeInterval(30 * F.day - 60))
        #expect(try #require(row(justUnder, "a")).verdicts == [])
        let later = F.snapshot(documents: docsOn, latest: 1, deployments: deps, asOf: since.addingTimeInterval(111 * F.day + 3600))
        #expect(row(later, "a")?.verdicts == [Verdict(.stale, "on everywhere since 2026-08-02, 111 days")])
    }

    @Test func staleNeedsOnEverywhereAndNoUnknownsOrRollouts() {
        let asOf = F.t0.addingTimeInterval(90 * F.day)
        let mixed = F.snapshot(documents: [1: F.doc([("a", true)]), 2: F.doc([("a", false)])], latest: 2,
                               deployments: ["prod": [F.deployment(1, version: 1, at: 0)], "dev": [F.deployment(1, version: 2, at: 0)]], asOf: asOf)
        #expect(row(mixed, "a")?.has(.stale) == false)
        let unknown = F.snapshot(documents: docsOn, latest: 1,
                                 deployments: ["prod": [F.deployment(1, version: 1, at: 0)], "dev": [F.deployment(1, version: 9, at: 0)]], asOf: asOf)
        #expect(row(unknown, "a")?.has(.stale) == false)
        #expect(unknown.environments.first { $0.id.environmentName == "dev" }?.problems == ["flags: version 9 was not fetched"])
        let rolling = F.snapshot(documents: [1: F.doc([("a", true)]), 2: F.doc([("a", false)])], latest: 2,
                                 deployments: ["prod": [F.deployment(1, version: 1, at: 0), F.deployment(2, version: 2, .deploying, at: 80, percent: 20)]], asOf: asOf)
        #expect(row(rolling, "a")?.has(.stale) == false)
        #expect(row(rolling, "a")?.cells.first?.rollingOutPercent == 20)
        // Absent in one environment (never deployed there) does not block stale.
        let absent = F.snapshot(documents: docsOn, latest: 1, deployments: ["prod": [F.deployment(1, version: 1, at: 0)], "dev": []], asOf: asOf)
        #expect(row(absent, "a")?.has(.stale) == true)
    }

    @Test func deadBoundaryIsSixtyDays() {
        let docs: [Int: HostedDocument] = [1: F.doc([("a", true)]), 2: F.doc([("a", false)])]
        let deps = ["prod": [F.deployment(1, version: 1, at: 0), F.deployment(2, version: 2, at: 10)]]
        let offSince = F.t0.addingTimeInterval(10 * F.day + 600)
        let exactly = F.snapshot(documents: docs, latest: 2, deployments: deps, asOf: offSince.addingTimeInterval(60 * F.day))
        #expect(row(exactly, "a")?.verdicts == [Verdict(.dead, "off everywhere since 2026-08-12, 60 days")])
        let under = F.snapshot(documents: docs, latest: 2, deployments: deps, asOf: offSince.addingTimeInterval(60 * F.day - 1))
        #expect(row(under, "a")?.verdicts == [])
    }

    @Test func removedRecentlyBlocksDead() {
        // Off in prod for 100 days, but on in dev until it was removed there 10 days ago.
        let docs: [Int: HostedDocument] = [1: F.doc([("a", false)]), 2: F.doc([("a", true)]), 3: F.doc([("b", true)])]
        let asOf = F.t0.addingTimeInterval(100 * F.day)
        let s = F.snapshot(documents: docs, latest: 1, deployments: [
            "prod": [F.deployment(1, version: 1, at: 0)],
            "dev": [F.deployment(1, version: 2, at: 0), F.deployment(2, version: 3, at: 90)],
        ], asOf: asOf)
        #expect(row(s, "a")?.has(.dead) == false)
    }

    @Test func overdueComparesDatesOnlyInUTC() {
        let docs: [Int: HostedDocument] = [1: F.doc([("a", false)], deprecation: ["a": "2026-09-30"])]
        let deps = ["dev": [F.deployment(1, version: 1, at: 0)]]
        let sameDayLate = F.snapshot(documents: docs, latest: 1, deployments: deps, asOf: UTCDate.date("2026-09-30")!.addingTimeInterval(F.day - 1))
        #expect(row(sameDayLate, "a")?.verdicts == [Verdict(.shortTerm, "planned for deprecation on 2026-09-30")])
        let nextDay = F.snapshot(documents: docs, latest: 1, deployments: deps, asOf: UTCDate.date("2026-10-01")!)
        #expect(row(nextDay, "a")?.verdicts == [
            Verdict(.shortTerm, "planned for deprecation on 2026-09-30"),
            Verdict(.overdue, "deprecation date 2026-09-30 passed"),
        ])
    }

    @Test func permanentSuppressesRetirementVerdicts() {
        let docs: [Int: HostedDocument] = [1: F.doc([("kill_payments", true), ("a", true)], deprecation: ["a": "2026-01-01"])]
        let asOf = F.t0.addingTimeInterval(100 * F.day)
        let s = F.snapshot(documents: docs, latest: 1, deployments: ["prod": [F.deployment(1, version: 1, at: 0)]], asOf: asOf,
                           permanentKeys: [F.flag("a")])
        #expect(row(s, "kill_payments")?.verdicts == [Verdict(.permanent, "key matches kill_*")])
        #expect(row(s, "a")?.verdicts == [
            Verdict(.shortTerm, "planned for deprecation on 2026-01-01"),
            Verdict(.permanent, "marked permanent in review"),
        ])
    }

    @Test func driftBetweenProductionEnvironments() {
        let docs: [Int: HostedDocument] = [
            1: F.doc([("a", true), ("b", true)], n: ["b": 800]),
            2: F.doc([("a", false), ("b", true)], n: ["b": 500]),
        ]
        let asOf = F.t0.addingTimeInterval(5 * F.day)
        let s = F.snapshot(documents: docs, latest: 2, deployments: [
            "prod-eu": [F.deployment(1, version: 1, at: 0)],
            "production": [F.deployment(1, version: 2, at: 0)],
            "staging": [F.deployment(1, version: 2, at: 0)],
        ], asOf: asOf)
        #expect(row(s, "a")?.verdicts == [Verdict(.drift, "on in acct-a/eu-west-1/prod-eu; off in acct-a/eu-west-1/production")])
        #expect(row(s, "b")?.verdicts == [Verdict(.drift, "production values differ: n=800 in acct-a/eu-west-1/prod-eu; n=500 in acct-a/eu-west-1/production")])
        // Staging differing from production is not drift.
        let s2 = F.snapshot(documents: docs, latest: 2, deployments: [
            "prod-eu": [F.deployment(1, version: 1, at: 0)], "staging": [F.deployment(1, version: 2, at: 0)],
        ], asOf: asOf)
        #expect(row(s2, "a")?.has(.drift) == false)
    }

    @Test func fleetAcrossAccountsIsOneFlag() {
        let hostedA = HostedProfile(profile: F.profile(), latestVersion: 1, documents: [1: F.doc([("a", true)])])
        let hostedB = HostedProfile(profile: F.profile(account: "acct-b"), latestVersion: 1, documents: [1: F.doc([("a", false)])])
        let input = FleetInput(environments: [F.env("prod"), F.env("prod", account: "acct-b")], profiles: [hostedA, hostedB], histories: [
            DeploymentHistory(environment: F.env("prod"), profile: F.profile(), deployments: [F.deployment(1, version: 1, at: 0)]),
            DeploymentHistory(environment: F.env("prod", account: "acct-b"), profile: F.profile(account: "acct-b"), deployments: [F.deployment(1, version: 1, at: 0)]),
        ])
        let s = FleetSnapshot.derive(from: input, policy: F.policy(asOf: F.t0.addingTimeInterval(F.day)))
        #expect(s.rows.map(\.flag) == [F.flag("a")])
        #expect(s.rows[0].cells.map(\.state) == [.on, .off])
        #expect(s.rows[0].verdicts == [Verdict(.drift, "on in acct-a/eu-west-1/prod; off in acct-b/eu-west-1/prod")])
        #expect(s.rows[0].definition?.name == "a")
        #expect(s.rows[0].definition?.attributes.map(\.type) == ["number"])
    }

    @Test func snapshotIsCodable() throws {
        let s = F.snapshot(documents: [1: F.doc([("a", true)], n: ["a": 12])], latest: 1,
                           deployments: ["prod": [F.deployment(1, version: 1, at: 0)]], asOf: F.t0.addingTimeInterval(40 * F.day))
        let data = try JSONEncoder().encode(s)
        #expect(try JSONDecoder().decode(FleetSnapshot.self, from: data) == s)
    }

    @Test func globs() {
        #expect(Glob.matches("prod*", "prod"))
        #expect(Glob.matches("prod*", "Production-EU"))
        #expect(!Glob.matches("prod*", "preprod"))
        #expect(Glob.matches("*prod*", "preprod"))
        #expect(Glob.matches("kill_?", "kill_x"))
        #expect(!Glob.matches("kill_?", "kill_xy"))
        #expect(Glob.matches("a*b*c", "aXXbYYc"))
        #expect(!Glob.matches("a*b*c", "aXXbYY"))
    }

    @Test func utcDates() {
        #expect(UTCDate.format(Date(timeIntervalSince1970: 0)) == "1970-01-01")
        #expect(UTCDate.format(UTCDate.date("2028-02-29")!) == "2028-02-29")
        #expect(UTCDate.date("2026-02-29") == nil)
        #expect(UTCDate.date("2026-1-01") == nil)
        #expect(UTCDate.format(Date(timeIntervalSince1970: -1)) == "1969-12-31")
        #expect(UTCDate.wholeDays(from: F.t0, to: F.t0.addingTimeInterval(30 * F.day - 1)) == 29)
    }
}
