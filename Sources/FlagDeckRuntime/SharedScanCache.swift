import FleetScanner
import FleetStore
import Foundation
import Logging
import TeamStore

extension SharedScanCache {
    /// The cache a scan uses: the local store's, shared through the team store when there is one.
    public static func make(local: FleetStore?, team: TeamStore?) -> any ScanCache {
        if let team { return SharedScanCache(local: local, team: team) }
        return local.map { $0 as any ScanCache } ?? NoCache()
    }
}

/// The scan cache with a team store: this machine's first, the team's for what this
/// machine has never seen (copied here as it is read), and what a scan fetches goes to
/// both. The team's side never fails a scan: when it cannot be read or written the scan
/// goes on as without it, and the log says why.
public struct SharedScanCache: ScanCache {
    let local: (any ScanCache)?
    let team: TeamStore
    private let logger = Logger(label: "flagdeck.teamstore")

    public init(local: (any ScanCache)?, team: TeamStore) {
        self.local = local
        self.team = team
    }

    public func cachedVersions(accountId: String, region: String, applicationId: String,
                               profileId: String) async throws -> [Int: CachedVersion] {
        let here = try await local?.cachedVersions(accountId: accountId, region: region, applicationId: applicationId,
                                                   profileId: profileId) ?? [:]
        guard here.isEmpty else { return here }
        let shared = await fromTeam { try await team.cachedVersions(accountId: accountId, region: region,
                                                                     applicationId: applicationId, profileId: profileId) } ?? [:]
        if !shared.isEmpty { try? await local?.storeVersions(Array(shared.values)) }
        return shared
    }

    public func storeVersions(_ versions: [CachedVersion]) async throws {
        try await local?.storeVersions(versions)
        _ = await fromTeam { try await team.storeVersions(versions) }
    }

    public func cachedDeployments(accountId: String, region: String, applicationId: String,
                                  environmentId: String) async throws -> [Int: CachedDeployment] {
        let here = try await local?.cachedDeployments(accountId: accountId, region: region, applicationId: applicationId,
                                                      environmentId: environmentId) ?? [:]
        guard here.isEmpty else { return here }
        let shared = await fromTeam { try await team.cachedDeployments(accountId: accountId, region: region,
                                                                        applicationId: applicationId, environmentId: environmentId) } ?? [:]
        if !shared.isEmpty { try? await local?.storeDeployments(Array(shared.values)) }
        return shared
    }

    public func storeDeployments(_ deployments: [CachedDeployment]) async throws {
        try await local?.storeDeployments(deployments)
        _ = await fromTeam { try await team.storeDeployments(deployments) }
    }

    private func fromTeam<T>(_ body: () async throws -> T) async -> T? {
        do {
            return try await body()
        } catch {
            logger.warning("shared scan cache not used: \(error)")
            return nil
        }
    }
}
