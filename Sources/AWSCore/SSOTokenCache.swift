import Crypto
import Foundation

/// The access token `aws sso login` left in `~/.aws/sso/cache/<sha1(session or start URL)>.json`.
/// Shared by the credential provider (GetRoleCredentials) and account discovery (the
/// portal's ListAccounts), so both find, check and explain the token the same way.
/// The token itself is a secret: it is returned to the caller and never put in a message.
public struct SSOTokenCache: Sendable {
    public let directory: String
    /// Set for `[sso-session]` logins: the cache file is keyed by it instead of the start URL.
    public let sessionName: String?
    public let startURL: String
    /// Whose token, in messages: "profile dev", "sso-session corp".
    public let subject: String
    /// What the user runs to log in again.
    public let loginCommand: String

    public init(directory: String, sessionName: String?, startURL: String, subject: String, loginCommand: String) {
        self.directory = directory
        self.sessionName = sessionName
        self.startURL = startURL
        self.subject = subject
        self.loginCommand = loginCommand
    }

    /// The cache of `[sso-session NAME]` under `home`.
    public static func forSession(_ name: String, startURL: String, home: String) -> SSOTokenCache {
        SSOTokenCache(directory: home + "/.aws/sso/cache", sessionName: name, startURL: startURL,
                      subject: "sso-session \(name)", loginCommand: "aws sso login --sso-session \(name)")
    }

    public static func key(sessionName: String?, startURL: String) -> String {
        Insecure.SHA1.hash(data: Array((sessionName ?? startURL).utf8)).hexString
    }

    public var filePath: String {
        (directory as NSString).appendingPathComponent(Self.key(sessionName: sessionName, startURL: startURL) + ".json")
    }

    public var loginHint: String { "run `\(loginCommand)`" }

    /// The cached access token, or an error telling the user to log in.
    public func token(now: Date) throws -> String {
        guard let data = FileManager.default.contents(atPath: filePath) else {
            throw CredentialsError("no cached SSO token for \(subject): \(loginHint)")
        }
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let token = json["accessToken"] as? String, !token.isEmpty,
              let expiresRaw = json["expiresAt"] as? String
        else {
            throw CredentialsError("the cached SSO token for \(subject) (\(filePath)) is unreadable: \(loginHint)")
        }
        guard let expiresAt = ISO8601.parse(expiresRaw), expiresAt > now else {
            throw CredentialsError("the SSO session for \(subject) has expired: \(loginHint)")
        }
        return token
    }
}
