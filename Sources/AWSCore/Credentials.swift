import Foundation

/// AWS credentials. Deliberately not Codable and with a masked description,
/// mirror and debug description, so a stray `print`, log line or `dump`
/// can never reveal the secret key or session token.
public struct Credentials: Sendable, Equatable {
    public let accessKeyId: String
    public let secretAccessKey: String
    public let sessionToken: String?
    public let expiration: Date?

    public init(accessKeyId: String, secretAccessKey: String, sessionToken: String? = nil, expiration: Date? = nil) {
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.sessionToken = (sessionToken?.isEmpty ?? true) ? nil : sessionToken
        self.expiration = expiration
    }

    /// True when the credentials expire within `margin` seconds of `now`.
    public func expires(within margin: TimeInterval, of now: Date) -> Bool {
        guard let expiration else { return false }
        return expiration.timeIntervalSince(now) <= margin
    }

    /// `AKIA****WXYZ`: enough to tell keys apart in `flagdeck doctor`, useless to an attacker.
    public var maskedAccessKeyId: String { Self.mask(accessKeyId) }

    public static func mask(_ keyId: String) -> String {
        guard keyId.count > 8 else { return String(repeating: "*", count: keyId.count) }
        return keyId.prefix(4) + "****" + keyId.suffix(4)
    }
}

extension Credentials: CustomStringConvertible, CustomDebugStringConvertible, CustomReflectable {
    public var description: String {
        var parts = ["accessKeyId: \(maskedAccessKeyId)", "secret: <redacted>"]
        if sessionToken != nil { parts.append("sessionToken: <redacted>") }
        if let expiration { parts.append("expiration: \(ISO8601.format(expiration))") }
        return "Credentials(\(parts.joined(separator: ", ")))"
    }

    public var debugDescription: String { description }

    public var customMirror: Mirror {
        Mirror(self, children: [
            "accessKeyId": maskedAccessKeyId,
            "secretAccessKey": "<redacted>",
            "sessionToken": sessionToken == nil ? "nil" : "<redacted>",
            "expiration": expiration.map(ISO8601.format) ?? "nil",
        ], displayStyle: .struct)
    }
}

/// Where credentials came from, for `flagdeck doctor` and error messages.
public enum CredentialSource: Sendable, Equatable, CustomStringConvertible {
    case environment
    case sharedCredentialsFile(profile: String)
    case configFile(profile: String)
    case assumeRole(roleArn: String, via: String)
    case credentialProcess(profile: String)
    case sso(profile: String)
    /// A discovered account's role through an `[sso-session]` (no profile names it).
    case ssoSession(session: String, accountId: String, roleName: String)
    case `static`

    public var description: String {
        switch self {
        case .environment: return "environment"
        case .sharedCredentialsFile(let p): return "profile \(p) (shared credentials file)"
        case .configFile(let p): return "profile \(p) (config file)"
        case .assumeRole(let arn, let via): return "assume-role \(arn) via \(via)"
        case .credentialProcess(let p): return "credential_process (profile \(p))"
        case .sso(let p): return "sso (profile \(p))"
        case .ssoSession(let s, let account, let role): return "sso-session \(s) (\(account)/\(role))"
        case .static: return "static credentials"
        }
    }
}

/// Anything that can produce credentials; implementations that fetch
/// temporary credentials are wrapped in `CachingCredentialProvider`.
public protocol CredentialProvider: Sendable {
    var source: CredentialSource { get }
    func credentials() async throws -> Credentials
}

public struct StaticCredentialProvider: CredentialProvider {
    public let source: CredentialSource
    private let value: Credentials

    public init(_ credentials: Credentials, source: CredentialSource = .static) {
        self.value = credentials
        self.source = source
    }

    public func credentials() async throws -> Credentials { value }
}

/// Errors of credential resolution. Messages name files, profiles and
/// commands but never a secret.
public struct CredentialsError: Error, Sendable, Equatable, CustomStringConvertible {
    public var message: String
    public init(_ message: String) { self.message = message }
    public var description: String { message }
}
