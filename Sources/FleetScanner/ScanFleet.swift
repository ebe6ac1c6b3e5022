import AccountDiscovery
import FlagDeckConfig
import FlagModel
import Foundation

/// Where a scan's accounts come from when the configuration discovers them: asked at the
/// start of every scan, so a dashboard open for hours picks up new accounts (listings are
/// kept an hour in the store, so most scans ask nothing of AWS).
public protocol FleetAccountSource: Sendable {
    func resolve() async throws -> DiscoveredFleet
}

extension FleetDiscovery: FleetAccountSource {}

/// A fleet resolved once (by `flagdeck scan` before it starts) scans as it is.
extension DiscoveredFleet: FleetAccountSource {
    public func resolve() async throws -> DiscoveredFleet { self }
}

/// The accounts of one scan, the parts known to be unreadable before it starts, and how
/// many accounts were discovered (nil: no discovery).
struct ScanFleet: Sendable {
    var accounts: [FlagDeckConfiguration.Account]
    var errors: [ScanError]
    var discovered: Int?
    /// Every account of the fleet by name, with its id when known: for the summary.
    var names: [String]

    /// Accounts with no region read are unreadable; the rest were scanned.
    func summary(errors all: [ScanError]) -> DiscoverySummary? {
        guard let discovered else { return nil }
        var failedRegions: [String: Set<String>] = [:]
        for error in all where error.application == nil { failedRegions[error.account, default: []].insert(error.region) }
        var regionsByName: [String: Set<String>] = [:]
        for account in accounts { regionsByName[account.name] = Set(account.regions) }
        let unreadable = names.filter { name in
            guard let failed = failedRegions[name] else { return false }
            if failed.contains(UnreadablePart.everyRegion) { return true }
            return regionsByName[name].map { $0.isSubset(of: failed) } ?? true
        }.count
        return DiscoverySummary(discovered: discovered, scanned: names.count - unreadable, unreadable: unreadable)
    }
}

extension FleetScanner {
    /// The configured accounts, or those of `accountSource`. A discovery that fails as a
    /// whole is a scan error naming the source, never an empty fleet.
    func scanFleet() async -> ScanFleet {
        guard let accountSource else {
            return ScanFleet(accounts: configuration.accounts, errors: [], discovered: nil,
                             names: configuration.accounts.map(\.name))
        }
        do {
            let fleet = try await accountSource.resolve()
            let errors = fleet.unreadable.flatMap { account in
                account.regions.map {
                    ScanError(account: account.name, accountId: account.accountId, region: $0, message: account.reason)
                }
            }
            return ScanFleet(accounts: fleet.accounts, errors: errors, discovered: fleet.discovered.count,
                             names: fleet.accounts.map(\.name) + fleet.unreadable.map(\.name))
        } catch {
            logger.error("account discovery failed: \(error)")
            let source = (error as? DiscoveryError)?.source ?? "account discovery"
            let failure = ScanError(account: source, accountId: nil, region: UnreadablePart.everyRegion,
                                    message: Self.explain(error))
            return ScanFleet(accounts: configuration.accounts, errors: [failure], discovered: 0,
                             names: configuration.accounts.map(\.name))
        }
    }
}
