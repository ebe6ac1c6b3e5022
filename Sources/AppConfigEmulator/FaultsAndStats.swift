import Foundation

/// Injected faults (`PUT /_emulator/faults`). Percentages are applied deterministically:
/// with P%, exactly P of every 100 consecutive matching requests fail (100 = always).
public struct FaultConfig: Sendable, Codable, Equatable {
    public var latencyMs: Int = 0
    public var throttlePercent: Double = 0
    public var errorPercent: Double = 0
    /// Account ids (or account names) the faults apply to; empty = all.
    public var accounts: [String] = []
    /// Per AWS operation name (`CreateHostedConfigurationVersion`, `StartDeployment`, ...):
    /// the next requests of that operation that are lost or fail.
    public var operations: [String: OperationFault] = [:]
    /// Applications (names or ids) whose every request is refused with AccessDeniedException,
    /// like an IAM policy scoped to other applications' ARNs (in the accounts above).
    public var deniedApplications: [String] = []
    public init(latencyMs: Int = 0, throttlePercent: Double = 0, errorPercent: Double = 0, accounts: [String] = [],
                deniedApplications: [String] = []) {
        self.latencyMs = latencyMs
        self.throttlePercent = throttlePercent
        self.errorPercent = errorPercent
        self.accounts = accounts
        self.deniedApplications = deniedApplications
    }

    public init(operations: [String: OperationFault]) {
        self.operations = operations
    }

    func applies(toAccount accountId: String, named accountName: String?) -> Bool {
        accounts.isEmpty || accounts.contains(accountId) || (accountName.map(accounts.contains) ?? false)
    }
}

/// Faults for the next requests of one operation, counted down as they happen.
public struct OperationFault: Sendable, Codable, Equatable {
    /// The next N requests take effect, then the connection is closed without a response.
    public var lostResponses: Int = 0
    /// The next N requests (after the lost ones) fail with `status`, without effect.
    public var failures: Int = 0
    public var status: Int = 500
    /// Every request of that operation waits this long before it is handled (a slow or
    /// hanging service: time to kill the caller mid-write).
    public var delayMs: Int = 0

    public init(lostResponses: Int = 0, failures: Int = 0, status: Int = 500, delayMs: Int = 0) {
        self.lostResponses = lostResponses
        self.failures = failures
        self.status = status
        self.delayMs = delayMs
    }
}

final class Faults: @unchecked Sendable {
    private let lock = NSLock()
    private var config = FaultConfig()
    private var throttleCount = 0
    private var errorCount = 0

    var current: FaultConfig { lock.withLock { config } }

    func set(_ c: FaultConfig) {
        lock.withLock { config = c; throttleCount = 0; errorCount = 0 }
    }

    enum Decision { case pass, throttle, error }

    enum OperationDecision: Equatable { case pass, lose, fail(status: Int) }

    func delay(operation: String) -> Int { lock.withLock { config.operations[operation]?.delayMs ?? 0 } }

    /// Consumes one planned fault of `operation`, if any is left.
    func decide(operation: String) -> OperationDecision {
        lock.withLock {
            guard var fault = config.operations[operation] else { return .pass }
            defer { config.operations[operation] = fault }
            if fault.lostResponses > 0 { fault.lostResponses -= 1; return .lose }
            if fault.failures > 0 { fault.failures -= 1; return .fail(status: fault.status) }
            return .pass
        }
    }

    func decide(accountId: String, accountName: String?) -> (latencyMs: Int, decision: Decision) {
        lock.withLock {
            let c = config
            if !c.applies(toAccount: accountId, named: accountName) { return (0, .pass) }
            if Self.hit(c.throttlePercent, &throttleCount) { return (c.latencyMs, .throttle) }
            if Self.hit(c.errorPercent, &errorCount) { return (c.latencyMs, .error) }
            return (c.latencyMs, .pass)
        }
    }

    /// Request n (1-based) fails when floor(n·P/100) moves past floor((n−1)·P/100).
    private static func hit(_ percent: Double, _ counter: inout Int) -> Bool {
        guard percent > 0 else { return false }
        counter += 1
        let p = min(100, percent)
        return floor(Double(counter) * p / 100) > floor(Double(counter - 1) * p / 100)
    }
}

/// Request counts by operation and by account (`GET /_emulator/stats`).
final class Stats: @unchecked Sendable {
    private let lock = NSLock()
    private var byOperation: [String: Int] = [:]
    private var byAccount: [String: [String: Int]] = [:]
    private var total = 0

    func record(operation: String, accountId: String?) {
        lock.withLock {
            total += 1
            byOperation[operation, default: 0] += 1
            if let accountId { byAccount[accountId, default: [:]][operation, default: 0] += 1 }
        }
    }

    func reset() { lock.withLock { byOperation = [:]; byAccount = [:]; total = 0 } }

    /// `{"total": N, "operations": {...}, "accounts": {"ACCOUNT": {...}}, <op>: N ...}`.
    func snapshot() -> (total: Int, operations: [String: Int], accounts: [String: [String: Int]]) {
        lock.withLock { (total, byOperation, byAccount) }
    }
}
