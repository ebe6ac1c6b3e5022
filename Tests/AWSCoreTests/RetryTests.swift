import Foundation
import Testing
@testable import AWSCore

@Suite struct RetryTests {
    func client(_ transport: RecordingTransport, clock: FakeClock, quota: RetryQuota = RetryQuota(),
                random: Double = 1.0, readOnly: Bool = false) -> AWSClient {
        AWSClient(credentials: StaticCredentialProvider(testCredentials), transport: transport,
                  endpoints: EndpointResolver(environment: [:]), readOnly: readOnly,
                  retrier: Retrier(quota: quota, clock: clock, random: FixedRandom(value: random)), clock: clock)
    }

    let throttle = jsonResponse(400, #"{"message": "Rate exceeded"}"#,
                                headers: [HTTPHeader("x-amzn-ErrorType", "ThrottlingException:http://internal.amazon.com/")])

    @Test func throttlingRetriedWithBackoffThenSucceeds() async throws {
        let t = RecordingTransport([throttle, jsonResponse(503, ""), jsonResponse(200, "{}")])
        let clock = FakeClock(Date(timeIntervalSince1970: 1_795_000_000.9))
        let quota = RetryQuota()
        let r = try await client(t, clock: clock, quota: quota).send(service: "appconfig", region: "us-east-1",
                                                                    method: "GET", path: "/applications")
        #expect(r.status == 200)
        #expect(t.requests.count == 3)
        // The throttle: random 1.0 × min(0.25 × 2^(n−1), 5); then the rate limiter, which the
        // throttle switched on, spaces the next send; the 503: random 1.0 × min(2^(n−1), 20).
        #expect(clock.sleeps.first == 0.25)
        #expect(clock.sleeps.contains(0.25), "the 503's backoff: its first failure, a read")
        #expect(clock.sleeps.count > 2, "and the limiter's waits")
        // Only the 503's retry paid the quota, and the success refunded it.
        #expect(await quota.available == 500 - 5 + 5)
        // Each attempt is signed afresh with the clock's current time. The clock starts just
        // before a whole second (X-Amz-Date has whole seconds), so the first backoff crosses it.
        let dates = t.requests.map { $0.headers.first(named: "x-amz-date") }
        #expect(Set(dates).count >= 2)
    }

    @Test func readsGiveUpAfterSevenAttemptsAndAWSMaxAttemptsRules() async throws {
        let t = RecordingTransport(fallback: jsonResponse(500, "<html>oops</html>"))
        let clock = FakeClock()
        await #expect(throws: AWSError.self) {
            try await client(t, clock: clock, random: 0.5).send(service: "appconfig", region: "us-east-1",
                                                                method: "GET", path: "/applications")
        }
        #expect(t.requests.count == 7)
        #expect(clock.sleeps == [0.125, 0.25, 0.5, 1.0, 2.0, 4.0])  // random 0.5 × 0.25 × 2^(n−1): reads wait less
        #expect(RetryPolicy.fromEnvironment(["AWS_MAX_ATTEMPTS": "2"]).maxReadAttempts == 2)
        #expect(RetryPolicy.fromEnvironment([:]).maxAttempts == 3)
    }

    @Test(arguments: [
        (400, "BadRequestException"), (400, "ValidationException"), (409, "ConflictException"),
        (404, "ResourceNotFoundException"), (402, "ServiceQuotaExceededException"), (403, "AccessDeniedException"),
    ])
    func clientErrorsAreNotRetried(status: Int, code: String) async throws {
        let t = RecordingTransport(fallback: jsonResponse(status, "{\"__type\": \"com.amazon#\(code)\", \"Message\": \"no\"}"))
        let clock = FakeClock()
        do {
            _ = try await client(t, clock: clock).send(service: "appconfig", region: "us-east-1", method: "GET", path: "/x")
            Issue.record("expected an error")
        } catch let e as AWSError {
            #expect(e.code == code)
            #expect(e.statusCode == status)
        }
        #expect(t.requests.count == 1)
        #expect(clock.sleeps.isEmpty)
    }

    @Test func bare429IsThrottling() async throws {
        let t = RecordingTransport([jsonResponse(429, ""), jsonResponse(200, "{}")])
        let r = try await client(t, clock: FakeClock()).send(service: "appconfig", region: "us-east-1", method: "GET", path: "/x")
        #expect(r.status == 200)
        #expect(t.requests.count == 2)
    }

    @Test func connectionErrorsAndTimeoutsRetried() async throws {
        let t = RecordingTransport([.error(.connectionFailed("refused")), .error(.timedOut("read")), jsonResponse(200, "{}")])
        let quota = RetryQuota()
        _ = try await client(t, clock: FakeClock(), quota: quota).send(service: "appconfig", region: "us-east-1",
                                                                       method: "GET", path: "/x")
        #expect(t.requests.count == 3)
        #expect(await quota.available == 500 - 5 - 10 + 10)
    }

    /// A write whose answer may be lost is never sent blind again: the caller looks for it.
    @Test func nonIdempotentWritesAreResentOnlyWhenTheySurelyDidNotHappen() async throws {
        func post(_ replies: [RecordingTransport.Reply]) async -> (Int, AWSError?) {
            let t = RecordingTransport(replies, fallback: jsonResponse(201, "{}"))
            do {
                _ = try await client(t, clock: FakeClock()).send(service: "appconfig", region: "us-east-1", method: "POST",
                                                                 path: "/applications/a/environments/e/deployments")
                return (t.requests.count, nil)
            } catch let e as AWSError {
                return (t.requests.count, e)
            } catch {
                return (t.requests.count, nil)
            }
        }
        // Lost: the connection closed after sending, a read time-out, a 500.
        for lost in [RecordingTransport.Reply.error(.connectionFailed("remoteConnectionClosed")), .error(.timedOut("read")),
                     jsonResponse(500, #"{"Message": "boom"}"#, headers: [HTTPHeader("x-amzn-ErrorType", "InternalServerException")])] {
            let (attempts, error) = await post([lost])
            #expect(attempts == 1, "\(lost)")
            #expect(error?.mayHaveTakenEffect == true, "\(lost)")
        }
        // Surely not carried out: no connection, or throttled.
        for refused in [RecordingTransport.Reply.error(.notSent("connection refused")), throttle] {
            let (attempts, error) = await post([refused])
            #expect(attempts == 2, "\(refused)")
            #expect(error == nil)
        }
        // The same failures on a read are simply retried.
        let t = RecordingTransport([.error(.connectionFailed("remoteConnectionClosed")), jsonResponse(500, ""), jsonResponse(200, "{}")])
        _ = try await client(t, clock: FakeClock()).send(service: "appconfig", region: "us-east-1", method: "GET", path: "/x")
        #expect(t.requests.count == 3)
    }

    @Test func finalTransportFailureIsAWSError() async throws {
        let t = RecordingTransport(fallback: .error(.timedOut("read timeout")))
        do {
            _ = try await client(t, clock: FakeClock()).send(service: "appconfig", region: "us-east-1", method: "GET", path: "/x")
            Issue.record("expected an error")
        } catch let e as AWSError {
            #expect(e.kind == .timeout)
            #expect(e.isTransient)
        }
    }

    /// Throttles do not spend the quota: a busy service is waited for (up to the throttle
    /// attempts), a failing one is not hammered.
    @Test func throttlesAreRetriedPatientlyWithoutSpendingTheQuota() async throws {
        let quota = RetryQuota(capacity: 7)
        let t = RecordingTransport(fallback: throttle)
        await #expect(throws: AWSError.self) {
            try await client(t, clock: FakeClock(), quota: quota).send(service: "appconfig", region: "us-east-1",
                                                                       method: "GET", path: "/x")
        }
        #expect(t.requests.count == RetryPolicy().maxThrottleAttempts)
        #expect(await quota.available == 7)
    }

    @Test func quotaExhaustionFailsFast() async throws {
        let quota = RetryQuota(capacity: 7)
        let failing = jsonResponse(500, #"{"Message": "failing"}"#)
        let t = RecordingTransport(fallback: failing)
        await #expect(throws: AWSError.self) {
            try await client(t, clock: FakeClock(), quota: quota).send(service: "appconfig", region: "us-east-1",
                                                                       method: "GET", path: "/x")
        }
        // 7 tokens pay for one retry (5), not a second.
        #expect(t.requests.count == 2)
        #expect(await quota.available == 2)
        let t2 = RecordingTransport(fallback: failing)
        await #expect(throws: AWSError.self) {
            try await client(t2, clock: FakeClock(), quota: quota).send(service: "appconfig", region: "us-east-1",
                                                                        method: "GET", path: "/x")
        }
        #expect(t2.requests.count == 1)
    }

    @Test func successWithoutRetryRefundsOne() async throws {
        let quota = RetryQuota(capacity: 500)
        _ = await quota.acquire(isTimeout: false)
        let t = RecordingTransport()
        _ = try await client(t, clock: FakeClock(), quota: quota).send(service: "appconfig", region: "us-east-1",
                                                                       method: "GET", path: "/x")
        #expect(await quota.available == 496)
    }

    @Test func backoffCapsAtTwentySeconds() {
        let p = RetryPolicy(maxAttempts: 10)
        #expect(p.backoff(afterFailedAttempt: 1, random: 1) == 1)
        #expect(p.backoff(afterFailedAttempt: 3, random: 1) == 4)
        #expect(p.backoff(afterFailedAttempt: 6, random: 1) == 20)
        #expect(p.backoff(afterFailedAttempt: 9, random: 0.25) == 5)
        #expect(RetryPolicy.fromEnvironment(["AWS_MAX_ATTEMPTS": "5"]).maxAttempts == 5)
        #expect(RetryPolicy.fromEnvironment(["AWS_MAX_ATTEMPTS": "x"]).maxAttempts == 3)
    }

    @Test func concurrencyLimitPerHost() async throws {
        let limiter = HostConcurrencyLimiter(maxPerHost: 2)
        let gate = SlowTransport()
        let transport = ConcurrencyLimitedTransport(base: gate, limiter: limiter)
        let req = HTTPRequest(method: "GET", url: "https://a/", headers: [], body: [], hostKey: "a")
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 { group.addTask { _ = try await transport.send(req) } }
            try await group.waitForAll()
        }
        #expect(await gate.maxConcurrent == 2)
        #expect(await limiter.inFlightCount("a") == 0)
    }
}

actor SlowTransport: HTTPTransport {
    var current = 0
    var maxConcurrent = 0
    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        current += 1
        maxConcurrent = max(maxConcurrent, current)
        try await Task.sleep(nanoseconds: 20_000_000)
        current -= 1
        return HTTPResponse(status: 200)
    }
}

/// The adaptive rate limiter: unlimited until a throttle, then a token bucket whose rate
/// drops on throttles and climbs back with successes.
@Suite struct AdaptiveRateLimiterTests {
    @Test func limitsOnlyAfterAThrottleAndRecovers() async throws {
        let clock = FakeClock()
        let limiter = AdaptiveRateLimiter(maximumRate: 20, clock: clock)
        for _ in 0..<50 { try await limiter.acquire() }
        #expect(clock.sleeps.isEmpty, "no throttle yet: nothing is limited")
        #expect(await limiter.rate == nil)

        await limiter.throttled()
        let first = try #require(await limiter.rate)
        #expect(first <= 50 * 0.7)
        // Throttles of the same moment are one congestion event: one decrease.
        await limiter.throttled()
        #expect(await limiter.rate == first)
        clock.advance(AdaptiveRateLimiter.decreaseInterval)
        await limiter.throttled()
        let second = try #require(await limiter.rate)
        #expect(abs(second - max(AdaptiveRateLimiter.minimumRate, first * 0.7)) < 1e-9)

        // Sending faster than the rate now waits.
        for _ in 0..<50 { try await limiter.acquire() }
        #expect(!clock.sleeps.isEmpty)

        for _ in 0..<500 { await limiter.succeeded() }
        #expect(await limiter.rate == nil, "recovered past the maximum: unlimited again")
    }

    /// A throttle early in a scan: the rate is what the burst so far amounts to per
    /// second, not the burst's count.
    @Test func theFirstRateComesFromTheSendsPerSecondSoFar() async throws {
        let clock = FakeClock()
        let limiter = AdaptiveRateLimiter(maximumRate: 200, clock: clock)
        for _ in 0..<10 {
            try await limiter.acquire()
            clock.advance(0.01)
        }
        await limiter.throttled()
        let rate = try #require(await limiter.rate)
        // Counted over at least a quarter second, so one early send is not taken for a flood.
        #expect(abs(rate - 40 * 0.7) < 1e-3, "10 sends in 0.1 s count as 40/s; cut by 30%")
    }
}
