/// The standard-mode retry quota (botocore `RetryQuotaChecker`, smithy
/// `token_bucket`): retries spend tokens, successes refund them, so a
/// struggling service is not hammered by every caller retrying at once.
public actor RetryQuota {
    public static let initialCapacity = 500
    public static let retryCost = 5
    public static let timeoutRetryCost = 10
    public static let noRetryIncrement = 1

    public private(set) var available: Int
    public let maxCapacity: Int

    public init(capacity: Int = RetryQuota.initialCapacity) {
        self.available = capacity
        self.maxCapacity = capacity
    }

    /// Takes the cost of one retry; nil when the bucket cannot pay (fail fast).
    public func acquire(isTimeout: Bool) -> Int? {
        let cost = isTimeout ? Self.timeoutRetryCost : Self.retryCost
        guard available >= cost else { return nil }
        available -= cost
        return cost
    }

    /// On success: refund what the last retry took, or 1 if there was no retry.
    public func release(acquired: Int?) {
        available = min(maxCapacity, available + (acquired ?? Self.noRetryIncrement))
    }
}
