import Foundation

/// AWS SDK "standard" retry mode (reference/appconfig.md §4.2): at most 3
/// attempts, full-jitter exponential backoff `random(0,1) × min(base × 2^(n−1), 20 s)`
/// after the n-th failed attempt, retries only throttling and transient errors,
/// each retry paid from the `RetryQuota`.
///
/// Throttles are retried more patiently than failures: a throttled request was refused
/// before any effect, and the adaptive rate limiter (`AdaptiveRateLimiter`) slows the
/// sender down, so up to `maxThrottleAttempts` attempts with shorter waits, and they do
/// not spend the retry quota (which guards against a failing service, not a busy one).
public struct RetryPolicy: Sendable {
    /// Attempts of a request that fails (5xx, connection, time-out), throttles not counted.
    public var maxAttempts: Int
    /// The same for reads, which are always safe to send again: a scan of hundreds of
    /// accounts must not lose a region to a few unlucky 500s in a row. With 10% of calls
    /// failing, 5 attempts lost about one call in 100,000: at 300 accounts (55,000 calls),
    /// a part of the fleet in about every other scan. 7 make it one in 10^7.
    public var maxReadAttempts: Int
    public var baseDelay: Double
    public var maxBackoff: Double
    /// Reads wait less between attempts: nothing is at stake in sending them again.
    public var readBaseDelay: Double
    /// Attempts of a request the service keeps throttling: 14 so that with 30% of calls
    /// throttled (0.3^14 ≈ 5·10^-8) a 300-account scan loses nothing to bad luck.
    public var maxThrottleAttempts: Int
    public var throttleBaseDelay: Double
    public var throttleMaxBackoff: Double

    public init(maxAttempts: Int = 3, maxReadAttempts: Int? = nil, baseDelay: Double = 1, maxBackoff: Double = 20,
                readBaseDelay: Double = 0.25, maxThrottleAttempts: Int = 14, throttleBaseDelay: Double = 0.25,
                throttleMaxBackoff: Double = 5) {
        self.readBaseDelay = readBaseDelay
        self.maxAttempts = max(1, maxAttempts)
        self.maxReadAttempts = max(self.maxAttempts, maxReadAttempts ?? (maxAttempts == 3 ? 7 : maxAttempts))
        self.baseDelay = baseDelay
        self.maxBackoff = maxBackoff
        self.maxThrottleAttempts = max(self.maxAttempts, maxThrottleAttempts)
        self.throttleBaseDelay = throttleBaseDelay
        self.throttleMaxBackoff = throttleMaxBackoff
    }

    /// `AWS_MAX_ATTEMPTS` when it is a positive integer, else the default 3.
    public static func fromEnvironment(_ env: [String: String]) -> RetryPolicy {
        if let raw = env["AWS_MAX_ATTEMPTS"], let n = Int(raw.trimmingCharacters(in: .whitespaces)), n > 0 {
            return RetryPolicy(maxAttempts: n)
        }
        return RetryPolicy()
    }

    public func backoff(afterFailedAttempt attempt: Int, random: Double, idempotent: Bool = false) -> Double {
        let exp = (idempotent ? readBaseDelay : baseDelay) * pow(2, Double(max(0, attempt - 1)))
        return random * min(exp, maxBackoff)
    }

    /// The wait after a throttle: shorter, as the rate limiter does the spacing.
    public func throttleBackoff(afterFailedAttempt attempt: Int, random: Double) -> Double {
        let exp = throttleBaseDelay * pow(2, Double(max(0, attempt - 1)))
        return random * min(exp, throttleMaxBackoff)
    }

    public func shouldRetry(_ error: AWSError, attempt: Int) -> Bool {
        if error.isThrottling { return attempt < maxThrottleAttempts }
        return attempt < maxAttempts && error.isRetryable
    }

    /// `failures`: the failed attempts so far that were not throttles; `throttles`: those
    /// that were. A non-idempotent write is sent again only when it surely had no effect.
    public func shouldRetry(_ error: AWSError, failures: Int, throttles: Int, idempotent: Bool) -> Bool {
        if error.isThrottling { return throttles < maxThrottleAttempts }
        guard error.isRetryable, idempotent || !error.mayHaveTakenEffect else { return false }
        return failures < (idempotent ? maxReadAttempts : maxAttempts)
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
    /// `rateLimiter` is told of every throttle and success, so the sender slows down and
    /// speeds up again.
    public func run<T: Sendable>(idempotent: Bool = true, rateLimiter: AdaptiveRateLimiter? = nil,
                                 _ body: (Int) async throws -> T) async throws -> T {
        var attempt = 1, failures = 0, throttles = 0
        var acquired: Int? = nil
        while true {
            do {
                if let rateLimiter { try await rateLimiter.acquire() }
                let value = try await body(attempt)
                await quota.release(acquired: acquired)
                await rateLimiter?.succeeded()
                return value
            } catch let error as AWSError {
                if error.isThrottling {
                    throttles += 1
                    await rateLimiter?.throttled()
                } else {
                    failures += 1
                }
                guard policy.shouldRetry(error, failures: failures, throttles: throttles, idempotent: idempotent) else { throw error }
                if error.isThrottling {
                    try await clock.sleep(seconds: policy.throttleBackoff(afterFailedAttempt: throttles, random: random.nextUnit()))
                } else {
                    guard let cost = await quota.acquire(isTimeout: error.isTimeout) else { throw error }
                    acquired = cost
                    try await clock.sleep(seconds: policy.backoff(afterFailedAttempt: failures, random: random.nextUnit(),
                                                                  idempotent: idempotent))
                }
                attempt += 1
            }
        }
    }
}
