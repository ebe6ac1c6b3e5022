import FlagModel
import Foundation

// Figures for issue #3's budget: parse + validate a 1 MB document, and derive a
// 10,000-flag fleet, each well under 100 ms in release builds.

func measure(_ label: String, runs: Int = 7, _ body: () -> Void) {
    var times: [Duration] = []
    for _ in 0..<runs {
        let clock = ContinuousClock()
        times.append(clock.measure(body))
    }
    times.sort()
    func ms(_ d: Duration) -> String { String(format: "%.2f ms", Double(d.components.attoseconds) / 1e15 + Double(d.components.seconds) * 1000) }
    print("\(label): median \(ms(times[times.count / 2])), min \(ms(times[0])), max \(ms(times[times.count - 1]))")
}

func document(flags: Int, seed: Int) -> String {
    var defs: [String] = [], vals: [String] = []
    for i in 0..<flags {
        let k = "flag_\(i)"
        defs.append(#""\#(k)":{"name":"Flag \#(i) — ünïcode ✓","description":"Generated flag number \#(i) for the benchmark","_createdAt":"2025-11-02T09:14:03.512Z","attributes":{"engine":{"constraints":{"type":"string","enum":["opensearch","solr","legacy"],"required":true}},"timeout_ms":{"constraints":{"type":"number","minimum":50,"maximum":5000}},"regions":{"constraints":{"type":"array","elements":{"type":"string","pattern":"^[a-z]{2}-[a-z]+-[0-9]$"}}}}}"#)
        vals.append(#""\#(k)":{"enabled":\#((i + seed) % 3 == 0),"engine":"solr","timeout_ms":\#(100 + (i * 7 + seed) % 900),"regions":["us-east-1","eu-west-1"],"_updatedAt":"2026-01-15T16:40:22.007Z"}"#)
    }
    return #"{"version":"1","flags":{\#(defs.joined(separator: ","))},"values":{\#(vals.joined(separator: ","))}}"#
}

// 1 MB document.
var n = 100
var text = document(flags: n, seed: 0)
while text.utf8.count < 1_000_000 { n = n * 1_000_000 / text.utf8.count + 10; text = document(flags: n, seed: 0) }
let bytes = Array(text.utf8)
print("document: \(bytes.count) bytes, \(n) flags")
measure("parse 1 MB") { _ = try! JSONParser.parse(bytes) }
let doc = try! FeatureFlagDocument(parsing: bytes)
measure("typed view 1 MB") { _ = FeatureFlagDocument(json: doc.json) }
measure("validate 1 MB") { precondition(doc.validate().isEmpty) }
measure("parse + view + validate 1 MB") { precondition(try! FeatureFlagDocument(parsing: bytes).validate().isEmpty) }
measure("serialise pretty 1 MB") { _ = doc.json.serialized(pretty: true) }
let toggleKey = "flag_\(n / 2)"
let toggleTo = !(doc.value(toggleKey)?.enabled ?? false)
measure("toggle one flag in 1 MB (new document + typed view)") { precondition(try! doc.setEnabled(flag: toggleKey, to: toggleTo).diff.count == 1) }

// 10,000-flag fleet: 10 applications × 1,000 flags, 4 environments each, 3 versions,
// 5 deployments per environment.
let t0 = Date(timeIntervalSince1970: 1_780_000_000)
var profiles: [HostedProfile] = []
var histories: [DeploymentHistory] = []
var environments: [EnvironmentID] = []
for app in 0..<10 {
    let appName = "app\(app)"
    let ref = ProfileRef(accountId: "1111111111\(app % 10)0", region: "eu-west-1", applicationName: appName, profileId: "p\(app)", profileName: "flags")
    var docs: [Int: HostedDocument] = [:]
    for v in 1...3 { docs[v] = .parsed(try! FeatureFlagDocument(parsing: document(flags: 1000, seed: v == 3 ? 1 : 0))) }
    profiles.append(HostedProfile(profile: ref, latestVersion: 3, documents: docs))
    for envName in ["dev", "staging", "prod-eu", "prod-us"] {
        let env = EnvironmentID(accountName: "acct\(app)", accountId: ref.accountId, region: "eu-west-1", applicationName: appName, environmentName: envName)
        environments.append(env)
        let deps = (1...5).map { i in
            Deployment(deploymentNumber: i, state: i == 4 ? .rolledBack : .complete, percentageComplete: 100,
                       startedAt: t0.addingTimeInterval(Double(i) * 86_400 * 10), completedAt: t0.addingTimeInterval(Double(i) * 86_400 * 10 + 600),
                       configurationVersion: min(i, 2), strategyId: "AppConfig.AllAtOnce")
        }
        histories.append(DeploymentHistory(environment: env, profile: ref, deployments: deps))
    }
}
let input = FleetInput(environments: environments, profiles: profiles, histories: histories)
let policy = RetirementPolicy(asOf: t0.addingTimeInterval(200 * 86_400))
let snapshot = FleetSnapshot.derive(from: input, policy: policy)
let counts = Dictionary(grouping: snapshot.rows.flatMap(\.verdicts), by: \.kind).mapValues(\.count)
print("fleet: \(snapshot.rows.count) flags, \(environments.count) environments, \(snapshot.rows.reduce(0) { $0 + $1.cells.count }) cells, verdicts \(counts.sorted { $0.key.rawValue < $1.key.rawValue })")
measure("derive 10,000-flag fleet") { _ = FleetSnapshot.derive(from: input, policy: policy) }
measure("ScanResult.build 10,000-flag fleet (derive + 200 deployment diffs)") {
    _ = ScanResult.build(from: input, policy: policy, errors: [], scannedAt: policy.asOf)
}
measure("Verdicts.judge alone, 10,000 rows (public entry point)") {
    for r in snapshot.rows { _ = Verdicts.judge(flag: r.flag, definition: r.definition, cells: r.cells, policy: policy) }
}
measure("servedValue alone, 30 versions × 1,000 flags (public API, not used by derive)") {
    for p in profiles {
        for case .parsed(let d)? in p.documents.values { for k in d.flagKeys { _ = d.servedValue(k) } }
    }
}

// The DashboardBenchmark fleet: 50 applications × 200 flags, 10 accounts × 3 environments
// (30 environment columns), one version each.
let dashAsOf = Date(timeIntervalSince1970: 1_795_300_000)
var dashEnvironments: [EnvironmentID] = []
var dashProfiles: [HostedProfile] = []
var dashHistories: [DeploymentHistory] = []
for app in 0..<50 {
    let account = app % 10
    let accountId = String(format: "%012d", 100_000_000_000 + account)
    var definitions: [String] = [], values: [String] = []
    for f in 0..<200 {
        definitions.append(#""app\#(app)_flag_\#(f)": {"name": "Flag \#(f) of app \#(app)"}"#)
        values.append(#""app\#(app)_flag_\#(f)": {"enabled": \#(f % 3 != 0)}"#)
    }
    let document = try! FeatureFlagDocument(parsing: #"{"version": "1", "flags": {\#(definitions.joined(separator: ","))}, "values": {\#(values.joined(separator: ","))}}"#)
    let profile = ProfileRef(accountId: accountId, region: "us-east-1", applicationName: "app\(app)", profileId: "p\(app)", profileName: "flags")
    dashProfiles.append(HostedProfile(profile: profile, latestVersion: 1, documents: [1: .parsed(document)]))
    for name in ["dev", "staging", "prod"] {
        let env = EnvironmentID(accountName: "account-\(account)", accountId: accountId, region: "us-east-1",
                                applicationName: "app\(app)", environmentName: name)
        dashEnvironments.append(env)
        dashHistories.append(DeploymentHistory(environment: env, profile: profile, deployments: [
            Deployment(deploymentNumber: 1, state: .complete, percentageComplete: 100, startedAt: dashAsOf.addingTimeInterval(-90 * 86_400),
                       completedAt: dashAsOf.addingTimeInterval(-90 * 86_400), configurationVersion: 1, strategyId: "AppConfig.AllAtOnce"),
        ]))
    }
}
let dashInput = FleetInput(environments: dashEnvironments, profiles: dashProfiles, histories: dashHistories)
let dashPolicy = RetirementPolicy(asOf: dashAsOf)
measure("derive dashboard fleet (10,000 flags, 30 columns)") { _ = FleetSnapshot.derive(from: dashInput, policy: dashPolicy) }
measure("ScanResult.build dashboard fleet") {
    _ = ScanResult.build(from: dashInput, policy: dashPolicy, errors: [], scannedAt: dashAsOf)
}
