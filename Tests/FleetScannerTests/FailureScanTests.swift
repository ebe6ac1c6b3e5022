import AppConfigClient
@testable import AppConfigEmulator
import FlagDeckConfig
import FlagModel
import FleetScanner
import Foundation
import Testing

/// One failing account or region yields error entries for it; the rest of the fleet
/// still arrives. Transient failures are retried.
@Suite struct FailureScanTests {
    static let t0 = TestFleet.t0
    static let day = TestFleet.day

    /// The same small application in every account-region of `fleet`.
    static func build(_ fleet: TestFleet) async throws {
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
            }
        }
    }

    static func accounts(_ result: ScanResult) -> Set<String> {
        Set(result.snapshot.environments.map(\.id.accountName))
    }

    static func calls(_ fleet: TestFleet, _ account: String, since before: [String: [String: Int]]) -> Int {
        let now = fleet.emulator.operationCountsByAccount[account] ?? [:]
        return now.reduce(0) { $0 + $1.value - (before[account]?[$1.key] ?? 0) }
    }

    @Test func transientThrottlingAndServerErrorsOnOneAccountAreRetried() async throws {
        try await withFleet { fleet in
            try await Self.build(fleet)
            let baseline = try await fleet.scan(asOf: Self.t0 + 10 * Self.day)
            #expect(baseline.errors.isEmpty)

            for faults in [FaultConfig(throttlePercent: 34, accounts: [TestFleet.beta.accountId]),
                           FaultConfig(errorPercent: 34, accounts: [TestFleet.beta.name])] {
                fleet.emulator.setFaults(faults)
                let before = fleet.emulator.operationCountsByAccount
                // Enough attempts that a third of requests failing never exhausts them.
                let result = try await fleet.scan(asOf: Self.t0 + 10 * Self.day,
                                                  environment: fleet.environment(extra: ["AWS_MAX_ATTEMPTS": "8"]))
                fleet.emulator.setFaults(FaultConfig())
                #expect(result.errors.isEmpty, "\(faults)")
                #expect(result.snapshot == baseline.snapshot, "retries change nothing of the result (\(faults))")
                // Alpha has two regions, beta one, of the same shape: beta's extra requests are the retries.
                let alpha = Double(Self.calls(fleet, TestFleet.alpha.accountId, since: before) - 1) / 2
                let beta = Double(Self.calls(fleet, TestFleet.beta.accountId, since: before) - 1)
                #expect(beta >= alpha * 1.3, "beta's failed attempts were retried (\(beta) vs \(alpha) per region)")
            }
        }
    }

    @Test func persistentServerErrorsPutThatAccountInErrors() async throws {
        try await withFleet(accounts: [TestFleet.alpha, TestFleet.beta, TestFleet.gamma]) { fleet in
            try await Self.build(fleet)
            fleet.emulator.setFaults(FaultConfig(errorPercent: 100, accounts: [TestFleet.beta.accountId]))
            let before = fleet.emulator.operationCountsByAccount
            let result = try await fleet.scan(asOf: Self.t0 + 10 * Self.day)
            #expect(result.errors.map { "\($0.account)/\($0.region)" } == ["beta/us-east-1"])
            let error = try #require(result.errors.first)
            #expect(error.message.contains("InternalFailure") || error.message.contains("InternalServerException"), "\(error.message)")
            #expect(Self.accounts(result) == ["alpha", "gamma"])
            let row = try #require(result.row("checkout", "flags", "new_ui"))
            #expect(row.cells.count == 6, "alpha (2 regions) and gamma, two environments each")
            // 7 attempts (reads) of the identity call and of the first lists that go out
            // alongside it, then nothing more for beta.
            let betaOps = Set((fleet.emulator.operationCountsByAccount[TestFleet.beta.accountId] ?? [:]).compactMap { op, n in
                n > (before[TestFleet.beta.accountId]?[op] ?? 0) ? op : nil
            })
            #expect(betaOps.isSubset(of: ["GetCallerIdentity", "ListApplications", "ListDeploymentStrategies"]), "\(betaOps)")
            #expect(Self.calls(fleet, TestFleet.beta.accountId, since: before) <= 21)
            #expect(result.errors.first?.accountId == nil)
        }
    }

    @Test func persistentThrottlingInTheMiddleOfARegionFailsOnlyThatRegion() async throws {
        try await withFleet { fleet in
            try await Self.build(fleet)
            // Beta answers its identity call, then is throttled on everything.
            let scanner = try fleet.scanner()
            let throttle = ThrottleAfterIdentity(fleet: fleet, account: TestFleet.beta)
            let result = await scanner.scan(asOf: Self.t0 + 10 * Self.day, progress: { progress in throttle.check(progress) })
            #expect(result.errors.map { "\($0.account)/\($0.accountId ?? "-")/\($0.region)" } == ["beta/222222222222/us-east-1"])
            #expect(result.errors.first?.message.contains("ThrottlingException") == true)
            #expect(Self.accounts(result) == ["alpha"])
        }
    }

    @Test func invalidAndExpiredCredentialsOnOneAccountEach() async throws {
        try await withFleet(accounts: [TestFleet.alpha, TestFleet.beta, TestFleet.gamma]) { fleet in
            try await Self.build(fleet)
            let environment = try fleet.environment(keys: ["beta": .expiredSession, "gamma": .wrongSecret])
            let result = try await fleet.scan(asOf: Self.t0 + 10 * Self.day, environment: environment)
            #expect(result.errors.map(\.account) == ["beta", "gamma"])
            #expect(result.errors[0].message.contains("ExpiredToken"), "\(result.errors[0].message)")
            #expect(result.errors[1].message.contains("SignatureDoesNotMatch"), "\(result.errors[1].message)")
            #expect(result.errors.allSatisfy { $0.accountId == nil }, "the identity call failed")
            #expect(Self.accounts(result) == ["alpha"])
            #expect(result.row("checkout", "flags", "new_ui")?.cells.count == 4)
            for error in result.errors {
                #expect(!error.message.contains(TestFleet.gamma.secretAccessKey))
            }
        }
    }

    @Test func unreachableAccountAndAccountWithoutRegions() async throws {
        try await withFleet { fleet in
            try await Self.build(fleet)
            var configuration = fleet.configuration()
            // Nothing listens on port 9 of localhost: connection refused, retried, then an error per region.
            configuration.accounts[1] = fleet.account(TestFleet.beta, regions: ["us-east-1", "eu-west-1"],
                                                      endpoint: "http://127.0.0.1:9")
            configuration.accounts.append(.init(name: "empty", profile: "alpha", regions: [], endpoint: fleet.emulator.endpoint))
            let result = try await fleet.scan(asOf: Self.t0 + 10 * Self.day, configuration: configuration)
            #expect(result.errors.map { "\($0.account)/\($0.region)" } == ["beta/eu-west-1", "beta/us-east-1"])
            #expect(Self.accounts(result) == ["alpha"])
            #expect(result.row("checkout", "flags", "new_ui")?.cells.count == 4)
        }
    }

    @Test func includeAndExcludeFilters() async throws {
        try await withFleet { fleet in
            let r = fleet.region(TestFleet.alpha)
            let instant = try await r.instantStrategy()
            for name in ["checkout", "checkout-legacy", "payments", "search"] {
                let app = try await r.app(name)
                let profile = try await r.profile(app)
                let v1 = try await r.version(app, profile, [.on("\(name.replacingOccurrences(of: "-", with: "_"))_flag")])
                for envName in ["prod", "sandbox"] {
                    let env = try await r.env(app, envName)
                    try await r.deploy(app, env, profile, version: v1, strategy: instant, at: Self.t0)
                }
            }
            let configuration = fleet.configuration(
                [fleet.account(TestFleet.alpha, regions: ["us-east-1"])],
                applications: .init(include: ["check*", "PAY*"], exclude: ["*-legacy"]),
                environments: .init(include: ["*"], exclude: ["sand*"]))
            let before = fleet.emulator.operationCounts
            let result = try await fleet.scan(asOf: Self.t0 + Self.day, configuration: configuration)
            #expect(result.errors.isEmpty)
            #expect(result.snapshot.rows.map(\.flag.description) == ["checkout/flags/checkout_flag", "payments/flags/payments_flag"])
            #expect(Set(result.snapshot.environments.map { "\($0.id.applicationName)/\($0.id.environmentName)" })
                    == ["checkout/prod", "payments/prod"])
            #expect(result.snapshot.rows.allSatisfy { $0.cells.count == 1 })
            // Excluded applications and environments are never walked.
            let ops = fleet.operations(since: before)
            #expect(ops["ListEnvironments"] == 2)
            #expect(ops["ListDeployments"] == 2)
        }
    }

    @Test func progressCountsEveryCallAndEndsComplete() async throws {
        try await withFleet { fleet in
            try await Self.build(fleet)
            let recorder = ProgressRecorder()
            let before = fleet.emulator.operationCounts
            let result = try await fleet.scanner().scan(asOf: Self.t0, progress: { recorder.record($0) })
            #expect(result.errors.isEmpty)
            let events = recorder.events
            let last = try #require(events.last)
            let calls = fleet.operations(since: before).values.reduce(0, +)
            #expect(last.done == last.total)
            #expect(last.total == calls, "one progress unit per API call")
            #expect(zip(events, events.dropFirst()).allSatisfy { $0.done <= $1.done && $0.total <= $1.total })
            #expect(Set(events.map(\.current)).isSuperset(of: ["alpha/us-east-1", "alpha/eu-west-1", "beta/us-east-1"]))
        }
    }
}

/// Turns on throttling for one account once its identity call is done.
final class ThrottleAfterIdentity: @unchecked Sendable {
    let fleet: TestFleet
    let account: String
    let name: String
    private let lock = NSLock()
    private var armed = false
    private var identityEvents = 0

    init(fleet: TestFleet, account: EmulatorAccount) {
        self.fleet = fleet
        self.account = account.accountId
        self.name = account.name
    }

    /// The account's identity call reports twice under the account's name: planned, then
    /// finished. Its regions' later calls (all but possibly the first lists) are throttled.
    func check(_ progress: ScanProgress) {
        lock.withLock {
            guard !armed, progress.current == name else { return }
            identityEvents += 1
            guard identityEvents == 2 else { return }
            armed = true
            fleet.emulator.setFaults(FaultConfig(throttlePercent: 100, accounts: [account]))
        }
    }
}

final class ProgressRecorder: @unchecked Sendable {
    private let lock = NSLock()
    private var stored: [ScanProgress] = []
    func record(_ p: ScanProgress) { lock.withLock { stored.append(p) } }
    var events: [ScanProgress] { lock.withLock { stored } }
}
