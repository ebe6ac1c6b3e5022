import Crypto
import Foundation

/// IAM Identity Center (SSO) profiles: trade the token that `aws sso login`
/// cached for role credentials via the portal's GetRoleCredentials. Logging
/// in (the device flow) is left to the AWS CLI; we only tell the user to.
public struct SSOCredentialProvider: CredentialProvider {
    public let source: CredentialSource
    public let profile: String
    public let startURL: String
    public let ssoRegion: String
    public let accountId: String
    public let roleName: String
    /// Set for `sso_session` profiles; the cache file is keyed by it instead of the start URL.
    public let sessionName: String?
    public let cacheDirectory: String
    public let transport: any HTTPTransport
    public let endpoint: Endpoint
    public let clock: any AWSClock

    public init(profile: String, startURL: String, ssoRegion: String, accountId: String, roleName: String,
                sessionName: String?, cacheDirectory: String, transport: any HTTPTransport,
                endpoint: Endpoint, clock: any AWSClock = SystemClock()) {
        self.profile = profile
        self.startURL = startURL
        self.ssoRegion = ssoRegion
        self.accountId = accountId
        self.roleName = roleName
        self.sessionName = sessionName
        self.cacheDirectory = cacheDirectory
        self.transport = transport
        self.endpoint = endpoint
        self.clock = clock
        self.source = .sso(profile: profile)
    }

    public static func cacheKey(sessionName: String?, startURL: String) -> String {
        Insecure.SHA1.hash(data: Array((sessionName ?? startURL).utf8)).hexString
    }

    public var cacheFilePath: String {
        (cacheDirectory as NSString).appendingPathComponent(Self.cacheKey(sessionName: sessionName, startURL: startURL) + ".json")
    }

    private var loginHint: String { "run `aws sso login --profile \(profile)`" }

    /// The cached access token, or an error telling the user to log in.
    func cachedToken() throws -> String {
        guard let data = FileManager.default.contents(atPath: cacheFilePath) else {
            throw CredentialsError("no cached SSO token for profile \(profile): \(loginHint)")
        }
        guard let json = (try? JSONSerialization.jsonObject(with: data)) as? [String: Any],
              let token = json["accessToken"] as? String, !token.isEmpty,
              let expiresRaw = json["expiresAt"] as? String
        else {
            throw CredentialsError("the cached SSO token for profile \(profile) (\(cacheFilePath)) is unreadable: \(loginHint)")
        }
        guard let expiresAt = ISO8601.parse(expiresRaw), expiresAt > clock.now() else {
            throw CredentialsError("the SSO session for profile \(profile) has expired: \(loginHint)")
        }
        return token
    }

    public func credentials() async throws -> Credentials {
        let token = try cachedToken()
        let request = AWSRequest(
            service: "sso", region: ssoRegion, method: "GET", endpoint: endpoint,
            path: "/federation/credentials",
            query: [QueryItem("account_id", accountId), QueryItem("role_name", roleName)])
        // GetRoleCredentials is unsigned (`auth: noAuth`): the bearer token is the credential.
        let http = HTTPRequest(
            method: "GET", url: request.url,
            headers: [HTTPHeader("Host", endpoint.hostHeader), HTTPHeader("x-amz-sso_bearer_token", token)],
            body: [], hostKey: endpoint.hostHeader)
        let response: HTTPResponse
        do {
            response = try await transport.send(http)
        } catch let error as HTTPTransportError {
            throw CredentialsError("SSO GetRoleCredentials for profile \(profile) failed: \(error)")
        }
        guard response.isSuccess else {
            let error = ErrorDecoding.decodeRestJSON(response)
            if response.status == 401 || response.status == 403 || error.code == "UnauthorizedException" {
                throw CredentialsError("the SSO session for profile \(profile) is no longer valid (\(error.code)): \(loginHint)")
            }
            throw CredentialsError("SSO GetRoleCredentials for profile \(profile) failed: \(error)")
        }
        guard let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any],
              let rc = json["roleCredentials"] as? [String: Any],
              let akid = rc["accessKeyId"] as? String, let secret = rc["secretAccessKey"] as? String
        else {
            throw CredentialsError("SSO GetRoleCredentials for profile \(profile) returned no roleCredentials")
        }
        // `expiration` is epoch milliseconds here, unlike everywhere else.
        let expiration = (rc["expiration"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue / 1000) }
        return Credentials(accessKeyId: akid, secretAccessKey: secret,
                           sessionToken: rc["sessionToken"] as? String, expiration: expiration)
    }
}
