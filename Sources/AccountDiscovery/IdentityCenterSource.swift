import AWSCore
import FlagDeckConfig
import Foundation

/// Lists the accounts of an `aws sso login` session through the portal, with the roles
/// the session may take in each (ListAccounts, then ListAccountRoles per account).
struct IdentityCenterSource: Sendable {
    let settings: FlagDeckConfiguration.IdentityCenter
    let chain: CredentialChain
    let clock: any AWSClock

    static let concurrency = 4

    var description: String { "sso-session \(settings.session)" }

    var cacheKey: String { "sso|session=\(settings.session)|endpoint=\(settings.endpoint ?? "")" }

    func list() async throws -> DiscoveryListing {
        let session: SSOSession
        let token: String
        let portal: SSOPortalClient
        do {
            session = try chain.ssoSession(settings.session)
            token = try chain.ssoTokenCache(session).token(now: clock.now())
            portal = SSOPortalClient(transport: chain.transport,
                                     endpoint: try chain.ssoPortalEndpoint(session, override: settings.endpoint),
                                     region: session.region, clock: clock)
        } catch {
            throw DiscoveryStep("reading the SSO session", error)
        }
        let accounts: [SSOPortalClient.AccountInfo]
        do {
            accounts = try await portal.listAccounts(token: token)
        } catch let error as AWSError where SSOPortalClient.isSessionRejected(error) {
            throw DiscoveryStep("sso:ListAccounts", error,
                                hint: "the session is no longer valid: run `aws sso login --sso-session \(settings.session)`")
        } catch {
            throw DiscoveryStep("sso:ListAccounts", error)
        }
        // Unknown roles (a failed ListAccountRoles) stay nil: the account is tried anyway.
        let roles = await boundedMap(accounts, limit: Self.concurrency) { account -> [String]? in
            try? await portal.listAccountRoles(token: token, accountId: account.id)
        }
        let listed = zip(accounts, roles).map { account, roles in
            ListedAccount(id: account.id, name: account.name, roles: roles)
        }
        return DiscoveryListing(partition: Self.partition(ofRegion: session.region), accounts: listed)
    }

    static func partition(ofRegion region: String) -> String {
        if region.hasPrefix("cn-") { return "aws-cn" }
        if region.hasPrefix("us-gov-") { return "aws-us-gov" }
        return "aws"
    }
}
