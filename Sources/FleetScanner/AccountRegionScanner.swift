import AppConfigClient
import FlagDeckConfig
import FlagModel
import FleetStore
import Foundation
import Logging

/// Walks one account-region: applications → environments and feature-flag profiles →
/// deployments → deployment details → hosted versions, as concurrently as those
/// dependencies allow, never fetching what the cache already holds.
///
/// Within an application nothing waits for a whole level to finish: a hosted version is
/// requested as soon as one deployment detail (or the profile's version list) names it,
/// so the per-account-region concurrency limit stays saturated instead of draining at
/// every level.
struct AccountRegionScanner: Sendable {
    let accountName: String
    /// Known once the account's identity call returns (`scan(identity:)` sets it).
    var accountId: String
    let region: String
    let client: AppConfigClient
    let applications: FlagDeckConfiguration.NameFilter
    let environmentNames: FlagDeckConfiguration.NameFilter
    /// Which Freeform profiles are read as Powertools, and their envelopes.
    let powertools: FlagDeckConfiguration.Powertools
    let cache: ScanCache
    let limiter: AsyncLimiter
    let progress: ProgressCounter
    var logger = Logger(label: "flagdeck.scan")

    var label: String { "\(accountName)/\(region)" }

    /// One API call under the account-region's concurrency limit, counted for progress.
    func call<T>(_ work: () async throws -> T) async throws -> T {
        await progress.planned(1, label)
        await limiter.acquire()
        do {
            let value = try await work()
            await limiter.release()
            await progress.finished(label)
            return value
        } catch {
            await limiter.release()
            await progress.finished(label)
            throw error
        }
    }

    /// One page of a List* operation under the limit. Only the iterator knows whether
    /// another request is needed; when none is (nil), nothing is counted.
    func page<Item>(_ next: () async throws -> [Item]?) async throws -> [Item]? {
        await limiter.acquire()
        let page: [Item]?
        do {
            page = try await next()
        } catch {
            await limiter.release()
            await progress.planned(1, label)
            await progress.finished(label)
            throw error
        }
        await limiter.release()
        if page != nil {
            await progress.planned(1, label)
            await progress.finished(label)
        }
        return page
    }

    /// The first calls go out while the account's identity is still being asked for;
    /// everything after them needs the account id. If the identity fails, so does this.
    func scan(identity: Task<String, Error>) async throws -> AccountRegionScan {
        var scanner = self
        let (accountId, apps, strategyNames) = try await listApplications(identity: identity)
        scanner.accountId = accountId
        return try await scanner.scan(apps: apps, strategyNames: strategyNames)
    }

    /// Step: the region's applications (filtered) and deployment strategy names. Its own
    /// function so the `async let` tasks end here: a child task keeps its stack memory until
    /// its scope exits, and the walk that follows is long.
    private func listApplications(identity: Task<String, Error>) async throws
        -> (accountId: String, apps: [Application], strategyNames: [String: String]) {
        async let appsCall = call { try await client.allApplications() }
        // Strategy names only label deployments: losing them must not lose the region.
        async let strategiesCall = try? call { try await client.allDeploymentStrategies() }
        let accountId = try await identity.value
        let apps = try await appsCall.filter { applications.matches($0.name) }
        let strategies = await strategiesCall ?? []
        let strategyNames = Dictionary(strategies.map { ($0.id, $0.name ?? $0.id) }, uniquingKeysWith: { a, _ in a })
        return (accountId, apps, strategyNames)
    }

    private func scan(apps: [Application], strategyNames: [String: String]) async throws -> AccountRegionScan {
        // One application that cannot be read (AccessDenied on its resources, a failing
        // call after retries) is reported alone; the region's other applications still arrive.
        var result = await withTaskGroup(of: AccountRegionScan.self) { group in
            for app in apps {
                group.addTask {
                    do {
                        return try await scan(app, strategyNames: strategyNames)
                    } catch {
                        logger.error("scan of \(label)/\(app.name) failed: \(error)")
                        return AccountRegionScan(failedApplications: [
                            FailedApplication(region: region, name: app.name, message: FleetScanner.explain(error)),
                        ])
                    }
                }
            }
            var result = AccountRegionScan()
            for await part in group { result.merge(part) }
            return result
        }
        // A cache that cannot be written costs the next scan time, never this one its result.
        do {
            try await cache.storeVersions(result.newVersions)
            try await cache.storeDeployments(result.newDeployments)
        } catch {
            logger.warning("could not write the scan cache for \(label): \(error)")
        }
        result.newVersions = []
        result.newDeployments = []
        return result
    }

    private struct VersionRef: Hashable, Sendable {
        var profileId: String
        var version: Int
    }

    /// Results of the tasks of one application's walk.
    private enum Step: Sendable {
        case deploymentList(Environment, numbers: [Int], listed: [Int: String], cached: [Int: CachedDeployment])
        case deployment(Environment, AppConfigClient.Deployment?)
        /// A request about this environment still failed after its retries: it alone is lost.
        case environmentFailed(Environment, String)
        case versionList(profileId: String, latest: Int?, cached: [Int: CachedVersion])
        case document(VersionRef, ParsedVersion, fetched: CachedVersion?)
    }

    private func scan(_ app: Application, strategyNames: [String: String]) async throws -> AccountRegionScan {
        let (environments, profiles, readings) = try await listEnvironmentsAndProfiles(app)
        guard !profiles.isEmpty else {
            return AccountRegionScan(environments: environments.map { environmentID(app, $0) })
        }
        let profileIds = Set(profiles.map(\.id))

        var deployed: [String: [AppConfigClient.Deployment]] = [:]  // by environment id
        var latest: [String: Int] = [:]
        var cachedVersions: [String: [Int: CachedVersion]] = [:]    // known once the profile's list arrived
        var waitingForList: [String: Set<Int>] = [:]
        var requested = Set<VersionRef>()
        var documents: [String: [Int: ParsedVersion]] = [:]
        var failedEnvironments: [String: String] = [:]  // by environment id: why
        var result = AccountRegionScan()

        try await withThrowingTaskGroup(of: Step.self) { group in
            // At most `window` tasks exist at once; the rest wait here as closures. A task
            // waiting for the account-region's limiter holds its async frames (kilobytes),
            // and a cold scan of a large fleet queues thousands of GetDeployment calls:
            // started eagerly, those frames were most of the scan's peak memory.
            let window = max(2, limiter.limit)
            var queued: [@Sendable () async throws -> Step] = []
            var nextQueued = 0
            var running = 0
            func start(_ work: @escaping @Sendable () async throws -> Step) {
                guard running < window else { queued.append(work); return }
                running += 1
                group.addTask(operation: work)
            }
            func finished() {
                running -= 1
                while running < window, nextQueued < queued.count {
                    running += 1
                    group.addTask(operation: queued[nextQueued])
                    nextQueued += 1
                }
            }
            func fetchDocument(_ ref: VersionRef) {
                guard let cached = cachedVersions[ref.profileId] else {
                    waitingForList[ref.profileId, default: []].insert(ref.version)
                    return
                }
                let reading = readings[ref.profileId] ?? .featureFlags
                if let hit = cached[ref.version] {
                    documents[ref.profileId, default: [:]][ref.version] = Self.parse(hit.content, version: ref.version, as: reading)
                    return
                }
                start {
                    let (document, fetched) = try await fetchVersion(app, ref, as: reading)
                    return .document(ref, document, fetched: fetched)
                }
            }
            func need(_ ref: VersionRef) {
                guard profileIds.contains(ref.profileId), requested.insert(ref).inserted else { return }
                fetchDocument(ref)
            }
            func received(_ deployment: AppConfigClient.Deployment, in environment: Environment) {
                deployed[environment.id, default: []].append(deployment)
                if let version = deployment.hostedVersionNumber {
                    need(VersionRef(profileId: deployment.configurationProfileId, version: version))
                }
            }

            for environment in environments {
                start {
                    do {
                        return try await listDeployments(app, environment)
                    } catch {
                        return .environmentFailed(environment, FleetScanner.explain(error))
                    }
                }
            }
            for profile in profiles {
                start {
                    async let cached = (try? cache.cachedVersions(accountId: accountId, region: region,
                                                                  applicationId: app.id, profileId: profile.id)) ?? [:]
                    let versions = try await call {
                        try await client.allHostedConfigurationVersions(applicationId: app.id, profileId: profile.id)
                    }
                    return .versionList(profileId: profile.id, latest: versions.map(\.versionNumber).max(), cached: await cached)
                }
            }

            while let step = try await group.next() {
                defer { finished() }
                switch step {
                case .deploymentList(let environment, let numbers, let listed, let cached):
                    deployed[environment.id] = deployed[environment.id] ?? []
                    for number in numbers {
                        // The cached record is the deployment while the listing shows the same
                        // state (or, for settled ones past the pages read, shows nothing).
                        if let hit = cached[number], listed[number].map({ $0 == hit.state }) ?? true,
                           let decoded = Self.deployment(cachedAs: hit.record) {
                            received(decoded, in: environment)
                            continue
                        }
                        start {
                            do {
                                return .deployment(environment, try await fetchDeployment(app, environment, number))
                            } catch {
                                return .environmentFailed(environment, FleetScanner.explain(error))
                            }
                        }
                    }
                case .deployment(let environment, let detail):
                    guard let detail else { continue }  // gone between list and get
                    if let state = detail.state, state.isFinal {
                        let record = Data(detail.compactRecord())
                        result.newDeployments.append(CachedDeployment(
                            key: DeploymentKey(accountId: accountId, region: region, applicationId: app.id,
                                               environmentId: environment.id, deploymentNumber: detail.deploymentNumber),
                            state: state.rawValue, record: record, storedAt: Date(), completedAt: detail.completedAt))
                    }
                    received(detail, in: environment)
                case .versionList(let profileId, let newest, let cached):
                    latest[profileId] = newest
                    cachedVersions[profileId] = cached
                    if let newest { need(VersionRef(profileId: profileId, version: newest)) }
                    for version in waitingForList.removeValue(forKey: profileId) ?? [] {
                        fetchDocument(VersionRef(profileId: profileId, version: version))
                    }
                case .document(let ref, let document, let fetched):
                    documents[ref.profileId, default: [:]][ref.version] = document
                    if let fetched { result.newVersions.append(fetched) }
                case .environmentFailed(let environment, let why):
                    failedEnvironments[environment.id] = failedEnvironments[environment.id] ?? why
                }
            }
        }

        let kept = keepFlagProfiles(app, profiles, readings: readings, documents: documents, into: &result)
        assemble(app, environments: environments, profiles: kept, deployed: deployed, latest: latest,
                 documents: documents.mapValues { $0.mapValues(\.document) }, failedEnvironments: failedEnvironments,
                 strategyNames: strategyNames, into: &result)
        return result
    }

    /// Step: one application's profiles, environments and deployment histories as the
    /// derivation reads them; an environment that could not be read is reported, not shown
    /// as never deployed.
    private func assemble(_ app: Application, environments: [Environment], profiles: [ConfigurationProfileSummary],
                          deployed: [String: [AppConfigClient.Deployment]], latest: [String: Int],
                          documents: [String: [Int: HostedDocument]], failedEnvironments: [String: String],
                          strategyNames: [String: String], into result: inout AccountRegionScan) {
        var references: [String: ProfileRef] = [:]
        for profile in profiles {
            let reference = ProfileRef(accountId: accountId, region: region, applicationName: app.name,
                                       profileId: profile.id, profileName: profile.name)
            references[profile.id] = reference
            result.profiles.append(HostedProfile(profile: reference, latestVersion: latest[profile.id],
                                                 documents: documents[profile.id] ?? [:]))
        }
        for environment in environments {
            if let why = failedEnvironments[environment.id] {
                logger.error("scan of \(label)/\(app.name)/\(environment.name) failed: \(why)")
                result.failedEnvironments.append(FailedApplication(region: region, name: app.name,
                                                                   environment: environment.name, message: why))
                continue
            }
            let id = environmentID(app, environment)
            result.environments.append(id)
            var byProfile: [String: [FlagModel.Deployment]] = [:]
            for deployment in deployed[environment.id] ?? [] {
                guard references[deployment.configurationProfileId] != nil,
                      let converted = Self.convert(deployment, strategyNames: strategyNames) else { continue }
                byProfile[deployment.configurationProfileId, default: []].append(converted)
            }
            for (profileId, history) in byProfile {
                result.histories.append(DeploymentHistory(environment: id, profile: references[profileId]!, deployments: history,
                                                          applicationId: app.id, environmentId: environment.id))
            }
        }
    }

    /// Step: an environment's deployment numbers, newest first, with the state each listing
    /// shows. Numbers run 1, 2, 3… per environment and only recent ones can still change
    /// (in progress, or COMPLETE and revertable for 72 h): once every older one is cached
    /// and settled there is no next page to read.
    private func listDeployments(_ app: Application, _ environment: Environment) async throws -> Step {
        async let cached = cachedDeployments(app, environment)
        var pages = client.listDeployments(applicationId: app.id, environmentId: environment.id).makeAsyncIterator()
        var listed: [Int: String] = [:]  // number → state in the listing
        var numbers: [Int] = []
        let now = Date()
        while let page = try await page({ try await pages.next() }) {
            for summary in page {
                numbers.append(summary.deploymentNumber)
                if let state = summary.state?.rawValue { listed[summary.deploymentNumber] = state }
            }
            guard let oldest = page.map(\.deploymentNumber).min() else { break }
            let known = await cached
            if oldest > 1, (1..<oldest).allSatisfy({ known[$0]?.isSettled(now: now) == true }) {
                numbers += (1..<oldest).reversed()
                break
            }
        }
        return .deploymentList(environment, numbers: numbers, listed: listed, cached: await cached)
    }

    private func environmentID(_ app: Application, _ environment: Environment) -> EnvironmentID {
        EnvironmentID(accountName: accountName, accountId: accountId, region: region,
                      applicationName: app.name, environmentName: environment.name)
    }

    private func cachedDeployments(_ app: Application, _ environment: Environment) async -> [Int: CachedDeployment] {
        do {
            return try await cache.cachedDeployments(accountId: accountId, region: region, applicationId: app.id,
                                                     environmentId: environment.id)
        } catch {
            logger.warning("could not read the scan cache for \(label): \(error)")
            return [:]
        }
    }

    /// One deployment in full; nil if it disappeared (its environment was deleted) since the list.
    private func fetchDeployment(_ app: Application, _ environment: Environment,
                                 _ number: Int) async throws -> AppConfigClient.Deployment? {
        do {
            return try await call {
                try await client.getDeployment(applicationId: app.id, environmentId: environment.id, deploymentNumber: number)
            }
        } catch let error as AppConfigError where error.isNotFound {
            return nil
        }
    }

    /// A hosted version from the API. A version that is not a readable feature-flag
    /// document, or that was deleted after being deployed, is reported on its cells,
    /// never fatal.
    private func fetchVersion(_ app: Application, _ ref: VersionRef,
                              as reading: ProfileReading) async throws -> (ParsedVersion, CachedVersion?) {
        let fetched: HostedConfigurationVersion
        do {
            fetched = try await call {
                try await client.getHostedConfigurationVersion(applicationId: app.id, profileId: ref.profileId,
                                                               versionNumber: ref.version)
            }
        } catch let error as AppConfigError where error.isNotFound {
            return (.unfetched("version \(ref.version) no longer exists (deleted after it was deployed)"), nil)
        } catch {
            // Still failing after its retries: the cells serving it say so; the rest stands.
            return (.unfetched("version \(ref.version) could not be fetched: \(FleetScanner.explain(error))"), nil)
        }
        let key = VersionKey(accountId: accountId, region: region, applicationId: app.id, profileId: ref.profileId,
                             versionNumber: ref.version)
        let cached = CachedVersion(key: key, content: fetched.content, contentType: fetched.contentType,
                                   description: fetched.description, versionLabel: fetched.versionLabel, fetchedAt: Date())
        return (Self.parse(fetched.content, version: ref.version, as: reading), cached)
    }
}
