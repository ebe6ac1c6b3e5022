import FleetStore
import Foundation

/// Where the scanner keeps what never changes: hosted versions and deployments
/// that reached a final state. Without a store (`--no-cache`) nothing is kept.
///
/// Reads and writes are in batches (one query per environment or profile, one
/// transaction per account-region) so a warm scan of a large fleet does not turn
/// into thousands of SQLite round trips, nor a cold one into thousands of commits.
public protocol ScanCache: Sendable {
    /// Every cached version of one profile, by version number.
    func cachedVersions(accountId: String, region: String, applicationId: String,
                        profileId: String) async throws -> [Int: CachedVersion]
    func storeVersions(_ versions: [CachedVersion]) async throws
    /// Every cached (final) deployment of one environment, by deployment number.
    func cachedDeployments(accountId: String, region: String, applicationId: String,
                           environmentId: String) async throws -> [Int: CachedDeployment]
    func storeDeployments(_ deployments: [CachedDeployment]) async throws
}

public struct NoCache: ScanCache {
    public init() {}
    public func cachedVersions(accountId: String, region: String, applicationId: String,
                               profileId: String) async throws -> [Int: CachedVersion] { [:] }
    public func storeVersions(_ versions: [CachedVersion]) async throws {}
    public func cachedDeployments(accountId: String, region: String, applicationId: String,
                                  environmentId: String) async throws -> [Int: CachedDeployment] { [:] }
    public func storeDeployments(_ deployments: [CachedDeployment]) async throws {}
}

// FleetStore already has exactly these four methods.
extension FleetStore: ScanCache {}
