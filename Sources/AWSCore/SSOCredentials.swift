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
    /// Where the token is and how to ask for a new one.
    public let tokenCache: SSOTokenCache

    public init(profile: String, startURL: String, ssoRegion: String, accountId: String, roleName: String,
                sessionName: String?, cacheDirectory: String, transport: any HTTPTransport,
                endpoint: Endpoint, clock: any AWSClock = SystemClock()) {
        self.init(profile: profile, startURL: startURL, ssoRegion: ssoRegion, accountId: accountId, roleName: roleName,
                  sessionName: sessionName, cacheDirectory: cacheDirectory, transport: transport, endpoint: endpoint,
                  clock: clock, source: .sso(profile: profile),
                  tokenCache: SSOTokenCache(directory: cacheDirectory, sessionName: sessionName, startURL: startURL,
                                            subject: "profile \(profile)",
                                            loginCommand: "aws sso login --profile \(profile)"))
    }

    /// A role of a discovered account through `[sso-session session]`, which no profile names:
    /// messages speak of the session and `aws sso login --sso-session`.
    public static func forSession(_ session: String, startURL: String, ssoRegion: String, accountId: String,
                                  roleName: String, home: String, transport: any HTTPTransport, endpoint: Endpoint,
                                  clock: any AWSClock = SystemClock()) -> SSOCredentialProvider {
        let cache = SSOTokenCache.forSession(session, startURL: startURL, home: home)
        return SSOCredentialProvider(
            profile: "", startURL: startURL, ssoRegion: ssoRegion, accountId: accountId, roleName: roleName,
            sessionName: session, cacheDirectory: cache.directory, transport: transport, endpoint: endpoint, clock: clock,
            source: .ssoSession(session: session, accountId: accountId, roleName: roleName), tokenCache: cache)
    }

    private init(profile: String, startURL: String, ssoRegion: String, accountId: String, roleName: String,
                 sessionName: String?, cacheDirectory: String, transport: any HTTPTransport, endpoint: Endpoint,
                 clock: any AWSClock, source: CredentialSource, tokenCache: SSOTokenCache) {
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
        self.source = source
        self.tokenCache = tokenCache
    }

    public static func cacheKey(sessionName: String?, startURL: String) -> String {
        SSOTokenCache.key(sessionName: sessionName, startURL: startURL)
    }

    public var cacheFilePath: String { tokenCache.filePath }

    private var subject: String { tokenCache.subject }
    private var loginHint: String { tokenCache.loginHint }

    /// The cached access token, or an error telling the user to log in.
    func cachedToken() throws -> String {
        try tokenCache.token(now: clock.now())
    }

    public func credentials() async throws -> Credentials {
        let token = try cachedToken()
        // GetRoleCredentials is unsigned (`auth: noAuth`): the bearer token is the credential.
        // Through the portal client, so a busy portal (hundreds of discovered accounts) is retried.
        let portal = SSOPortalClient(transport: transport, endpoint: endpoint, region: ssoRegion, clock: clock)
        let response: HTTPResponse
        do {
            response = try await portal.get("/federation/credentials",
                                            query: [QueryItem("account_id", accountId), QueryItem("role_name", roleName)],
                                            token: token)
        } catch let error as AWSError {
            if error.kind == .service,
               error.statusCode == 401 || error.statusCode == 403 || error.code == "UnauthorizedException" {
                throw CredentialsError("the SSO session for \(subject) is no longer valid (\(error.code)): \(loginHint)")
            }
            throw CredentialsError("SSO GetRoleCredentials for \(subject) failed: \(error)")
        }
        guard let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any],
              let rc = json["roleCredentials"] as? [String: Any],
              let akid = rc["accessKeyId"] as? String, let secret = rc["secretAccessKey"] as? String
        else {
            throw CredentialsError("SSO GetRoleCredentials for \(subject) returned no roleCredentials")
        }
        // `expiration` is epoch milliseconds here, unlike everywhere else.
        let expiration = (rc["expiration"] as? NSNumber).map { Date(timeIntervalSince1970: $0.doubleValue / 1000) }
        return Credentials(accessKeyId: akid, secretAccessKey: secret,
                           sessionToken: rc["sessionToken"] as? String, expiration: expiration)
    }
}
