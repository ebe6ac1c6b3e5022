import Foundation

/// Time for signing and expiry checks, and sleeping between retries. Injected
/// so tests run retries and credential expiry instantly.
public protocol AWSClock: Sendable {
    func now() -> Date
    func sleep(seconds: Double) async throws
}

public struct SystemClock: AWSClock {
    public init() {}
    public func now() -> Date { Date() }
    public func sleep(seconds: Double) async throws {
        guard seconds > 0 else { return }
        try await Task.sleep(nanoseconds: UInt64(seconds * 1_000_000_000))
    }
}

/// Uniform random numbers in [0, 1) for backoff jitter.
public protocol RandomSource: Sendable {
    func nextUnit() -> Double
}

public struct SystemRandomSource: RandomSource {
    public init() {}
    public func nextUnit() -> Double { Double.random(in: 0..<1) }
}
