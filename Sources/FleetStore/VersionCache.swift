import Foundation
import GRDB

/// Identifies one hosted configuration version across the fleet.
public struct VersionKey: Sendable, Hashable, Codable {
    public var accountId: String
    public var region: String
    public var applicationId: String
    public var profileId: String
    public var versionNumber: Int

    public init(accountId: String, region: String, applicationId: String, profileId: String, versionNumber: Int) {
        self.accountId = accountId
        self.region = region
        self.applicationId = applicationId
        self.profileId = profileId
        self.versionNumber = versionNumber
    }
}

/// A hosted configuration version as fetched. Versions are immutable in
/// AppConfig, so once stored it is never fetched again.
public struct CachedVersion: Sendable, Hashable {
    public var key: VersionKey
    public var content: Data
    public var contentType: String?
    public var description: String?
    public var versionLabel: String?
    public var fetchedAt: Date

    public init(key: VersionKey, content: Data, contentType: String? = nil, description: String? = nil,
                versionLabel: String? = nil, fetchedAt: Date) {
        self.key = key
        self.content = content
        self.contentType = contentType
        self.description = description
        self.versionLabel = versionLabel
        self.fetchedAt = fetchedAt
    }

    /// The columns `init(row:)` reads, by position (see `CachedDeployment.columns`).
    static let columns = "account_id, region, application_id, profile_id, version_number, content, content_type, description, version_label, fetched_at"

    init(row: Row) {
        key = VersionKey(accountId: row[0], region: row[1], applicationId: row[2], profileId: row[3], versionNumber: row[4])
        content = row[5]
        contentType = row[6]
        description = row[7]
        versionLabel = row[8]
        fetchedAt = row[9]
    }
}

extension FleetStore {
    public func cachedVersion(_ key: VersionKey) async throws -> CachedVersion? {
        try await read { db in
            try Row.fetchOne(db, sql: """
                SELECT \(CachedVersion.columns) FROM hosted_version
                WHERE account_id = ? AND region = ? AND application_id = ? AND profile_id = ? AND version_number = ?
                """, arguments: [key.accountId, key.region, key.applicationId, key.profileId, key.versionNumber])
                .map(CachedVersion.init(row:))
        }
    }

    /// Every cached version of one profile, by version number: one query for a warm scan of the profile.
    public func cachedVersions(accountId: String, region: String, applicationId: String,
                               profileId: String) async throws -> [Int: CachedVersion] {
        try await read { db in
            let statement = try db.cachedStatement(sql: """
                SELECT \(CachedVersion.columns) FROM hosted_version
                WHERE account_id = ? AND region = ? AND application_id = ? AND profile_id = ?
                """)
            let rows = try Row.fetchAll(statement, arguments: [accountId, region, applicationId, profileId])
            return Dictionary(rows.map { let v = CachedVersion(row: $0); return (v.key.versionNumber, v) },
                              uniquingKeysWith: { a, _ in a })
        }
    }

    public func storeVersion(_ version: CachedVersion) async throws {
        try await storeVersions([version])
    }

    /// Stores a batch in one transaction. A version already cached keeps its
    /// first copy: the content cannot have changed upstream.
    public func storeVersions(_ versions: [CachedVersion]) async throws {
        guard !versions.isEmpty else { return }
        try await write { db in
            let statement = try db.cachedStatement(sql: """
                    INSERT OR IGNORE INTO hosted_version
                        (account_id, region, application_id, profile_id, version_number,
                         content, content_type, description, version_label, fetched_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
                    """)
            for v in versions {
                try statement.execute(arguments: [v.key.accountId, v.key.region, v.key.applicationId, v.key.profileId,
                                                  v.key.versionNumber, v.content, v.contentType, v.description,
                                                  v.versionLabel, v.fetchedAt])
            }
        }
    }
}
