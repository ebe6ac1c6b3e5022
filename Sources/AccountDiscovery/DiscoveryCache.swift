import FleetStore
import Foundation

/// Where discovery keeps its listings (an hour) and each account's enabled regions (a day).
public protocol DiscoveryCache: Sendable {
    func discoveryEntry(source: String) async throws -> FleetStore.DiscoveryEntry?
    func storeDiscoveryEntry(source: String, body: Data, fetchedAt: Date) async throws
    func enabledRegions(accountIds: [String]) async throws -> [String: FleetStore.RegionsEntry]
    func storeEnabledRegions(_ regions: [String: [String]], fetchedAt: Date) async throws
}

// FleetStore has exactly these methods (DiscoveryStore.swift).
extension FleetStore: DiscoveryCache {}

/// The same, in memory: what a discovery keeps when there is no store, so a dashboard
/// without a state directory does not list the organization at every refresh.
public final class MemoryDiscoveryCache: DiscoveryCache, @unchecked Sendable {
    private let lock = NSLock()
    private var listings: [String: FleetStore.DiscoveryEntry] = [:]
    private var regions: [String: FleetStore.RegionsEntry] = [:]

    public init() {}

    public func discoveryEntry(source: String) async throws -> FleetStore.DiscoveryEntry? {
        lock.withLock { listings[source] }
    }

    public func storeDiscoveryEntry(source: String, body: Data, fetchedAt: Date) async throws {
        lock.withLock { listings[source] = FleetStore.DiscoveryEntry(body: body, fetchedAt: fetchedAt) }
    }

    public func enabledRegions(accountIds: [String]) async throws -> [String: FleetStore.RegionsEntry] {
        lock.withLock { regions.filter { accountIds.contains($0.key) } }
    }

    public func storeEnabledRegions(_ list: [String: [String]], fetchedAt: Date) async throws {
        lock.withLock {
            for (account, names) in list { regions[account] = FleetStore.RegionsEntry(regions: names, fetchedAt: fetchedAt) }
        }
    }
}
