import Foundation

/// The one error type for a failed AWS call: a service error decoded from the
/// response, or a connection failure / time-out that survived the retries.
public struct AWSError: Error, Sendable, Equatable, CustomStringConvertible {
    public enum Kind: String, Sendable {
        /// The service answered with a non-2xx status.
        case service
        /// No HTTP response: DNS, refused, reset, TLS.
        case connection
        /// No response in time.
        case timeout
    }

    public var kind: Kind
    public var code: String
    public var message: String
    public var statusCode: Int?
    public var requestId: String?
    /// Query-protocol `<Type>` (Sender/Receiver) when present.
    public var faultType: String?
    /// False when the request surely never reached the service (the connection was
    /// refused or could not be set up).
    public var requestSent: Bool

    public init(kind: Kind = .service, code: String, message: String, statusCode: Int? = nil,
                requestId: String? = nil, faultType: String? = nil, requestSent: Bool = true) {
        self.kind = kind
        self.code = code
        self.message = message
        self.statusCode = statusCode
        self.requestId = requestId
        self.faultType = faultType
        self.requestSent = requestSent
    }

    /// Whether the request may have been carried out although no success came back: the
    /// response was lost (connection closed after sending, time-out) or the service failed
    /// with a 5xx. A 4xx (throttling included) was refused before any effect.
    public var mayHaveTakenEffect: Bool {
        switch kind {
        case .service: return !isThrottling && (statusCode ?? 500) >= 500
        case .connection, .timeout: return requestSent
        }
    }

    /// Error codes the SDKs treat as throttling (botocore `retries/standard.py`).
    public static let throttlingCodes: Set<String> = [
        "Throttling", "ThrottlingException", "ThrottledException", "RequestThrottledException",
        "TooManyRequestsException", "ProvisionedThroughputExceededException",
        "TransactionInProgressException", "RequestLimitExceeded", "BandwidthLimitExceeded",
        "LimitExceededException", "RequestThrottled", "SlowDown", "PriorRequestNotComplete",
        "EC2ThrottledException",
    ]

    static let transientCodes: Set<String> = [
        "RequestTimeout", "RequestTimeoutException", "PriorRequestNotComplete", "InternalError",
    ]

    /// Throttling by code, or a bare 429 (AppConfig's control plane models no
    /// throttling error, so its throttles may arrive with any code).
    public var isThrottling: Bool {
        kind == .service && (Self.throttlingCodes.contains(code) || statusCode == 429)
    }

    public var isTimeout: Bool {
        kind == .timeout || code == "RequestTimeout" || code == "RequestTimeoutException" || statusCode == 408
    }

    /// Worth retrying without being throttling: 5xx gateway/server errors,
    /// connection errors and time-outs.
    public var isTransient: Bool {
        switch kind {
        case .connection, .timeout: return true
        case .service:
            if let s = statusCode, [500, 502, 503, 504, 408].contains(s) { return true }
            return Self.transientCodes.contains(code)
        }
    }

    public var isRetryable: Bool { isThrottling || isTransient }

    /// Credentials rejected: worth a hint about clocks and keys.
    public var isAuthFailure: Bool {
        ["SignatureDoesNotMatch", "InvalidSignatureException", "InvalidClientTokenId",
         "UnrecognizedClientException", "ExpiredToken", "ExpiredTokenException",
         "RequestExpired", "RequestTimeTooSkewed", "AuthFailure"].contains(code)
    }

    public var description: String {
        var s: String
        switch kind {
        case .service:
            s = "\(code): \(message.isEmpty ? "(no message)" : message)"
            if let statusCode { s += " (HTTP \(statusCode)" + (requestId.map { ", request id \($0)" } ?? "") + ")" }
            else if let requestId { s += " (request id \(requestId))" }
        case .connection: s = "connection error: \(message)"
        case .timeout: s = "timed out: \(message)"
        }
        return s
    }

    static func from(transport error: HTTPTransportError) -> AWSError {
        switch error {
        case .timedOut(let m): return AWSError(kind: .timeout, code: "RequestTimeout", message: m)
        case .connectionFailed(let m): return AWSError(kind: .connection, code: "ConnectionError", message: m)
        case .notSent(let m): return AWSError(kind: .connection, code: "ConnectionError", message: m, requestSent: false)
        case .invalidRequest(let m), .other(let m): return AWSError(kind: .connection, code: "TransportError", message: m)
        }
    }
}
