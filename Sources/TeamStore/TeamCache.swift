import FlagModel
import FleetStore
import Foundation
import PostgresNIO

/// The scan cache in the team store: the same four operations as the local store's
/// (`FleetScanner.ScanCache`), so a scan run on one machine spares the next machine's the
/// AWS calls for every version and finished deployment it has seen.
extension TeamStore {
    public func cachedVersions(accountId: String, region: String, applicationId: String,
                               profileId: String) async throws -> [Int: CachedVersion] {
        try await run { connection in
            let rows = try await connection.query("""
                SELECT version_number, content, content_type, description, version_label, fetched_at FROM hosted_version
                WHERE account_id = \(accountId) AND region = \(region) AND application_id = \(applicationId)
                  AND profile_id = \(profileId)
                """, logger: logger)
            var out: [Int: CachedVersion] = [:]
            for try await (number, content, type, description, label, fetchedAt)
                in rows.decode((Int, ByteBuffer, String?, String?, String?, Date).self) {
                let key = VersionKey(accountId: accountId, region: region, applicationId: applicationId, profileId: profileId,
                                     versionNumber: number)
                out[number] = CachedVersion(key: key, content: Data(buffer: content), contentType: type, description: description,
                                            versionLabel: label, fetchedAt: fetchedAt)
            }
            return out
        }
    }

    /// Versions never change: one already there is kept.
    public func storeVersions(_ versions: [CachedVersion]) async throws {
        try await insertEach(versions) { v in
            let k = v.key
            return """
                INSERT INTO hosted_version (account_id, region, application_id, profile_id, version_number, content,
                                            content_type, description, version_label, fetched_at)
                VALUES (\(k.accountId), \(k.region), \(k.applicationId), \(k.profileId), \(k.versionNumber),
                        \(ByteBuffer(bytes: v.content)), \(v.contentType), \(v.description), \(v.versionLabel), \(v.fetchedAt))
                ON CONFLICT DO NOTHING
                """
        }
    }

    public func cachedDeployments(accountId: String, region: String, applicationId: String,
                                  environmentId: String) async throws -> [Int: CachedDeployment] {
        try await run { connection in
            let rows = try await connection.query("""
                SELECT deployment_number, state, record, stored_at, completed_at FROM final_deployment
                WHERE account_id = \(accountId) AND region = \(region) AND application_id = \(applicationId)
                  AND environment_id = \(environmentId)
                """, logger: logger)
            var out: [Int: CachedDeployment] = [:]
            for try await (number, state, record, storedAt, completedAt) in rows.decode((Int, String, ByteBuffer, Date, Date?).self) {
                let key = DeploymentKey(accountId: accountId, region: region, applicationId: applicationId,
                                        environmentId: environmentId, deploymentNumber: number)
                out[number] = CachedDeployment(key: key, state: state, record: Data(buffer: record), storedAt: storedAt,
                                               completedAt: completedAt)
            }
            return out
        }
    }

    /// Only final deployments (as the local store); a newer sighting replaces an older one
    /// (COMPLETE → REVERTED within the revert window), never the other way round.
    public func storeDeployments(_ deployments: [CachedDeployment]) async throws {
        if let bad = deployments.first(where: { !CachedDeployment.finalStates.contains($0.state) }) {
            throw FleetStoreError.notFinalDeployment(state: bad.state)
        }
        try await insertEach(deployments) { d in
            let k = d.key
            return """
                INSERT INTO final_deployment (account_id, region, application_id, environment_id, deployment_number, state,
                                              record, stored_at, completed_at)
                VALUES (\(k.accountId), \(k.region), \(k.applicationId), \(k.environmentId), \(k.deploymentNumber),
                        \(d.state), \(ByteBuffer(bytes: d.record)), \(d.storedAt), \(d.completedAt))
                ON CONFLICT (account_id, region, application_id, environment_id, deployment_number) DO UPDATE
                SET state = excluded.state, record = excluded.record, stored_at = excluded.stored_at,
                    completed_at = excluded.completed_at
                WHERE final_deployment.stored_at <= excluded.stored_at
                """
        }
    }

    /// One statement per item, all in one transaction: a batch lands whole or not at all.
    private func insertEach<Item>(_ items: [Item], _ statement: (Item) -> PostgresQuery) async throws {
        guard !items.isEmpty else { return }
        try await run { connection in
            try await connection.withTransaction(logger: logger) { connection in
                for item in items { try await connection.query(statement(item), logger: logger) }
            }
        }
    }
}

/// Code references as `flagdeck refs` (or a dashboard) found them: per repository the
/// newest scan, with the configuration entry that says which applications it speaks for
/// (an auditor's dashboard has no configuration of its own).
extension TeamStore {
    public func publishCodeReferences(_ scan: RepositoryScan, source: CodeReferenceSource,
                                      by author: String = FleetStore.currentUser()) async throws {
        let body = String(decoding: try JSONEncoder().encode(scan), as: UTF8.self)
        let sourceText = String(decoding: try JSONEncoder().encode(source), as: UTF8.self)
        try await run { connection in
            _ = try await connection.query("""
                INSERT INTO code_reference_scan (repository, scanned_at, published_by, source, body)
                VALUES (\(scan.repository), \(scan.scannedAt), \(author), \(sourceText)::jsonb, \(body)::jsonb)
                ON CONFLICT (repository) DO UPDATE
                SET scanned_at = excluded.scanned_at, published_by = excluded.published_by, source = excluded.source,
                    body = excluded.body
                WHERE code_reference_scan.scanned_at <= excluded.scanned_at
                """, logger: logger)
        }
    }

    public func codeReferenceScans() async throws -> [(source: CodeReferenceSource, scan: RepositoryScan)] {
        try await run { connection in
            let rows = try await connection.query(
                "SELECT repository, source::text, body::text FROM code_reference_scan ORDER BY repository", logger: logger)
            var out: [(source: CodeReferenceSource, scan: RepositoryScan)] = []
            for try await (repository, source, body) in rows.decode((String, String, String).self) {
                do {
                    out.append((try JSONDecoder().decode(CodeReferenceSource.self, from: Data(source.utf8)),
                                try JSONDecoder().decode(RepositoryScan.self, from: Data(body.utf8))))
                } catch {
                    throw TeamStoreError("team store \(location): the code references of \(repository) cannot be read: \(error)")
                }
            }
            return out
        }
    }
}
