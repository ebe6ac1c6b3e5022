import AWSCore
import AppConfigClient
import FlagDeckConfig
import FlagModel
import Foundation
import Logging

/// Scans every configured account × region concurrently into one `ScanResult`. One
/// failing account or region becomes an entry in `errors`; the rest still arrives.
public struct FleetScanner: Sendable {
    public let configuration: FlagDeckConfiguration
    public let transport: any HTTPTransport
    public let cache: ScanCache
    public let environment: [String: String]
    public let readOnly: Bool
    /// Flags a review decision marked permanent (exempt from retirement verdicts).
    public var permanentFlags: Set<FlagID>
    /// Clients (and their credential caches) kept across scans; nil: built per scan.
    public var clientCache: AccountClientCache?
    /// Accounts discovered from Organizations / Identity Center (ScanFleet.swift); nil:
    /// exactly the configuration's accounts.
    public var accountSource: (any FleetAccountSource)?
    let logger: Logger

    public init(configuration: FlagDeckConfiguration, transport: any HTTPTransport, cache: ScanCache = NoCache(),
                environment: [String: String] = ProcessInfo.processInfo.environment, readOnly: Bool,
                permanentFlags: Set<FlagID> = [], logger: Logger = Logger(label: "flagdeck.scan")) {
        self.configuration = configuration
        self.transport = transport
        self.cache = cache
        self.environment = environment
        self.readOnly = readOnly
        self.permanentFlags = permanentFlags
        self.logger = logger
    }

    public func policy(asOf: Date) -> RetirementPolicy {
        RetirementPolicy(rolledOutDays: configuration.retirement.rolledOutDays, deadDays: configuration.retirement.deadDays,
                         productionPatterns: configuration.production, permanentPatterns: configuration.retirement.permanent,
                         permanentKeys: permanentFlags, asOf: asOf)
    }

    /// Scans the fleet. `asOf` shows the fleet as it stood at another moment (default: now).
    /// `earlier` gives the last stored scan, asked for only when some part could not be
    /// read: which applications may live there, and their last known values.
    public func scan(asOf: Date? = nil, earlier: (@Sendable () async -> EarlierScan?)? = nil,
                     progress: @escaping @Sendable (ScanProgress) -> Void = { _ in }) async -> ScanResult {
        let started = Date()
        let counter = ProgressCounter(report: progress)
        let fleet = await scanFleet()
        let parts = await withTaskGroup(of: AccountOutcome.self) { group in
            for account in fleet.accounts {
                group.addTask { await scan(account, counter: counter) }
            }
            return await group.reduce(into: [AccountOutcome]()) { $0.append($1) }
        }
        var input = FleetInput(environments: [], profiles: [], histories: [])
        var errors: [ScanError] = fleet.errors
        var skipped: [SkippedProfile] = []
        for outcome in parts {
            errors += outcome.errors
            guard let part = outcome.scan else { continue }
            input.environments += part.environments
            input.profiles += part.profiles
            input.histories += part.histories
            skipped += part.skippedProfiles
        }
        errors.sort { ($0.account, $0.region, $0.application ?? "") < ($1.account, $1.region, $1.application ?? "") }
        if !errors.isEmpty, let earlier { input.earlier = await earlier() }
        logger.info("scan finished", metadata: ["seconds": "\(Date().timeIntervalSince(started))",
                                                "environments": "\(input.environments.count)", "errors": "\(errors.count)"])
        // Only an explicit moment travels in time. A scan of now shows everything it read,
        // even a deployment whose start AppConfig's clock dates a little after ours.
        let moment = asOf ?? Date()
        if asOf == nil { input.readAt = moment }
        var result = ScanResult.build(from: input, policy: policy(asOf: moment), errors: errors, scannedAt: started)
        result.discovery = fleet.summary(errors: errors)
        result.skippedProfiles = skipped.sorted { $0.description < $1.description }
        return result
    }

    /// One account: its identity once, and every region in parallel.
    private func scan(_ account: FlagDeckConfiguration.Account, counter: ProgressCounter) async -> AccountOutcome {
        func failAll(_ accountId: String?, _ error: Error) -> AccountOutcome {
            AccountOutcome(scan: nil, errors: account.regions.map {
                ScanError(account: account.name, accountId: accountId, region: $0, message: Self.explain(error))
            })
        }
        let clients: AccountClients
        do {
            let factory = AccountClientFactory(readOnly: readOnly, transport: transport, environment: environment, logger: logger)
            clients = try clientCache?.clients(for: account, factory: factory) ?? factory.clients(for: account)
        } catch {
            return failAll(nil, error)
        }
        let aws = clients.aws
        // The account id names environments and keys the cache, but listing applications
        // does not need it: the identity call runs alongside each region's first calls
        // instead of before them (one round trip less on the critical path).
        let identity: Task<String, Error>
        if let fromArn = account.accountId ?? account.roleArn.flatMap(Self.accountId(fromRoleArn:)) {
            identity = Task { fromArn }
        } else {
            let stsRegion = account.regions.first ?? "us-east-1"
            identity = Task {
                await counter.planned(1, account.name)
                do {
                    let id = try await aws.sts(region: stsRegion).getCallerIdentity().account
                    await counter.finished(account.name)
                    return id
                } catch {
                    await counter.finished(account.name)
                    throw error
                }
            }
        }
        let limiter = configuration.concurrency
        let results = await withTaskGroup(of: RegionOutcome.self) { group in
            for region in account.regions {
                group.addTask {
                    let scanner = AccountRegionScanner(
                        accountName: account.name, accountId: "", region: region,
                        client: clients.appConfig(in: region),
                        applications: configuration.applications, environmentNames: configuration.environments,
                        powertools: configuration.powertools, cache: cache, limiter: AsyncLimiter(limit: limiter), progress: counter, logger: logger)
                    do {
                        return RegionOutcome(region: region, result: .success(try await scanner.scan(identity: identity)))
                    } catch {
                        return RegionOutcome(region: region, result: .failure(error))
                    }
                }
            }
            return await group.reduce(into: [RegionOutcome]()) { $0.append($1) }
        }
        let accountId: String
        switch await identity.result {
        case .success(let id): accountId = id
        case .failure(let error):
            clientCache?.forget(account)  // its credentials may be fixed by the next scan
            return failAll(nil, error)  // the account, not its regions, failed
        }
        var merged = AccountRegionScan()
        var errors: [ScanError] = []
        for outcome in results {
            let region = outcome.region
            switch outcome.result {
            case .success(let part):
                merged.merge(part)
                errors += (part.failedApplications + part.failedEnvironments).map {
                    ScanError(account: account.name, accountId: accountId, region: $0.region, application: $0.name,
                              environment: $0.environment, message: $0.message)
                }
            case .failure(let error):
                logger.error("scan of \(account.name)/\(region) failed: \(error)")
                errors.append(ScanError(account: account.name, accountId: accountId, region: region, message: Self.explain(error)))
            }
        }
        return AccountOutcome(scan: merged, errors: errors)
    }

    static func accountId(fromRoleArn arn: String) -> String? {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        guard parts.count >= 6, parts[4].count == 12, parts[4].allSatisfy(\.isNumber) else { return nil }
        return String(parts[4])
    }

    /// One line a person can act on; never a secret (errors carry none).
    static func explain(_ error: Error) -> String {
        String(describing: error).replacingOccurrences(of: "\n", with: " ")
    }
}

// Task-group results are named structs rather than tuples: a tuple of a String and a
// payload crashed the optimised build inside the runtime's task-group result copy
// (swift_retain in tuple_initializeWithCopy, Swift 6.3.1, Linux).
struct AccountOutcome: Sendable {
    var scan: AccountRegionScan?
    var errors: [ScanError]
}

struct RegionOutcome: Sendable {
    var region: String
    var result: Result<AccountRegionScan, Error>
}
