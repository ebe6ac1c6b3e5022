import Foundation

/// Injected faults (`PUT /_emulator/faults`). Percentages are applied deterministically:
/// with P%, exactly P of every 100 consecutive matching requests fail (100 = always).
public struct FaultConfig: Sendable, Codable, Equatable {
    public var latencyMs: Int = 0
    public var throttlePercent: Double = 0
    public var errorPercent: Double = 0
    /// Account ids (or account names) the faults apply to; empty = all.
    public var accounts: [String] = []
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

    func applies(toAccount accountId: String, named accountName: String?) -> Bool {
        accounts.isEmpty || accounts.contains(accountId) || (accountName.map(accounts.contains) ?? false)
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
