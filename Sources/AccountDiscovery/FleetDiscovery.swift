import AWSCore
import FlagDeckConfig
import Foundation
import Logging

/// Turns a configuration into the accounts to scan: the `accounts:` entries plus every
/// account the `organization` and `sso` blocks discover, in scope of their include and
/// exclude, with their regions (`regions: all`: the enabled ones). Listings are kept an
/// hour and regions a day in `cache`; a listing that cannot be refreshed falls back to
/// the last one kept (with a warning), and with none kept discovery fails as a whole.
public struct FleetDiscovery: Sendable {
    public var configuration: FlagDeckConfiguration
    public var transport: any HTTPTransport
    public var environment: [String: String]
    /// The AWS config and credentials files already read; nil: read from `environment`.
    public var sharedConfig: SharedConfig?
    /// The store; nil: kept in memory by this value only (a one-off resolution, as
    /// `--no-cache` and doctor do, lists afresh).
    public var cache: (any DiscoveryCache)?
    public var clock: any AWSClock
    public var logger: Logger
    public var listingLifetime: TimeInterval = 3600
    public var regionsLifetime: TimeInterval = 86_400
    /// Explicit accounts' ids learnt from STS, kept across resolutions of a long session.
    private let identities = IdentityMemo()
    private let memory = MemoryDiscoveryCache()
    private var kept: any DiscoveryCache { cache ?? memory }

    public init(configuration: FlagDeckConfiguration, transport: any HTTPTransport,
                environment: [String: String] = ProcessInfo.processInfo.environment,
                sharedConfig: SharedConfig? = nil, cache: (any DiscoveryCache)? = nil,
                clock: any AWSClock = SystemClock(), logger: Logger = Logger(label: "flagdeck.discovery")) {
        self.configuration = configuration
        self.transport = transport
        self.environment = environment
        self.sharedConfig = sharedConfig
        self.cache = cache
        self.clock = clock
        self.logger = logger
    }

    /// Regions to scan when none is known better: the first listed one, else us-east-1.
    static func homeRegion(_ choice: FlagDeckConfiguration.RegionChoice) -> String {
        if case .listed(let regions) = choice, let first = regions.first { return first }
        return FlagDeckConfiguration.Defaults.region
    }

    public func resolve() async throws -> DiscoveredFleet {
        guard configuration.discoversAccounts else { return .explicit(configuration) }
        let shared: SharedConfig
        do {
            shared = try sharedConfig ?? SharedConfig.load(environment: environment)
        } catch {
            throw DiscoveryError(source: "the AWS config files", message: "\(error)")
        }
        var warnings: [String] = []
        var sources: [DiscoverySource] = []
        var candidates: [Candidate] = []
        if let settings = configuration.organization {
            candidates += try await organizationCandidates(settings, shared: shared, warnings: &warnings, sources: &sources)
        }
        if let settings = configuration.sso {
            candidates += try await identityCenterCandidates(settings, shared: shared, warnings: &warnings, sources: &sources)
        }
        var fleet = await assemble(candidates, shared: shared, warnings: warnings)
        fleet.sources = sources
        return fleet
    }

    // MARK: sources

    private func organizationCandidates(_ settings: FlagDeckConfiguration.Organization, shared: SharedConfig,
                                        warnings: inout [String], sources: inout [DiscoverySource]) async throws -> [Candidate] {
        let stsRegion = Self.homeRegion(settings.regions)
        let label = "organization (\(OrganizationSource.profileLabel(settings.profile)))"
        let client: AWSClient
        do {
            client = try AWSClient.forAccount(
                AccountAccess(profile: settings.profile, endpoint: settings.endpoint, stsRegion: stsRegion),
                readOnly: true, transport: transport, environment: environment, config: shared, clock: clock,
                logger: logger)
        } catch {
            throw DiscoveryError(source: label, message: "\(error)")
        }
        let source = OrganizationSource(settings: settings, client: client, stsRegion: stsRegion)
        let listing = try await cachedListing(key: source.cacheKey, label: source.description,
                                              warnings: &warnings) { try await source.list() }
        let matcher = AccountMatcher(settings.filter)
        let inScope = listing.accounts.filter(matcher.includes)
        sources.append(DiscoverySource(label: source.description, listed: listing.accounts.count, inactive: listing.inactive,
                                       inScope: inScope.count, managementAccountId: listing.managementAccountId,
                                       callerAccountId: listing.callerAccountId))
        return inScope.map { account in
            let isCaller = account.id == listing.callerAccountId
            let access: DiscoveredAccount.Access = isCaller
                ? .profile(settings.profile)
                : .role(arn: source.roleArn(accountId: account.id, partition: listing.partition))
            return Candidate(listed: account, source: .organization, access: access,
                             isManagement: account.id == listing.managementAccountId,
                             regions: settings.regions, endpoint: settings.endpoint, stsRegion: stsRegion,
                             profile: settings.profile, organizationClient: client, unreadableReason: nil)
        }
    }

    private func identityCenterCandidates(_ settings: FlagDeckConfiguration.IdentityCenter, shared: SharedConfig,
                                          warnings: inout [String], sources: inout [DiscoverySource]) async throws -> [Candidate] {
        let chain = CredentialChain(environment: environment, config: shared, transport: transport, clock: clock)
        let source = IdentityCenterSource(settings: settings, chain: chain, clock: clock)
        let listing = try await cachedListing(key: source.cacheKey, label: source.description,
                                              warnings: &warnings) { try await source.list() }
        let matcher = AccountMatcher(settings.filter)
        let stsRegion = Self.homeRegion(settings.regions)
        let inScope = listing.accounts.filter(matcher.includes)
        sources.append(DiscoverySource(label: source.description, listed: listing.accounts.count, inactive: 0,
                                       inScope: inScope.count))
        return inScope.map { account in
            var reason: String?
            if let roles = account.roles, !roles.contains(settings.roleName) {
                let have = roles.isEmpty ? "none" : roles.sorted().joined(separator: ", ")
                reason = "sso-session \(settings.session) may not take role \(settings.roleName) in this account "
                    + "(its roles: \(have)); assign the permission set in IAM Identity Center or change `sso.roleName`"
            }
            return Candidate(listed: account, source: .sso,
                             access: .sso(session: settings.session, roleName: settings.roleName), isManagement: false,
                             regions: settings.regions, endpoint: settings.endpoint, stsRegion: stsRegion,
                             profile: nil, organizationClient: nil, unreadableReason: reason)
        }
    }

    /// The listing kept in the cache while it is young enough, else a fresh one (kept);
    /// when that fails, the old one with a warning, else the failure.
    private func cachedListing(key: String, label: String, warnings: inout [String],
                               fetch: () async throws -> DiscoveryListing) async throws -> DiscoveryListing {
        let now = clock.now()
        var stale: (listing: DiscoveryListing, fetchedAt: Date)?
        if let entry = try? await kept.discoveryEntry(source: key),
           let listing = try? JSONDecoder().decode(DiscoveryListing.self, from: entry.body) {
            let age = now.timeIntervalSince(entry.fetchedAt)
            if age >= 0 && age < listingLifetime { return listing }
            stale = (listing, entry.fetchedAt)
        }
        do {
            let fresh = try await fetch()
            if let body = try? JSONEncoder().encode(fresh) {
                do {
                    try await kept.storeDiscoveryEntry(source: key, body: body, fetchedAt: now)
                } catch {
                    logger.warning("cannot keep the account list of \(label): \(error)")
                }
            }
            return fresh
        } catch {
            if let stale {
                let warning = "listing the accounts of \(label) failed (\(Self.oneLine(error))); using the list of "
                    + stale.fetchedAt.formatted(.iso8601)
                logger.warning("\(warning)")
                warnings.append(warning)
                return stale.listing
            }
            throw DiscoveryError(source: label, message: Self.oneLine(error))
        }
    }

    // MARK: putting the fleet together

    private func assemble(_ candidates: [Candidate], shared: SharedConfig, warnings: [String]) async -> DiscoveredFleet {
        let explicit = configuration.accounts
        let explicitIds = await explicitAccountIds(shared: shared)
        var owner: [String: String] = [:]
        for account in explicit { if let id = explicitIds[account.name] { owner[id] = account.name } }

        // One entry per id: an organization's listing before an Identity Center one.
        var seen: Set<String> = []
        var unique: [Candidate] = []
        for candidate in candidates where seen.insert(candidate.listed.id).inserted { unique.append(candidate) }
        unique.sort { ($0.listed.name.lowercased(), $0.listed.id) < ($1.listed.name.lowercased(), $1.listed.id) }

        var taken = Set(explicit.map(\.name))
        var names: [String: String] = [:]
        for candidate in unique where owner[candidate.listed.id] == nil {
            var name = candidate.listed.name.trimmingCharacters(in: .whitespaces)
            if name.isEmpty { name = candidate.listed.id }
            if taken.contains(name) { name += " (\(candidate.listed.id))" }
            taken.insert(name)
            names[candidate.listed.id] = name
        }

        let regions = await regionsByAccount(unique.filter { owner[$0.listed.id] == nil && $0.unreadableReason == nil },
                                             shared: shared)
        var accounts = explicit
        var unreadable: [UnreadableAccount] = []
        var discovered: [DiscoveredAccount] = []
        for candidate in unique {
            let id = candidate.listed.id
            var entry = DiscoveredAccount(
                id: id, name: names[id] ?? owner[id] ?? candidate.listed.name, source: candidate.source,
                parent: candidate.listed.parent, ancestors: candidate.listed.ancestors,
                isManagement: candidate.isManagement, access: candidate.access, regions: nil,
                unreadableReason: candidate.unreadableReason, replacedBy: owner[id])
            defer { discovered.append(entry) }
            if owner[id] != nil { continue }
            let fallbackRegions: [String]
            if case .listed(let list) = candidate.regions { fallbackRegions = list } else { fallbackRegions = ["*"] }
            if let reason = candidate.unreadableReason {
                unreadable.append(UnreadableAccount(name: entry.name, accountId: id, regions: fallbackRegions, reason: reason))
                continue
            }
            switch regions[id] ?? .failure(RegionLookupFailure(reason: "its regions are unknown")) {
            case .success(let list) where !list.isEmpty:
                entry.regions = list
                accounts.append(candidate.account(name: entry.name, regions: list))
            case .success:
                entry.unreadableReason = "it has no enabled region"
                unreadable.append(UnreadableAccount(name: entry.name, accountId: id, regions: ["*"],
                                                    reason: entry.unreadableReason!))
            case .failure(let failure):
                entry.unreadableReason = failure.reason
                unreadable.append(UnreadableAccount(name: entry.name, accountId: id, regions: fallbackRegions,
                                                    reason: failure.reason))
            }
        }
        return DiscoveredFleet(accounts: accounts, unreadable: unreadable, discovered: discovered, warnings: warnings)
    }

    /// The ids of the `accounts:` entries, so an entry wins over the discovered account it
    /// names: from `roleArn` when it has one, else STS GetCallerIdentity of its credentials
    /// (asked once per session). An entry whose id cannot be learnt replaces nothing.
    private func explicitAccountIds(shared: SharedConfig) async -> [String: String] {
        let accounts = configuration.accounts
        let ids = await boundedMap(accounts, limit: 8) { [identities, transport, environment, clock, logger] account -> String? in
            if let id = account.accountId ?? account.roleArn.flatMap(Self.accountId(fromRoleArn:)) { return id }
            if let known = identities.id(for: account) { return known }
            let region = account.regions.first ?? FlagDeckConfiguration.Defaults.region
            do {
                let client = try AWSClient.forAccount(
                    AccountAccess(profile: account.profile, endpoint: account.endpoint, stsRegion: region),
                    readOnly: true, transport: transport, environment: environment, config: shared, clock: clock,
                    logger: logger)
                let id = try await client.sts(region: region).getCallerIdentity().account
                identities.remember(id, for: account)
                return id
            } catch {
                logger.info("account \(account.name): id unknown (\(Self.oneLine(error))); it replaces no discovered account")
                return nil
            }
        }
        var out: [String: String] = [:]
        for (account, id) in zip(accounts, ids) { if let id { out[account.name] = id } }
        return out
    }

    static func accountId(fromRoleArn arn: String) -> String? {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[4].count == 12, parts[4].allSatisfy(\.isNumber) else { return nil }
        return String(parts[4])
    }

    static func oneLine(_ error: Error) -> String {
        String(describing: error).replacingOccurrences(of: "\n", with: " ")
    }

    // MARK: regions

    /// Listed regions as they are; `all` per account from the cache (a day), else from
    /// account:ListRegions — first asked of the organization profile for the member
    /// (management or delegated administrator), then with the account's own credentials.
    private func regionsByAccount(_ candidates: [Candidate], shared: SharedConfig) async
        -> [String: Result<[String], RegionLookupFailure>] {
        var out: [String: Result<[String], RegionLookupFailure>] = [:]
        var wanted: [Candidate] = []
        for candidate in candidates {
            if case .listed(let list) = candidate.regions { out[candidate.listed.id] = .success(list) } else { wanted.append(candidate) }
        }
        guard !wanted.isEmpty else { return out }
        let now = clock.now()
        if let known = try? await kept.enabledRegions(accountIds: wanted.map(\.listed.id)) {
            wanted.removeAll { candidate in
                guard let entry = known[candidate.listed.id] else { return false }
                let age = now.timeIntervalSince(entry.fetchedAt)
                guard age >= 0 && age < regionsLifetime else { return false }
                out[candidate.listed.id] = .success(entry.regions)
                return true
            }
        }
        let looked = await boundedMap(wanted, limit: 8) { [self] candidate in
            RegionLookup(accountId: candidate.listed.id, result: await enabledRegions(candidate, shared: shared))
        }
        var fresh: [String: [String]] = [:]
        for lookup in looked {
            out[lookup.accountId] = lookup.result
            if case .success(let list) = lookup.result { fresh[lookup.accountId] = list }
        }
        if !fresh.isEmpty {
            do {
                try await kept.storeEnabledRegions(fresh, fetchedAt: now)
            } catch {
                logger.warning("cannot keep the accounts' enabled regions: \(error)")
            }
        }
        return out
    }

    private func enabledRegions(_ candidate: Candidate, shared: SharedConfig) async -> Result<[String], RegionLookupFailure> {
        let global = GlobalServiceRegion.forPartition(of: candidate.stsRegion)
        var viaOrganization: Error?
        if let client = candidate.organizationClient {
            let own: Bool
            if case .profile = candidate.access { own = true } else { own = false }
            do {
                // The management account may not name itself: its own account goes without AccountId.
                return .success(try await AccountRegionsClient(aws: client, region: global)
                    .enabledRegions(accountId: own ? nil : candidate.listed.id))
            } catch {
                if own { return .failure(RegionLookupFailure(reason: Self.regionsReason(error))) }
                viaOrganization = error
            }
        }
        do {
            let client = try AWSClient.forAccount(candidate.access(stsRegion: candidate.stsRegion), readOnly: true,
                                                  transport: transport, environment: environment, config: shared,
                                                  clock: clock, logger: logger)
            return .success(try await AccountRegionsClient(aws: client, region: global).enabledRegions())
        } catch {
            // The account's own failure says most (its role cannot be assumed, say); the
            // organization's is mentioned when that was asked first.
            var reason = Self.regionsReason(error)
            if let viaOrganization { reason += "; from the organization profile: \(Self.oneLine(viaOrganization))" }
            return .failure(RegionLookupFailure(reason: reason))
        }
    }

    static func regionsReason(_ error: Error) -> String {
        "cannot list its enabled regions (regions: all): \(oneLine(error))"
    }
}

/// An account a source listed and the configuration takes in, before names and regions.
struct Candidate: Sendable {
    var listed: ListedAccount
    var source: DiscoveredAccount.Source
    var access: DiscoveredAccount.Access
    var isManagement: Bool
    var regions: FlagDeckConfiguration.RegionChoice
    var endpoint: String?
    var stsRegion: String
    /// The organization profile, whose credentials assume the member roles.
    var profile: String?
    /// Organizations only: the profile's client, which may ask ListRegions about members.
    var organizationClient: AWSClient?
    var unreadableReason: String?

    func access(stsRegion: String) -> AccountAccess {
        switch access {
        case .profile(let profile):
            return AccountAccess(profile: profile, endpoint: endpoint, stsRegion: stsRegion)
        case .role(let arn):
            return AccountAccess(profile: profile, roleArn: arn, endpoint: endpoint, stsRegion: stsRegion)
        case .sso(let session, let role):
            return AccountAccess(endpoint: endpoint, stsRegion: stsRegion,
                                 sso: SSORoleAccess(session: session, accountId: listed.id, roleName: role))
        }
    }

    /// The account as the scanner reads it.
    func account(name: String, regions: [String]) -> FlagDeckConfiguration.Account {
        switch access {
        case .profile(let profile):
            return .init(name: name, profile: profile, regions: regions, endpoint: endpoint, accountId: listed.id)
        case .role(let arn):
            return .init(name: name, profile: profile, roleArn: arn, regions: regions, endpoint: endpoint,
                         accountId: listed.id)
        case .sso(let session, let role):
            return .init(name: name, regions: regions, endpoint: endpoint, accountId: listed.id,
                         sso: .init(session: session, accountId: listed.id, roleName: role))
        }
    }
}

struct RegionLookupFailure: Error, Sendable {
    var reason: String
}

struct RegionLookup: Sendable {
    var accountId: String
    var result: Result<[String], RegionLookupFailure>
}

/// Explicit accounts' ids learnt from STS during a session (the dashboard resolves the
/// fleet at every refresh; the ids do not change).
final class IdentityMemo: @unchecked Sendable {
    private let lock = NSLock()
    private var ids: [FlagDeckConfiguration.Account: String] = [:]

    func id(for account: FlagDeckConfiguration.Account) -> String? { lock.withLock { ids[account] } }
    func remember(_ id: String, for account: FlagDeckConfiguration.Account) { lock.withLock { ids[account] = id } }
}
