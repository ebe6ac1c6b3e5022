import AWSCore
import FlagDeckConfig
import Foundation

/// Several HTTP transports used in turn, so a scan can have as many calls in flight as
/// its per-account-region limits allow.
///
/// async-http-client keeps at most 8 connections per host per client
/// (`concurrentHTTP1ConnectionsPerHostSoftLimit`; requests beyond wait for one), and
/// every account of a region talks to the same host (`appconfig.REGION.amazonaws.com`,
/// or the one emulator). With a single `AsyncHTTPTransport` the whole fleet's scan
/// would run 8 calls at a time however many accounts it reads. `AsyncHTTPTransport`
/// does not expose that setting, so the scan spreads its calls over enough clients.
public final class TransportPool: HTTPTransport, @unchecked Sendable {
    public let transports: [any HTTPTransport]
    private let lock = NSLock()
    private var next = 0

    public init(_ transports: [any HTTPTransport]) {
        precondition(!transports.isEmpty, "a pool needs at least one transport")
        self.transports = transports
    }

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let transport = lock.withLock {
            defer { next = (next + 1) % transports.count }
            return transports[next]
        }
        return try await transport.send(request)
    }

    /// async-http-client's connections per host and client.
    public static let connectionsPerClient = 8

    /// How many clients a scan of `configuration` needs so that every account-region can
    /// have `concurrency` calls in flight at once (all of them might share one host), capped.
    public static func clientCount(for configuration: FlagDeckConfiguration, cap: Int = 32) -> Int {
        let accountRegions = configuration.accounts.reduce(0) { $0 + max(1, $1.regions.count) }
        let inFlight = accountRegions * max(1, configuration.concurrency)
        return min(cap, max(1, (inFlight + connectionsPerClient - 1) / connectionsPerClient))
    }

    /// A pool of `AsyncHTTPTransport`s sized for `configuration`; shut it down once at exit.
    public static func forScan(of configuration: FlagDeckConfiguration,
                               timeouts: AsyncHTTPTransport.Timeouts = .init()) -> TransportPool {
        TransportPool((0..<clientCount(for: configuration)).map { _ in AsyncHTTPTransport(timeouts: timeouts) })
    }

    /// Shuts down every `AsyncHTTPTransport` of the pool.
    public func shutdown() async {
        await withTaskGroup(of: Void.self) { group in
            for case let transport as AsyncHTTPTransport in transports {
                group.addTask { try? await transport.shutdown() }
            }
        }
    }
}
