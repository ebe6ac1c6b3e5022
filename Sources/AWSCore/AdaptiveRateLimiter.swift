import Foundation

/// Client-side rate limiting that backs off on throttles, like the AWS SDKs' adaptive
/// retry mode: nothing is limited until the service first throttles; then sends go
/// through a token bucket whose rate drops multiplicatively on a throttle (to 70% of what
/// was measured, at most once per `decreaseInterval`: one congestion event, not one per
/// request in flight) and climbs back with each success, so a throttled account-region
/// slows down instead of spending its retries, and speeds up again when it may.
///
/// One decrease per second at most: with a decrease every half second, a region where a
/// third of the calls are throttled settled near 10 calls/s and a scan took four times as
/// long, while AWS throttles by rate, so a sender above the limit sees nearly every call
/// throttled and keeps falling by 30% a second until it is below.
public actor AdaptiveRateLimiter {
    public static let minimumRate = 2.0
    public static let decrease = 0.7
    public static let decreaseInterval = 1.0

    /// Requests per second; nil: not limited (no throttle seen yet).
    public private(set) var rate: Double?
    public let maximumRate: Double
    private var tokens = 0.0
    private var lastRefill: Double
    /// Sends in the current second, to measure the rate before the first throttle.
    private var windowStart: Double
    private var windowCount = 0
    private var measured = 0.0
    private var lastDecrease = -Double.infinity
    private let clock: any AWSClock

    public init(maximumRate: Double = 200, clock: any AWSClock = SystemClock()) {
        self.maximumRate = maximumRate
        self.clock = clock
        lastRefill = clock.now().timeIntervalSince1970
        windowStart = lastRefill
    }

    /// Waits for a token (when limited) and counts the send.
    public func acquire() async throws {
        let now = clock.now().timeIntervalSince1970
        countSend(at: now)
        guard let rate else { return }
        refill(at: now, rate: rate)
        if tokens >= 1 {
            tokens -= 1
            return
        }
        let wait = (1 - tokens) / rate
        tokens -= 1  // reserved: later callers queue behind this one
        try await clock.sleep(seconds: wait)
    }

    public func throttled() {
        let now = clock.now().timeIntervalSince1970
        guard now - lastDecrease >= Self.decreaseInterval else { return }
        lastDecrease = now
        let base = rate ?? min(maximumRate, max(measured, currentRate(at: now), 1))
        rate = max(Self.minimumRate, base * Self.decrease)
        tokens = min(tokens, 1)
    }

    public func succeeded() {
        guard let current = rate else { return }
        let next = current + max(1, current * 0.1)
        rate = next >= maximumRate ? nil : next
    }

    private func refill(at now: Double, rate: Double) {
        tokens = min(max(1, rate), tokens + (now - lastRefill) * rate)
        lastRefill = now
    }

    /// Sends per second in the window so far (over at least a quarter second). A throttle
    /// in the first second of a scan comes after a burst: counting the burst as one
    /// second's sends made the first rate a handful per second, far below what the region
    /// had just served.
    private func currentRate(at now: Double) -> Double {
        Double(windowCount) / max(0.25, now - windowStart)
    }

    private func countSend(at now: Double) {
        if now - windowStart >= 1 {
            measured = Double(windowCount) / max(1, now - windowStart)
            windowStart = now
            windowCount = 0
        }
        windowCount += 1
    }
}

/// The rate limiters of one client, created on first use per key (service/region).
public final class RateLimiters: @unchecked Sendable {
    private let lock = NSLock()
    private var limiters: [String: AdaptiveRateLimiter] = [:]
    private let clock: any AWSClock

    public init(clock: any AWSClock = SystemClock()) { self.clock = clock }

    public func limiter(for key: String) -> AdaptiveRateLimiter {
        lock.withLock {
            if let known = limiters[key] { return known }
            let made = AdaptiveRateLimiter(clock: clock)
            limiters[key] = made
            return made
        }
    }
}
