// Dashboard speed and memory on a big fleet: 10,000 flags × 30 environments.
// Prints figures; never a timed test. Run: swift run -c release DashboardBenchmark
import FlagDeck
import FlagModel
import Foundation
import TerminalUI

func residentMegabytes() -> Double {
    guard let status = try? String(contentsOfFile: "/proc/self/status", encoding: .utf8),
          let line = status.split(separator: "\n").first(where: { $0.hasPrefix("VmRSS:") }),
          let kb = Double(line.split(separator: " ").dropFirst().first ?? "") else { return -1 }
    return kb / 1024
}

func measure(_ label: String, iterations: Int, _ body: () -> Void) {
    var samples: [Double] = []
    for _ in 0..<iterations {
        let start = DispatchTime.now().uptimeNanoseconds
        body()
        samples.append(Double(DispatchTime.now().uptimeNanoseconds - start) / 1e6)
    }
    samples.sort()
    let median = samples[samples.count / 2], p95 = samples[Int(Double(samples.count) * 0.95)]
    print(String(format: "%-44@ median %7.2f ms   p95 %7.2f ms", label as NSString, median, p95))
}

// 10 accounts × 3 environments = 30 environment columns; 50 applications × 200 flags.
let asOf = Date(timeIntervalSince1970: 1_795_300_000)
var environments: [EnvironmentID] = []
var profiles: [HostedProfile] = []
var histories: [DeploymentHistory] = []
let flagsPerApp = 200
for app in 0..<50 {
    let account = app % 10
    let accountId = String(format: "%012d", 100_000_000_000 + account)
    var definitions: [String] = []
    var values: [String] = []
    for f in 0..<flagsPerApp {
        definitions.append(#""app\#(app)_flag_\#(f)": {"name": "Flag \#(f) of app \#(app)"}"#)
        values.append(#""app\#(app)_flag_\#(f)": {"enabled": \#(f % 3 != 0)}"#)
    }
    let document = try! FeatureFlagDocument(parsing: #"{"version": "1", "flags": {\#(definitions.joined(separator: ","))}, "values": {\#(values.joined(separator: ","))}}"#)
    let profile = ProfileRef(accountId: accountId, region: "us-east-1", applicationName: "app\(app)", profileId: "p\(app)", profileName: "flags")
    profiles.append(HostedProfile(profile: profile, latestVersion: 1, documents: [1: .parsed(document)]))
    for name in ["dev", "staging", "prod"] {
        let env = EnvironmentID(accountName: "account-\(account)", accountId: accountId, region: "us-east-1",
                                applicationName: "app\(app)", environmentName: name)
        environments.append(env)
        histories.append(DeploymentHistory(environment: env, profile: profile, deployments: [
            Deployment(deploymentNumber: 1, state: .complete, percentageComplete: 100, startedAt: asOf.addingTimeInterval(-90 * 86_400),
                       completedAt: asOf.addingTimeInterval(-90 * 86_400), configurationVersion: 1, strategyId: "AppConfig.AllAtOnce"),
        ]))
    }
}
let input = FleetInput(environments: environments, profiles: profiles, histories: histories)
var start = Date()
let result = ScanResult.build(from: input, policy: RetirementPolicy(asOf: asOf), errors: [], scannedAt: asOf)
print("fleet: \(result.snapshot.rows.count) flags, \(FleetRows.columns(of: result.snapshot).count) environment columns, derived in \(String(format: "%.0f", Date().timeIntervalSince(start) * 1000)) ms")

var state = AppState(readOnly: false, size: Size(width: 200, height: 60))
_ = update(&state, .scanFinished(result), registry: .standard)
let registry = KeyRegistry.standard

measure("full frame, Fleet view, 200×60", iterations: 50) {
    _ = Screen.render(state, registry: registry, now: asOf)
}
measure("full frame, Fleet view, 120×40", iterations: 50) {
    var small = state
    small.size = Size(width: 120, height: 40)
    _ = Screen.render(small, registry: registry, now: asOf)
}
var filtering = state
_ = update(&filtering, .key(.char("/")), registry: registry)
var typed = 0
measure("filter keystroke: update + frame", iterations: 30) {
    let character = Array("flag_19")[typed % 7]
    typed += 1
    if typed % 7 == 0 { filtering.filterText = ""; _ = update(&filtering, .key(.escape), registry: registry); _ = update(&filtering, .key(.char("/")), registry: registry) }
    _ = update(&filtering, .key(.char(character)), registry: registry)
    _ = Screen.render(filtering, registry: registry, now: asOf)
}
var moving = state
measure("cursor down: update + frame", iterations: 50) {
    _ = update(&moving, .key(.down), registry: registry)
    _ = Screen.render(moving, registry: registry, now: asOf)
}
var review = state
_ = update(&review, .key(.tab), registry: registry)
measure("full frame, Review view", iterations: 20) {
    _ = Screen.render(review, registry: registry, now: asOf)
}
print(String(format: "resident memory: %.0f MB (goal: under 150 MB)", residentMegabytes()))
print("goals: frame under 10 ms, filter keystroke on screen under 16 ms")
