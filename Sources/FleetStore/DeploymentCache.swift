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

/// A deployment that is no longer in progress, as opaque JSON: the store must not
/// depend on AppConfigClient, so the scanner encodes and decodes `record`.
///
/// ROLLED_BACK and REVERTED never change again. COMPLETE can still become REVERTED for
/// `revertWindow` after `completedAt`: until then a scan compares the state its listing
/// shows with `state` and fetches the deployment again when they differ.
public struct CachedDeployment: Sendable, Hashable {
    /// The states worth caching; in-progress ones change too fast.
    public static let finalStates: Set<String> = ["COMPLETE", "ROLLED_BACK", "REVERTED"]
    /// How long after completion StopDeployment with AllowRevert can revert a COMPLETE deployment.
    public static let revertWindow: TimeInterval = 72 * 3600

    public var key: DeploymentKey
    public var state: String
    public var record: Data
    public var storedAt: Date
    public var completedAt: Date?

    public init(key: DeploymentKey, state: String, record: Data, storedAt: Date, completedAt: Date? = nil) {
        self.key = key
        self.state = state
        self.record = record
        self.storedAt = storedAt
        self.completedAt = completedAt
    }

    /// The columns `init(row:)` reads, by position: a warm scan reads thousands of rows,
    /// and looking columns up by name cost more than SQLite's own work.
    static let columns = "account_id, region, application_id, environment_id, deployment_number, state, record, stored_at, completed_at"

    init(row: Row) {
        key = DeploymentKey(accountId: row[0], region: row[1], applicationId: row[2],
                            environmentId: row[3], deploymentNumber: row[4])
        state = row[5]
        record = row[6]
        storedAt = row[7]
        completedAt = row[8]
    }

    /// Will never change again, judged at `now`: the cached record is the deployment.
    public func isSettled(now: Date) -> Bool {
        guard state == "COMPLETE" else { return true }
        guard let completedAt else { return false }
        return now.timeIntervalSince(completedAt) > Self.revertWindow
    }
}

extension FleetStore {
    public func cachedDeployment(_ key: DeploymentKey) async throws -> CachedDeployment? {
        try await read { db in
            try Row.fetchOne(db, sql: """
                SELECT \(CachedDeployment.columns) FROM final_deployment
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
            let statement = try db.cachedStatement(sql: """
                SELECT \(CachedDeployment.columns) FROM final_deployment
                WHERE account_id = ? AND region = ? AND application_id = ? AND environment_id = ?
                """)
            let rows = try Row.fetchAll(statement, arguments: [accountId, region, applicationId, environmentId])
            return Dictionary(rows.map { let d = CachedDeployment(row: $0); return (d.key.deploymentNumber, d) },
                              uniquingKeysWith: { a, _ in a })
        }
    }

    public func storeDeployment(_ deployment: CachedDeployment) async throws {
        try await storeDeployments([deployment])
    }

    /// Stores a batch in one transaction, replacing an earlier record of the same
    /// deployment (a COMPLETE one that was reverted since); throws `notFinalDeployment`
    /// (storing nothing) if any is still in progress, since caching it would freeze a
    /// state that is about to change.
    public func storeDeployments(_ deployments: [CachedDeployment]) async throws {
        if let bad = deployments.first(where: { !CachedDeployment.finalStates.contains($0.state) }) {
            throw FleetStoreError.notFinalDeployment(state: bad.state)
        }
        guard !deployments.isEmpty else { return }
        try await write { db in
            let statement = try db.cachedStatement(sql: """
                    INSERT INTO final_deployment
                        (account_id, region, application_id, environment_id, deployment_number, state, record, stored_at,
                         completed_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)
                    ON CONFLICT (account_id, region, application_id, environment_id, deployment_number)
                    DO UPDATE SET state = excluded.state, record = excluded.record, stored_at = excluded.stored_at,
                                  completed_at = excluded.completed_at
                    WHERE state <> excluded.state
                    """)
            for d in deployments {
                try statement.execute(arguments: [d.key.accountId, d.key.region, d.key.applicationId, d.key.environmentId,
                                                  d.key.deploymentNumber, d.state, d.record, d.storedAt, d.completedAt])
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
