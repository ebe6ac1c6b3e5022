import Foundation

/// A role in one account through an `[sso-session]` of the AWS config file, without a
/// profile naming it: how accounts discovered from IAM Identity Center are read.
public struct SSORoleAccess: Sendable, Hashable {
    public var session: String
    public var accountId: String
    public var roleName: String

    public init(session: String, accountId: String, roleName: String) {
        self.session = session
        self.accountId = accountId
        self.roleName = roleName
    }
}

/// `[sso-session NAME]`: where its portal is and which cached token belongs to it.
public struct SSOSession: Sendable, Hashable {
    public var name: String
    public var startURL: String
    public var region: String
}

extension CredentialChain {
    /// The session's start URL and region from the config file, or why it cannot be used.
    public func ssoSession(_ name: String) throws -> SSOSession {
        guard let section = config.ssoSessions[name] else {
            throw CredentialsError("there is no [sso-session \(name)] section in \(config.configPath): "
                + "create it with `aws configure sso-session`, then run `aws sso login --sso-session \(name)`")
        }
        var missing: [String] = []
        if section["sso_start_url"]?.isEmpty ?? true { missing.append("sso_start_url") }
        if section["sso_region"]?.isEmpty ?? true { missing.append("sso_region") }
        guard missing.isEmpty, let url = section["sso_start_url"], let region = section["sso_region"] else {
            throw CredentialsError("[sso-session \(name)] in \(config.configPath) is missing \(missing.joined(separator: ", "))")
        }
        return SSOSession(name: name, startURL: url, region: region)
    }

    /// The portal of `session`: `endpointOverride` (emulators, tests), else
    /// `AWS_ENDPOINT_URL_SSO` / `AWS_ENDPOINT_URL`, else `portal.sso.REGION.amazonaws.com`.
    public func ssoPortalEndpoint(_ session: SSOSession, override: String?) throws -> Endpoint {
        try EndpointResolver(environment: environment).resolve(service: "sso", region: session.region, override: override)
    }

    /// The session's token cache (`~/.aws/sso/cache`).
    public func ssoTokenCache(_ session: SSOSession) -> SSOTokenCache {
        SSOTokenCache.forSession(session.name, startURL: session.startURL, home: SharedConfig.homeDirectory(environment))
    }

    /// Role credentials of one account through `session` (GetRoleCredentials), cached until expiry.
    public func ssoRoleProvider(_ access: SSORoleAccess, endpointOverride: String?) throws -> any CredentialProvider {
        let session = try ssoSession(access.session)
        let provider = SSOCredentialProvider.forSession(
            session.name, startURL: session.startURL, ssoRegion: session.region, accountId: access.accountId,
            roleName: access.roleName, home: SharedConfig.homeDirectory(environment), transport: transport,
            endpoint: try ssoPortalEndpoint(session, override: endpointOverride), clock: clock)
        return CachingCredentialProvider(provider, clock: clock)
    }
}
