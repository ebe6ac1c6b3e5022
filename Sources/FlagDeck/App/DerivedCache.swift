import FlagModel
import Foundation

/// Memoised views of the fleet (filtered lines, columns, counts, candidates). Every
/// frame and key needs them; on a 10,000-flag fleet recomputing each time costs more
/// than the frame budget. Keyed by everything they depend on, so a hit is always right.
final class DerivedCache: @unchecked Sendable {
    struct Key: Hashable {
        var generation: Int
        var filter: String
        var quick: QuickFilter?
        var sort: FleetSort
        var account: String?
        var environment: String?
    }

    private let lock = NSLock()
    private var linesEntry: (Key, [FleetLine])?
    private var columnsEntry: (Key, [EnvironmentColumn])?
    private var groupingEntry: (Key, ColumnGrouping)?
    /// How often the grouping was computed: tests check it is once per snapshot and scope.
    private(set) var groupingBuilds = 0
    private var candidatesEntry: (Key, [FlagRow])?
    private var auditEntry: (Key, [DeploymentRecord])?
    private var countsEntry: (Int, [VerdictKind: Int])?
    private var searchEntry: (Int, [String])?

    func searchTexts(generation: Int, _ compute: () -> [String]) -> [String] {
        lock.lock()
        if let entry = searchEntry, entry.0 == generation { lock.unlock(); return entry.1 }
        lock.unlock()
        let value = compute()
        lock.lock()
        searchEntry = (generation, value)
        lock.unlock()
        return value
    }

    private func memo<T>(_ entry: inout (Key, T)?, _ key: Key, _ compute: () -> T) -> T {
        lock.lock()
        if let entry, entry.0 == key { lock.unlock(); return entry.1 }
        lock.unlock()
        let value = compute()
        lock.lock()
        entry = (key, value)
        lock.unlock()
        return value
    }

    func lines(_ key: Key, _ compute: () -> [FleetLine]) -> [FleetLine] { memo(&linesEntry, key, compute) }
    func columns(_ key: Key, _ compute: () -> [EnvironmentColumn]) -> [EnvironmentColumn] { memo(&columnsEntry, key, compute) }
    func grouping(_ key: Key, _ compute: () -> ColumnGrouping) -> ColumnGrouping {
        memo(&groupingEntry, key) {
            lock.lock()
            groupingBuilds += 1
            lock.unlock()
            return compute()
        }
    }

    func candidates(_ key: Key, _ compute: () -> [FlagRow]) -> [FlagRow] { memo(&candidatesEntry, key, compute) }
    func audit(_ key: Key, _ compute: () -> [DeploymentRecord]) -> [DeploymentRecord] { memo(&auditEntry, key, compute) }

    func counts(generation: Int, _ compute: () -> [VerdictKind: Int]) -> [VerdictKind: Int] {
        lock.lock()
        if let entry = countsEntry, entry.0 == generation { lock.unlock(); return entry.1 }
        lock.unlock()
        let value = compute()
        lock.lock()
        countsEntry = (generation, value)
        lock.unlock()
        return value
    }
}
