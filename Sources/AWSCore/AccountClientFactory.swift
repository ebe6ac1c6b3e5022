import Foundation
import Logging

/// What flagdeck's config says about one account (DESIGN.md "Configuration").
public struct AccountAccess: Sendable {
    public var profile: String?
    public var roleArn: String?
    public var externalId: String?
    public var roleSessionName: String?
    /// e.g. `http://127.0.0.1:4566`: used for AppConfig and STS alike.
    public var endpoint: String?
    /// Region used for the STS AssumeRole call when `roleArn` is set.
    public var stsRegion: String?
    /// Credentials from an IAM Identity Center session instead of `profile`/`roleArn`.
    public var sso: SSORoleAccess?

    public init(profile: String? = nil, roleArn: String? = nil, externalId: String? = nil,
                roleSessionName: String? = nil, endpoint: String? = nil, stsRegion: String? = nil,
                sso: SSORoleAccess? = nil) {
        self.sso = sso
        self.profile = profile
        self.roleArn = roleArn
        self.externalId = externalId
        self.roleSessionName = roleSessionName
        self.endpoint = endpoint
        self.stsRegion = stsRegion
    }
}

extension AWSClient {
    /// The client for one configured account: shared files and environment
    /// give the base credentials, `roleArn` is assumed on top (cached and
    /// refreshed), the endpoint override applies to every service.
    /// Share one `transport` (and `retryQuota`, `limiter` if wanted) between accounts.
    public static func forAccount(
        _ access: AccountAccess,
        readOnly: Bool,
        transport: any HTTPTransport,
        environment: [String: String] = ProcessInfo.processInfo.environment,
        config: SharedConfig? = nil,
        clock: any AWSClock = SystemClock(),
        logger: Logger = Logger(label: "flagdeck.aws")
    ) throws -> AWSClient {
        let shared = try config ?? SharedConfig.load(environment: environment)
        let chain = CredentialChain(environment: environment, config: shared, transport: transport, clock: clock)
        let provider = try access.sso.map { try chain.ssoRoleProvider($0, endpointOverride: access.endpoint) }
            ?? chain.provider(
                profile: access.profile, roleArn: access.roleArn, externalId: access.externalId,
                sessionName: access.roleSessionName, stsRegion: access.stsRegion, stsEndpointOverride: access.endpoint)
        let profileName = SharedConfig.selectedProfileName(explicit: access.profile, environment: environment)
        return AWSClient(
            credentials: provider, transport: transport,
            endpoints: shared.endpointResolver(profile: profileName, environment: environment),
            endpointOverride: access.endpoint, readOnly: readOnly,
            retrier: Retrier(policy: RetryPolicy.fromEnvironment(environment), clock: clock),
            clock: clock, logger: logger)
    }

    /// STS through this client's credentials, e.g. `client.sts(region: "eu-west-1").getCallerIdentity()`.
    public func sts(region: String) -> STSClient {
        STSClient(client: self, region: region)
    }
}
