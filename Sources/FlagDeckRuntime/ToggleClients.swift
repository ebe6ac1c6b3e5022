import AppConfigClient
import FlagDeploy
import FleetScanner

extension AppConfigClients {
    /// The AppConfig client of every account-region of `connections` that has clients.
    /// An account whose credentials cannot be set up has none: its environments are
    /// reported as such (`DeployError.noClient`) when a toggle reaches them.
    public init(_ connections: [AccountConnection]) {
        var clients: [AccountRegion: AppConfigClient] = [:]
        for connection in connections {
            guard case .success(let account) = connection.clients else { continue }
            for (region, client) in account.appConfig {
                clients[AccountRegion(account: account.account.name, region: region)] = client
            }
        }
        self.init(clients)
    }
}
