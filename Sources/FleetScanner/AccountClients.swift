import AWSCore
import AppConfigClient
import FlagDeckConfig
import Foundation
import Logging

/// Builds the AWS and AppConfig clients of configured accounts, the one way scan,
/// toggle, doctor and the dashboard all use: the account's profile, role and endpoint
/// from the configuration, STS in the account's first region unless told otherwise,
/// one shared transport.
public struct AccountClientFactory: Sendable {
    public var readOnly: Bool
    public var transport: any HTTPTransport
    public var environment: [String: String]
    /// The AWS config and credentials files already read; nil: read per account from `environment`.
    public var sharedConfig: SharedConfig?
    public var logger: Logger

    public init(readOnly: Bool, transport: any HTTPTransport,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                sharedConfig: SharedConfig? = nil, logger: Logger = Logger(label: "flagdeck.aws")) {
        self.readOnly = readOnly
        self.transport = transport
        self.environment = environment
        self.sharedConfig = sharedConfig
        self.logger = logger
    }

    /// What the configuration says about reaching `account`; STS calls (AssumeRole) go
    /// to `stsRegion`, by default the account's first region.
    public static func access(for account: FlagDeckConfiguration.Account, stsRegion: String? = nil) -> AccountAccess {
        AccountAccess(profile: account.profile, roleArn: account.roleArn, externalId: account.externalId,
                      endpoint: account.endpoint, stsRegion: stsRegion ?? account.regions.first,
                      sso: account.sso.map { SSORoleAccess(session: $0.session, accountId: $0.accountId, roleName: $0.roleName) })
    }

    /// The account's AWS client; throws why it cannot be set up (unknown profile,
    /// unreadable config files, a role without base credentials...).
    public func aws(for account: FlagDeckConfiguration.Account, stsRegion: String? = nil) throws -> AWSClient {
        try AWSClient.forAccount(Self.access(for: account, stsRegion: stsRegion), readOnly: readOnly, transport: transport,
                                 environment: environment, config: sharedConfig, logger: logger)
    }

    /// The account's AWS client and an AppConfig client for each of its regions.
    public func clients(for account: FlagDeckConfiguration.Account) throws -> AccountClients {
        AccountClients(account: account, aws: try aws(for: account))
    }

    /// Every account, in order, with its clients or the reason it has none: one broken
    /// account never hides the others.
    public func connect(_ accounts: [FlagDeckConfiguration.Account]) -> [AccountConnection] {
        accounts.map { account in
            do {
                return AccountConnection(account: account, clients: .success(try clients(for: account)))
            } catch {
                return AccountConnection(account: account, clients: .failure(error))
            }
        }
    }
}

/// One account's clients: AWS (STS and signed calls) and AppConfig per configured region.
public struct AccountClients: Sendable {
    public let account: FlagDeckConfiguration.Account
    public let aws: AWSClient
    /// By region, for every region the configuration lists for the account.
    public let appConfig: [String: AppConfigClient]

    public init(account: FlagDeckConfiguration.Account, aws: AWSClient) {
        self.account = account
        self.aws = aws
        self.appConfig = Dictionary(account.regions.map { ($0, AppConfigClient(aws: aws, region: $0)) },
                                    uniquingKeysWith: { first, _ in first })
    }

    /// The AppConfig client of `region` (one is made for a region the configuration does not list).
    public func appConfig(in region: String) -> AppConfigClient {
        appConfig[region] ?? AppConfigClient(aws: aws, region: region)
    }
}

/// An account and its clients, or the error that kept them from being built.
public struct AccountConnection: Sendable {
    public let account: FlagDeckConfiguration.Account
    public let clients: Result<AccountClients, any Error>

    public init(account: FlagDeckConfiguration.Account, clients: Result<AccountClients, any Error>) {
        self.account = account
        self.clients = clients
    }

    /// Why the account has no clients; nil when it has them.
    public var error: (any Error)? {
        if case .failure(let error) = clients { return error }
        return nil
    }
}

/// Account clients kept across scans: the dashboard rescans every minute, and building
/// them again would assume every role (or run every credential_process, read every SSO
/// token) again each time. A client whose credentials fail is dropped, so a fixed
/// profile is picked up on the next scan.
public final class AccountClientCache: @unchecked Sendable {
    private let lock = NSLock()
    private var clients: [FlagDeckConfiguration.Account: AccountClients] = [:]

    public init() {}

    /// The cached clients of `account` (same configuration entry), else new ones from `factory`.
    public func clients(for account: FlagDeckConfiguration.Account, factory: AccountClientFactory) throws -> AccountClients {
        if let known = lock.withLock({ clients[account] }) { return known }
        let made = try factory.clients(for: account)
        lock.withLock { clients[account] = made }
        return made
    }

    public func forget(_ account: FlagDeckConfiguration.Account) {
        _ = lock.withLock { clients.removeValue(forKey: account) }
    }

    public var count: Int { lock.withLock { clients.count } }
}
