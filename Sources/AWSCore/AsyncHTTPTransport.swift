import AsyncHTTPClient
import Foundation
import NIOCore

/// `HTTPTransport` on async-http-client. One instance owns one `HTTPClient`
/// (a connection pool shared by every account and region); call `shutdown()`
/// once at exit, or use `AsyncHTTPTransport.with { }`.
public final class AsyncHTTPTransport: HTTPTransport {
    public struct Timeouts: Sendable {
        public var connect: Double
        public var read: Double
        /// Whole request, including reading the body.
        public var request: Double
        public init(connect: Double = 5, read: Double = 30, request: Double = 60) {
            self.connect = connect
            self.read = read
            self.request = request
        }
    }

    public let timeouts: Timeouts
    /// Larger bodies are refused: AppConfig documents are at most a few MB.
    public let maxResponseBytes: Int
    private let client: HTTPClient

    public init(timeouts: Timeouts = Timeouts(), maxResponseBytes: Int = 32 * 1024 * 1024) {
        self.timeouts = timeouts
        self.maxResponseBytes = maxResponseBytes
        var config = HTTPClient.Configuration(
            timeout: .init(connect: .milliseconds(Int64(timeouts.connect * 1000)),
                           read: .milliseconds(Int64(timeouts.read * 1000))))
        // SigV4 signs the URL as given; redirects would need re-signing.
        config.redirectConfiguration = .disallow
        config.decompression = .disabled
        self.client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: config)
    }

    public func shutdown() async throws {
        try await client.shutdown()
    }

    /// Runs `body` with a fresh transport and always shuts it down.
    public static func with<T: Sendable>(timeouts: Timeouts = Timeouts(),
                                         _ body: (AsyncHTTPTransport) async throws -> T) async throws -> T {
        let transport = AsyncHTTPTransport(timeouts: timeouts)
        do {
            let result = try await body(transport)
            try await transport.shutdown()
            return result
        } catch {
            try? await transport.shutdown()
            throw error
        }
    }

    /// `flagdeck/0.1.0 (Swift; Linux)`.
    public static let userAgent: String = {
        #if os(Linux)
        let os = "Linux"
        #else
        let os = "macOS"
        #endif
        return "flagdeck/\(AWSCoreVersion.flagdeck) (Swift; \(os))"
    }()

    public func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        var req = HTTPClientRequest(url: request.url)
        req.method = .init(rawValue: request.method)
        for h in request.headers { req.headers.add(name: h.name, value: h.value) }
        // Unsigned, as in every SDK: CloudTrail's userAgent then names flagdeck as the tool.
        if !req.headers.contains(name: "User-Agent") { req.headers.add(name: "User-Agent", value: Self.userAgent) }
        if !request.body.isEmpty || ["POST", "PUT", "PATCH"].contains(request.method) {
            req.body = .bytes(request.body)
        }
        do {
            let response = try await client.execute(req, timeout: .milliseconds(Int64(timeouts.request * 1000)))
            let buffer = try await response.body.collect(upTo: maxResponseBytes)
            return HTTPResponse(
                status: Int(response.status.code),
                headers: response.headers.map { HTTPHeader($0.name, $0.value) },
                body: Array(buffer.readableBytesView))
        } catch is CancellationError {
            throw CancellationError()
        } catch {
            throw Self.classify(error)
        }
    }

    static func classify(_ error: any Error) -> HTTPTransportError {
        if let e = error as? HTTPClientError {
            // No connection: the request never left, so even a write may be sent again.
            let beforeSending: [HTTPClientError] = [.connectTimeout, .tlsHandshakeTimeout, .getConnectionFromPoolTimeout]
            if beforeSending.contains(e) { return .notSent(String(describing: e)) }
            let timeouts: [HTTPClientError] = [.readTimeout, .writeTimeout, .deadlineExceeded]
            if timeouts.contains(e) { return .timedOut(String(describing: e)) }
            if [HTTPClientError.invalidURL, .emptyHost, .emptyScheme].contains(e) {
                return .invalidRequest(String(describing: e))
            }
            return .connectionFailed(String(describing: e))
        }
        let text = String(describing: error)
        let lower = text.lowercased()
        if lower.contains("connection refused") || lower.contains("econnrefused") || lower.contains("connectionrefused")
            || lower.contains("nioconnectionerror") || lower.contains("could not resolve") || lower.contains("unknown host") {
            return .notSent(text)
        }
        if lower.contains("timeout") || lower.contains("timed out") {
            return .timedOut(text)
        }
        // NIO connection errors (refused, reset, DNS) have no common type to match.
        return .connectionFailed(text)
    }
}

/// The version flagdeck reports in its User-Agent (kept equal to `flagdeck --version`).
public enum AWSCoreVersion {
    public static let flagdeck = "0.1.0"
}
