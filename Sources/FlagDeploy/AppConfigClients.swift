import AppConfigClient
import FlagModel

/// One account (by its configured name) in one region.
public struct AccountRegion: Sendable, Hashable, CustomStringConvertible {
    public var account: String
    public var region: String

    public init(account: String, region: String) {
        self.account = account
        self.region = region
    }

    public init(_ environment: EnvironmentID) {
        self.init(account: environment.accountName, region: environment.region)
    }

    public var description: String { "\(account)/\(region)" }
}

/// The AppConfig client of every account-region a toggle may touch.
public struct AppConfigClients: Sendable {
    public var clients: [AccountRegion: AppConfigClient]

    public init(_ clients: [AccountRegion: AppConfigClient]) {
        self.clients = clients
    }

    public func client(for environment: EnvironmentID) throws(DeployError) -> AppConfigClient {
        guard let c = clients[AccountRegion(environment)] else {
            throw .noClient(AccountRegion(environment).description)
        }
        return c
    }

    public func isReadOnly(_ environment: EnvironmentID) -> Bool {
        clients[AccountRegion(environment)]?.aws.readOnlyGuard.enabled ?? false
    }
}
