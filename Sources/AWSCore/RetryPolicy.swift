import Foundation

/// AWS SDK "standard" retry mode (reference/appconfig.md §4.2): at most 3
/// attempts, full-jitter exponential backoff `random(0,1) × min(base × 2^(n−1), 20 s)`
/// after the n-th failed attempt, retries only throttling and transient errors,
/// each retry paid from the `RetryQuota`.
public struct RetryPolicy: Sendable {
    public var maxAttempts: Int
    public var baseDelay: Double
    public var maxBackoff: Double

    public init(maxAttempts: Int = 3, baseDelay: Double = 1, maxBackoff: Double = 20) {
        self.maxAttempts = max(1, maxAttempts)
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
    }

    /// `AWS_MAX_ATTEMPTS` when it is a positive integer, else the default 3.
    public static func fromEnvironment(_ env: [String: String]) -> RetryPolicy {
        if let raw = env["AWS_MAX_ATTEMPTS"], let n = Int(raw.trimmingCharacters(in: .whitespaces)), n > 0 {
            return RetryPolicy(maxAttempts: n)
        }
        return RetryPolicy()
    }

    public func backoff(afterFailedAttempt attempt: Int, random: Double) -> Double {
        let exp = baseDelay * pow(2, Double(max(0, attempt - 1)))
        return random * min(exp, maxBackoff)
    }

    public func shouldRetry(_ error: AWSError, attempt: Int) -> Bool {
        attempt < maxAttempts && error.isRetryable
    }

    /// A non-idempotent write is sent again only when it surely had no effect.
    public func shouldRetry(_ error: AWSError, attempt: Int, idempotent: Bool) -> Bool {
        shouldRetry(error, attempt: attempt) && (idempotent || !error.mayHaveTakenEffect)
    }
}

/// Runs an operation under a `RetryPolicy`, sleeping on the injected clock.
public struct Retrier: Sendable {
    public var policy: RetryPolicy
    public var quota: RetryQuota
    public var clock: any AWSClock
    public var random: any RandomSource

    public init(policy: RetryPolicy = RetryPolicy(), quota: RetryQuota = RetryQuota(),
                clock: any AWSClock = SystemClock(), random: any RandomSource = SystemRandomSource()) {
        self.policy = policy
        self.quota = quota
        self.clock = clock
        self.random = random
    }

    /// `body(attempt)` (1-based) throws `AWSError` for failed attempts; any
    /// other error (credentials, cancellation, read-only) is never retried. With
    /// `idempotent: false`, an error after which the request may have taken effect is
    /// not retried either.
    public func run<T: Sendable>(idempotent: Bool = true, _ body: (Int) async throws -> T) async throws -> T {
        var attempt = 1
        var acquired: Int? = nil
        while true {
            do {
                let value = try await body(attempt)
                await quota.release(acquired: acquired)
                return value
            } catch let error as AWSError {
                guard policy.shouldRetry(error, attempt: attempt, idempotent: idempotent) else { throw error }
                guard let cost = await quota.acquire(isTimeout: error.isTimeout) else { throw error }
                acquired = cost
                try await clock.sleep(seconds: policy.backoff(afterFailedAttempt: attempt, random: random.nextUnit()))
                attempt += 1
            }
        }
    }
}
