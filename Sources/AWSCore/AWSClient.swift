import Foundation
import Logging

/// Sends AWS API requests: read-only guard → credentials → SigV4 → retries →
/// transport, decoding failures into `AWSError`. The AppConfig and STS
/// clients are thin layers over it.
public struct AWSClient: Sendable {
    public let credentials: any CredentialProvider
    public let transport: any HTTPTransport
    public let endpoints: EndpointResolver
    /// Per-account endpoint (emulator, tests): used for every service.
    public let endpointOverride: String?
    public let readOnlyGuard: ReadOnlyGuard
    public let retrier: Retrier
    /// One adaptive rate limiter per service and region of this account.
    public let rateLimiters: RateLimiters
    public let signer: SigV4Signer
    public let clock: any AWSClock
    public let logger: Logger

    public init(
        credentials: any CredentialProvider,
        transport: any HTTPTransport,
        endpoints: EndpointResolver = EndpointResolver(),
        endpointOverride: String? = nil,
        readOnly: Bool = false,
        retrier: Retrier? = nil,
        clock: any AWSClock = SystemClock(),
        logger: Logger = Logger(label: "flagdeck.aws")
    ) {
        self.credentials = credentials
        self.transport = transport
        self.endpoints = endpoints
        self.endpointOverride = endpointOverride
        self.readOnlyGuard = ReadOnlyGuard(enabled: readOnly)
        self.retrier = retrier ?? Retrier(clock: clock)
        self.rateLimiters = RateLimiters(clock: clock)
        self.signer = SigV4Signer()
        self.clock = clock
        self.logger = logger
    }

    public func endpoint(service: String, region: String) throws -> Endpoint {
        try endpoints.resolve(service: service, region: region, override: endpointOverride)
    }

    /// Convenience form: the endpoint is resolved for `service` and `region`.
    public func send(
        service: String, region: String, method: String, path: String,
        query: [QueryItem] = [], headers: [HTTPHeader] = [], body: [UInt8] = []
    ) async throws -> HTTPResponse {
        let request = AWSRequest(
            service: service, region: region, method: method,
            endpoint: try endpoint(service: service, region: region),
            path: path, query: query, headers: headers, body: body)
        return try await send(request)
    }

    /// Returns the 2xx response; throws `ReadOnlyViolation` (before anything
    /// is signed), `CredentialsError`, or `AWSError`.
    public func send(_ request: AWSRequest) async throws -> HTTPResponse {
        try readOnlyGuard.check(request)
        let limiter = rateLimiters.limiter(for: request.service + "/" + request.region)
        return try await retrier.run(idempotent: request.isIdempotent, rateLimiter: limiter) { attempt in
            let creds: Credentials
            do {
                creds = try await credentials.credentials()
            } catch let error as AWSError {
                // Not retried again here: the credential provider's own call already was.
                throw CredentialsError("cannot get credentials from \(credentials.source): \(error)")
            }
            // Re-signed on every attempt so X-Amz-Date stays fresh.
            let signed = signer.sign(request, credentials: creds, date: clock.now())
            let response: HTTPResponse
            do {
                response = try await transport.send(signed.request)
            } catch let error as HTTPTransportError {
                logger.debug("attempt \(attempt) \(request.method) \(request.endpoint.host)\(request.path): \(error)")
                throw AWSError.from(transport: error)
            }
            if response.isSuccess { return response }
            let error = ErrorDecoding.decode(response, protocol: request.wireProtocol)
            logger.debug("attempt \(attempt) \(request.method) \(request.endpoint.host)\(request.path): \(error)")
            throw error
        }
    }
}
