import Foundation
import GRDB

/// What account discovery keeps between runs (table `account_discovery`, `account_regions`):
/// opaque JSON per discovery source, and each account's enabled regions. How long an
/// entry stays good is the reader's decision; the store only says when it was fetched.
extension FleetStore {
    public struct DiscoveryEntry: Sendable {
        public var body: Data
        public var fetchedAt: Date

        public init(body: Data, fetchedAt: Date) {
            self.body = body
            self.fetchedAt = fetchedAt
        }
    }

    public func discoveryEntry(source: String) async throws -> DiscoveryEntry? {
        try await read { db in
            try Row.fetchOne(db, sql: "SELECT body, fetched_at FROM account_discovery WHERE source = ?",
                             arguments: [source])
                .map { DiscoveryEntry(body: $0["body"], fetchedAt: $0["fetched_at"]) }
        }
    }

    public func storeDiscoveryEntry(source: String, body: Data, fetchedAt: Date) async throws {
        try await write { db in
            try db.execute(sql: "INSERT OR REPLACE INTO account_discovery (source, body, fetched_at) VALUES (?, ?, ?)",
                           arguments: [source, body, fetchedAt])
        }
    }

    public struct RegionsEntry: Sendable {
        public var regions: [String]
        public var fetchedAt: Date

        public init(regions: [String], fetchedAt: Date) {
            self.regions = regions
            self.fetchedAt = fetchedAt
        }
    }

    /// The stored enabled regions of each account asked about that has an entry.
    public func enabledRegions(accountIds: [String]) async throws -> [String: RegionsEntry] {
        guard !accountIds.isEmpty else { return [:] }
        return try await read { db in
            var out: [String: RegionsEntry] = [:]
            // In chunks: SQLite limits the number of bound parameters.
            for start in stride(from: 0, to: accountIds.count, by: 500) {
                let chunk = Array(accountIds[start..<min(start + 500, accountIds.count)])
                let marks = Array(repeating: "?", count: chunk.count).joined(separator: ",")
                for row in try Row.fetchAll(db, sql: "SELECT account_id, regions, fetched_at FROM account_regions "
                                                + "WHERE account_id IN (\(marks))", arguments: StatementArguments(chunk)) {
                    let text: String = row["regions"]
                    out[row["account_id"]] = RegionsEntry(
                        regions: text.split(separator: ",").map(String.init), fetchedAt: row["fetched_at"])
                }
            }
            return out
        }
    }

    public func storeEnabledRegions(_ regions: [String: [String]], fetchedAt: Date) async throws {
        guard !regions.isEmpty else { return }
        try await write { db in
            for (account, list) in regions {
                try db.execute(sql: "INSERT OR REPLACE INTO account_regions (account_id, regions, fetched_at) VALUES (?, ?, ?)",
                               arguments: [account, list.joined(separator: ","), fetchedAt])
            }
        }
    }
}
