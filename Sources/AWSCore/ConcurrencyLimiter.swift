/// A counting semaphore per host: fan-out over many accounts and regions must
/// not open more than a few requests to one endpoint (appconfig.md §4.1).
public actor HostConcurrencyLimiter {
    public let maxPerHost: Int
    private var inFlight: [String: Int] = [:]
    private var waiters: [String: [CheckedContinuation<Void, Never>]] = [:]

    public init(maxPerHost: Int = 4) {
        self.maxPerHost = max(1, maxPerHost)
    }

    public func acquire(_ host: String) async {
        if inFlight[host, default: 0] < maxPerHost {
            inFlight[host, default: 0] += 1
            return
        }
        await withCheckedContinuation { waiters[host, default: []].append($0) }
    }

    public func release(_ host: String) {
        if var queue = waiters[host], !queue.isEmpty {
            // Hand the permit straight to the next waiter; the count stays.
            let next = queue.removeFirst()
            waiters[host] = queue
            next.resume()
        } else {
            inFlight[host, default: 1] -= 1
        }
    }

    public func inFlightCount(_ host: String) -> Int { inFlight[host, default: 0] }
}

/// Applies a `HostConcurrencyLimiter` to every request of a transport.
public struct ConcurrencyLimitedTransport: HTTPTransport {
    public let base: any HTTPTransport
    public let limiter: HostConcurrencyLimiter

    public init(base: any HTTPTransport, limiter: HostConcurrencyLimiter) {
        self.base = base
        self.limiter = limiter
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        await limiter.acquire(request.hostKey)
        do {
            let response = try await base.send(request)
            await limiter.release(request.hostKey)
            return response
        } catch {
            await limiter.release(request.hostKey)
            throw error
        }
    }
}
