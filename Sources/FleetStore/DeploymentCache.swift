import Foundation
import GRDB

/// Identifies one deployment across the fleet.
public struct DeploymentKey: Sendable, Hashable, Codable {
    public var accountId: String
    public var region: String
    public var applicationId: String
    public var environmentId: String
    public var deploymentNumber: Int

    public init(accountId: String, region: String, applicationId: String, environmentId: String,
                deploymentNumber: Int) {
        self.accountId = accountId
        self.region = region
        self.applicationId = applicationId
        self.environmentId = environmentId
        self.deploymentNumber = deploymentNumber
    }
}

/// A deployment that reached a final state, as opaque JSON: the store must
/// not depend on AppConfigClient, so the scanner encodes and decodes `record`.
public struct CachedDeployment: Sendable, Hashable {
    /// Deployments in these states never change again; no other state is cached.
    public static let finalStates: Set<String> = ["COMPLETE", "ROLLED_BACK", "REVERTED"]

    public var key: DeploymentKey
    public var state: String
    public var record: Data
    public var storedAt: Date

    public init(key: DeploymentKey, state: String, record: Data, storedAt: Date) {
        self.key = key
        self.state = state
        self.record = record
        self.storedAt = storedAt
    }

    init(row: Row) {
        key = DeploymentKey(accountId: row["account_id"], region: row["region"], applicationId: row["application_id"],
                            environmentId: row["environment_id"], deploymentNumber: row["deployment_number"])
        state = row["state"]
        record = row["record"]
        storedAt = row["stored_at"]
    }
}

extension FleetStore {
    public func cachedDeployment(_ key: DeploymentKey) async throws -> CachedDeployment? {
        try await read { db in
            try Row.fetchOne(db, sql: """
                SELECT * FROM final_deployment
                WHERE account_id = ? AND region = ? AND application_id = ? AND environment_id = ?
                  AND deployment_number = ?
                """, arguments: [key.accountId, key.region, key.applicationId, key.environmentId,
                                 key.deploymentNumber])
                .map(CachedDeployment.init(row:))
        }
    }

    /// Every cached deployment of one environment, by deployment number: one
    /// query tells a warm scan which GetDeployment calls it can skip.
    public func cachedDeployments(accountId: String, region: String, applicationId: String,
                                  environmentId: String) async throws -> [Int: CachedDeployment] {
        try await read { db in
            let rows = try Row.fetchAll(db, sql: """
                SELECT * FROM final_deployment
                WHERE account_id = ? AND region = ? AND application_id = ? AND environment_id = ?
                """, arguments: [accountId, region, applicationId, environmentId])
            return Dictionary(rows.map { let d = CachedDeployment(row: $0); return (d.key.deploymentNumber, d) },
                              uniquingKeysWith: { a, _ in a })
        }
    }

    public func storeDeployment(_ deployment: CachedDeployment) async throws {
        try await storeDeployments([deployment])
    }

    /// Stores a batch in one transaction; throws `notFinalDeployment` (storing
    /// nothing) if any is still in progress, since caching it would freeze a
    /// state that is about to change.
    public func storeDeployments(_ deployments: [CachedDeployment]) async throws {
        if let bad = deployments.first(where: { !CachedDeployment.finalStates.contains($0.state) }) {
            throw FleetStoreError.notFinalDeployment(state: bad.state)
        }
        guard !deployments.isEmpty else { return }
        try await write { db in
            for d in deployments {
                try db.execute(sql: """
                    INSERT OR IGNORE INTO final_deployment
                        (account_id, region, application_id, environment_id, deployment_number, state, record, stored_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)
                    """, arguments: [d.key.accountId, d.key.region, d.key.applicationId, d.key.environmentId,
                                     d.key.deploymentNumber, d.state, d.record, d.storedAt])
            }
        }
    }

    /// Forgets both immutable caches (`flagdeck scan --no-cache` does not need
    /// this; it is for a user who suspects the cache).
    public func clearCaches() async throws {
        try await write { db in
            try db.execute(sql: "DELETE FROM hosted_version; DELETE FROM final_deployment;")
        }
    }
}
