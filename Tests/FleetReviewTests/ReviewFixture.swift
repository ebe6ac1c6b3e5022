import FlagModel
import FleetReview
import FleetStore
import Foundation

/// A small fixed fleet (after FlagDeckTests/FleetFixture): two accounts, checkout in two
/// regions and search in one, flags covering every verdict. The meeting is on 2026-11-21.
enum ReviewFixture {
    static let asOf = date("2026-11-21T12:00:00Z")
    static let today = ReviewDay("2026-11-21")!

    static func date(_ text: String) -> Date {
        let f = ISO8601DateFormatter()
        if text.contains(".") { f.formatOptions = [.withInternetDateTime, .withFractionalSeconds] }
        return f.date(from: text)!
    }
    static func daysAgo(_ n: Double) -> Date { asOf.addingTimeInterval(-n * 86_400) }

    static func flag(_ app: String, _ key: String) -> FlagID {
        FlagID(application: app, profile: app == "checkout" ? "checkout-flags" : "search-flags", key: key)
    }

    static func document(_ flags: [(key: String, name: String, on: Bool, deprecation: String?)]) -> FeatureFlagDocument {
        let definitions = flags.map { flag -> String in
            let deprecation = flag.deprecation.map { #", "_deprecation": {"status": "planned", "date": "\#($0)"}"# } ?? ""
            return #""\#(flag.key)": {"name": "\#(flag.name)"\#(deprecation)}"#
        }
        let values = flags.map { #""\#($0.key)": {"enabled": \#($0.on)}"# }
        return try! FeatureFlagDocument(parsing: #"{"version": "1", "flags": {\#(definitions.joined(separator: ", "))}, "values": {\#(values.joined(separator: ", "))}}"#)
    }

    static let checkoutV1 = document([
        ("new_checkout", "New checkout flow", false, "2026-09-30"),
        ("legacy_cart", "Legacy cart", false, nil),
        ("kill_payments", "Kill switch: payments", false, nil),
        ("express_pay", "Express pay", true, nil),
        ("gift_wrap", "Gift wrap", true, "2027-06-30"),
    ])
    static let checkoutV2 = document([
        ("new_checkout", "New checkout flow", true, "2026-09-30"),
        ("legacy_cart", "Legacy cart", false, nil),
        ("kill_payments", "Kill switch: payments", false, nil),
        ("express_pay", "Express pay", true, nil),
        ("gift_wrap", "Gift wrap", true, "2027-06-30"),
    ])
    static let searchV1 = document([
        ("semantic_search", "Semantic search", true, nil),
        ("typo_tolerance", "Typo tolerance", true, "2027-03-01"),
        ("ops_reindex", "Ops: reindex", false, nil),
    ])
    static let searchV2 = document([
        ("semantic_search", "Semantic search", true, nil),
        ("typo_tolerance", "Typo tolerance", false, "2027-03-01"),
        ("ops_reindex", "Ops: reindex", false, nil),
        ("spell_check", "Spell check", true, "2027-01-15"),
    ])

    static func env(_ account: String, _ id: String, _ region: String, _ app: String, _ name: String) -> EnvironmentID {
        EnvironmentID(accountName: account, accountId: id, region: region, applicationName: app, environmentName: name)
    }

    static func deployment(_ n: Int, _ version: Int, completedDaysAgo: Double) -> Deployment {
        Deployment(deploymentNumber: n, state: .complete, percentageComplete: 100, startedAt: daysAgo(completedDaysAgo + 0.01),
                   completedAt: daysAgo(completedDaysAgo), configurationVersion: version,
                   strategyId: "AppConfig.AllAtOnce", strategyName: "AppConfig.AllAtOnce", description: "deploy #\(n)")
    }

    static var input: FleetInput {
        let pay = "111111111111", search = "222222222222"
        var environments: [EnvironmentID] = []
        var profiles: [HostedProfile] = []
        var histories: [DeploymentHistory] = []
        for region in ["us-east-1", "eu-west-1"] {
            let profile = ProfileRef(accountId: pay, region: region, applicationName: "checkout",
                                     profileId: "cp\(region.prefix(2))", profileName: "checkout-flags")
            profiles.append(HostedProfile(profile: profile, latestVersion: 2,
                                          documents: [1: .parsed(checkoutV1), 2: .parsed(checkoutV2)]))
            for name in ["staging", "prod"] {
                let e = env("payments-prod", pay, region, "checkout", name)
                environments.append(e)
                histories.append(DeploymentHistory(environment: e, profile: profile, deployments: [
                    deployment(1, 1, completedDaysAgo: 200), deployment(2, 2, completedDaysAgo: 100),
                ]))
            }
        }
        let profile = ProfileRef(accountId: search, region: "us-east-1", applicationName: "search", profileId: "sp1",
                                 profileName: "search-flags")
        profiles.append(HostedProfile(profile: profile, latestVersion: 2, documents: [1: .parsed(searchV1), 2: .parsed(searchV2)]))
        for name in ["staging", "prod"] {
            let e = env("search-prod", search, "us-east-1", "search", name)
            environments.append(e)
            var deployments = [deployment(1, 1, completedDaysAgo: 120)]
            if name == "prod" { deployments.append(deployment(2, 2, completedDaysAgo: 10)) }
            histories.append(DeploymentHistory(environment: e, profile: profile, deployments: deployments))
        }
        return FleetInput(environments: environments, profiles: profiles, histories: histories)
    }

    static var snapshot: FleetSnapshot { FleetSnapshot.derive(from: input, policy: RetirementPolicy(asOf: asOf)) }

    /// Last month's fleet, by hand: `spell_check` did not exist, a since-retired
    /// `search/…/old_ranking` did, `legacy_cart` was not yet dead and `typo_tolerance`
    /// was (it has been switched on in staging since).
    static var baseline: FleetSnapshot {
        var s = snapshot
        s.asOf = daysAgo(31)
        s.rows.removeAll { $0.flag.key == "spell_check" }
        if let i = s.rows.firstIndex(where: { $0.flag.key == "legacy_cart" }) {
            s.rows[i].verdicts.removeAll { $0.kind == .dead }
        }
        if let i = s.rows.firstIndex(where: { $0.flag.key == "typo_tolerance" }) {
            s.rows[i].verdicts.append(Verdict(.dead, "off everywhere since 2026-07-24, 89 days"))
        }
        var removed = s.rows.first { $0.flag.key == "semantic_search" }!
        removed.flag = flag("search", "old_ranking")
        removed.verdicts = [Verdict(.stale, "on everywhere since 2026-01-10, 283 days")]
        s.rows.append(removed)
        s.rows.sort { $0.flag < $1.flag }
        return s
    }

    static func decision(_ flag: FlagID, _ kind: DecisionKind, owner: String? = nil, target: String? = nil,
                         note: String? = nil, checklist: ReviewChecklist = ReviewChecklist(), author: String = "alice",
                         at: String) -> ReviewDecision {
        ReviewDecision(flag: flag, kind: kind, owner: owner, targetDate: target, note: note, checklist: checklist,
                       author: author, createdAt: date(at))
    }

    /// The October meeting's decisions, and one taken in today's.
    static var decisions: [ReviewDecision] {
        [
            decision(flag("checkout", "express_pay"), .snooze, target: "2026-11-01", at: "2026-10-20T10:00:00Z"),
            decision(flag("checkout", "new_checkout"), .retire, owner: "bob", target: "2026-11-15",
                     note: "remove with the v2 cart | after freeze",
                     checklist: ReviewChecklist(positiveFeedback: true, noRefactorsExpected: true, noLongerNeeded: true),
                     at: "2026-10-20T10:05:00Z"),
            decision(flag("search", "semantic_search"), .keepUntil, target: "2027-01-31", note: "A/B test runs to January",
                     author: "carol", at: "2026-10-20T10:10:00Z"),
            decision(flag("search", "old_ranking"), .retire, owner: "carol", target: "2026-11-01", at: "2026-10-20T10:12:00Z"),
            decision(flag("checkout", "legacy_cart"), .retire, owner: "dave", target: "2026-12-31",
                     checklist: ReviewChecklist(noLongerNeeded: true), at: "2026-11-21T09:30:00Z"),
        ]
    }
}
