import AWSCore
import Foundation

/// A failed AppConfig call, classified for the UI: "not found" and
/// "conflict" (another deployment running, a stale `Latest-Version-Number`)
/// are answers the app acts on, not just messages. The underlying `AWSError`
/// (code, message, status, request id) is always kept.
///
/// Errors that are not AWS answers pass through the client unchanged:
/// `ReadOnlyViolation`, `CredentialsError`, `EndpointError`, `CancellationError`.
public enum AppConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    /// `ResourceNotFoundException` (404); `resourceName` as the service names it.
    case notFound(resourceName: String?, AWSError)
    /// `ConflictException` (409).
    case conflict(AWSError)
    /// `BadRequestException` (400), with the invalid-configuration details when the service gave them.
    case badRequest(BadRequestDetails, AWSError)
    /// Throttled, after AWSCore's retries gave up.
    case throttled(AWSError)
    /// Anything else the service or the connection answered (quota, payload too large, 5xx, auth, network).
    case other(AWSError)
    /// A 2xx answer this client could not read.
    case invalidResponse(operation: String, message: String)
    /// Refused before sending: the request could not be put on the wire as given.
    case invalidInput(String)

    public var awsError: AWSError? {
        switch self {
        case .notFound(_, let e), .conflict(let e), .badRequest(_, let e), .throttled(let e), .other(let e): return e
        case .invalidResponse, .invalidInput: return nil
        }
    }

    public var isNotFound: Bool { if case .notFound = self { return true } else { return false } }
    public var isConflict: Bool { if case .conflict = self { return true } else { return false } }

    public var description: String {
        switch self {
        case .notFound(_, let e), .conflict(let e), .throttled(let e), .other(let e): return e.description
        case .badRequest(let details, let e):
            let reasons = details.invalidConfiguration.map(\.summary)
            return reasons.isEmpty ? e.description : e.description + ": " + reasons.joined(separator: "; ")
        case .invalidResponse(let op, let m): return "\(op): unreadable response: \(m)"
        case .invalidInput(let m): return "invalid request: \(m)"
        }
    }

    /// Classifies `error`; `body` is the error response's body, for the members
    /// `AWSError` does not carry (`ResourceName`, `Details`).
    public init(_ error: AWSError, body: [UInt8]?) {
        let members = body.flatMap { try? JSONDecoder().decode(ErrorMembers.self, from: Data($0)) }
        // Throttling first: a ThrottlingException usually comes with HTTP 400.
        if error.isThrottling {
            self = .throttled(error)
        } else if error.code == "ResourceNotFoundException" || (error.kind == .service && error.statusCode == 404) {
            self = .notFound(resourceName: members?.resourceName, error)
        } else if error.code == "ConflictException" || (error.kind == .service && error.statusCode == 409) {
            self = .conflict(error)
        } else if error.code == "BadRequestException" || error.code == "ValidationException" {
            self = .badRequest(
                BadRequestDetails(reason: members?.reason,
                                  invalidConfiguration: members?.details?.invalidConfiguration ?? []),
                error)
        } else {
            self = .other(error)
        }
    }
}

/// `BadRequestException`'s `Reason` and `Details.InvalidConfiguration`.
public struct BadRequestDetails: Sendable, Equatable {
    public var reason: String?
    public var invalidConfiguration: [InvalidConfigurationDetail]

    public init(reason: String? = nil, invalidConfiguration: [InvalidConfigurationDetail] = []) {
        self.reason = reason
        self.invalidConfiguration = invalidConfiguration
    }
}

/// Why a hosted configuration was rejected, e.g. a constraint on one flag attribute.
public struct InvalidConfigurationDetail: Sendable, Equatable, Codable {
    public var constraint: String?
    public var location: String?
    public var reason: String?
    public var type: String?
    public var value: String?

    public init(constraint: String? = nil, location: String? = nil, reason: String? = nil,
                type: String? = nil, value: String? = nil) {
        self.constraint = constraint
        self.location = location
        self.reason = reason
        self.type = type
        self.value = value
    }

    enum CodingKeys: String, CodingKey {
        case constraint = "Constraint", location = "Location", reason = "Reason", type = "Type", value = "Value"
    }

    var summary: String {
        [location, reason ?? constraint].compactMap { $0 }.joined(separator: ": ")
    }
}

/// The error members beyond code and message that rest-json puts in the body.
private struct ErrorMembers: Decodable {
    struct Details: Decodable {
        var invalidConfiguration: [InvalidConfigurationDetail]?
        enum CodingKeys: String, CodingKey { case invalidConfiguration = "InvalidConfiguration" }
    }
    var resourceName: String?
    var reason: String?
    var details: Details?
    enum CodingKeys: String, CodingKey { case resourceName = "ResourceName", reason = "Reason", details = "Details" }
}
