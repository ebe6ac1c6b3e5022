import AppConfigClient
import FlagModel
import Foundation

/// An environment named the way people name it: account, region, environment name.
/// The application is the flag's.
public struct EnvironmentSelector: Sendable, Hashable, CustomStringConvertible {
    public var accountName: String
    public var accountId: String
    public var region: String
    public var environmentName: String

    public init(accountName: String, accountId: String, region: String, environmentName: String) {
        self.accountName = accountName
        self.accountId = accountId
        self.region = region
        self.environmentName = environmentName
    }

    public init(_ environment: EnvironmentID) {
        self.init(accountName: environment.accountName, accountId: environment.accountId, region: environment.region,
                  environmentName: environment.environmentName)
    }

    public var description: String { "\(accountName)/\(region)/\(environmentName)" }
}

/// The targets that could be read, and why the others could not.
public struct TargetLoadResult: Sendable {
    public var targets: [ToggleTarget]
    public var problems: [(selector: EnvironmentSelector, reason: String)]
}

/// Reads the live state of the chosen environments for the planner: names resolved to
/// ids, deployed and latest versions with their documents, strategies, running deployments.
public struct ToggleTargetLoader: Sendable {
    public var clients: AppConfigClients
    /// The envelope of a Powertools profile (application, profile name), as configured.
    public var powertoolsEnvelope: @Sendable (String, String) -> PowertoolsEnvelope?

    public init(clients: AppConfigClients,
                powertoolsEnvelope: @escaping @Sendable (String, String) -> PowertoolsEnvelope? = { _, _ in nil }) {
        self.clients = clients
        self.powertoolsEnvelope = powertoolsEnvelope
    }

    public func load(flag: FlagID, environments: [EnvironmentSelector]) async -> TargetLoadResult {
        let groups = Dictionary(grouping: environments) { AccountRegion(account: $0.accountName, region: $0.region) }
        let parts = await withTaskGroup(of: TargetLoadResult.self) { group in
            for (place, selectors) in groups {
                group.addTask { await load(flag: flag, place: place, selectors: selectors) }
            }
            return await group.reduce(into: [TargetLoadResult]()) { $0.append($1) }
        }
        // Back in the order asked for, so plans and output follow the command line.
        let order = Dictionary(environments.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
        let targets = parts.flatMap(\.targets).sorted {
            (order[EnvironmentSelector($0.environment)] ?? .max) < (order[EnvironmentSelector($1.environment)] ?? .max)
        }
        let problems = parts.flatMap(\.problems).sorted { (order[$0.selector] ?? .max) < (order[$1.selector] ?? .max) }
        return TargetLoadResult(targets: targets, problems: problems)
    }

    private func load(flag: FlagID, place: AccountRegion, selectors: [EnvironmentSelector]) async -> TargetLoadResult {
        func failAll(_ reason: String) -> TargetLoadResult {
            TargetLoadResult(targets: [], problems: selectors.map { ($0, reason) })
        }
        guard let client = clients.clients[place] else {
            return failAll(DeployError.noClient(place.description).description)
        }
        let reader = LiveReader(client: client)
        do {
            let apps = try await client.allApplications().filter { $0.name == flag.application }
            guard apps.count == 1, let app = apps.first else {
                return failAll(apps.isEmpty ? "no application \"\(flag.application)\" in \(place)"
                                            : "\(apps.count) applications are named \"\(flag.application)\" in \(place)")
            }
            async let environmentsCall = client.allEnvironments(applicationId: app.id)
            // Feature-flag profiles, and Freeform ones (Powertools keeps its flags there).
            async let profilesCall = client.allConfigurationProfiles(applicationId: app.id, type: nil)
            async let strategiesCall = client.allDeploymentStrategies()
            let environments = try await environmentsCall
            let profiles = try await profilesCall.filter {
                $0.name == flag.profile && ($0.type == nil || $0.type == .featureFlags || $0.type == .freeform)
            }
            guard profiles.count == 1, let profile = profiles.first else {
                return failAll(profiles.isEmpty ? "no feature-flag profile \"\(flag.profile)\" in \(place)/\(flag.application)"
                                                : "\(profiles.count) feature-flag profiles are named \"\(flag.profile)\" in \(place)/\(flag.application)")
            }
            let reading: ProfileDialect = profile.type == .freeform
                ? .powertools(envelope: powertoolsEnvelope(app.name, profile.name)) : .featureFlags
            let strategies = try await strategiesCall.map {
                StrategySummary(id: $0.id, name: $0.name, deploymentDurationMinutes: $0.deploymentDurationInMinutes,
                                finalBakeMinutes: $0.finalBakeTimeInMinutes, growthType: $0.growthType?.rawValue,
                                growthFactor: $0.growthFactor)
            }
            let latestNumber = try await reader.latestVersionNumber(applicationId: app.id, profileId: profile.id)
            let documents = DocumentCache(reader: reader, applicationId: app.id, profileId: profile.id, reading: reading)
            let latest = try await latestNumber.asyncMap { try await documents.get($0) }

            var result = TargetLoadResult(targets: [], problems: [])
            for selector in selectors {
                let matches = environments.filter { $0.name == selector.environmentName }
                guard matches.count == 1, let env = matches.first else {
                    result.problems.append((selector, matches.isEmpty
                        ? "no environment \"\(selector.environmentName)\" in \(place)/\(flag.application)"
                        : "\(matches.count) environments are named \"\(selector.environmentName)\" in \(place)/\(flag.application)"))
                    continue
                }
                do {
                    let live = try await reader.environment(applicationId: app.id, environmentId: env.id, profileId: profile.id)
                    let deployed = try await live.deployedVersion.asyncMap { try await documents.get($0) }
                    let id = EnvironmentID(accountName: selector.accountName, accountId: selector.accountId,
                                           region: selector.region, applicationName: app.name, environmentName: env.name)
                    result.targets.append(ToggleTarget(
                        environment: id, applicationId: app.id, environmentId: env.id, profileId: profile.id,
                        profileName: profile.name, deployed: deployed, latest: latest,
                        lastStrategy: live.deployedStrategy.map { s in
                            strategies.first { $0.id == s.id }.map { known in
                                var merged = s
                                merged.name = known.name
                                return merged
                            } ?? s
                        },
                        strategies: strategies, running: live.running))
                } catch {
                    result.problems.append((selector, ErrorText.describe(error)))
                }
            }
            return result
        } catch {
            return failAll(ErrorText.describe(error))
        }
    }
}

/// Hosted versions never change, so each is fetched once per load.
private actor DocumentCache {
    let reader: LiveReader
    let applicationId: String
    let profileId: String
    let reading: ProfileDialect
    var documents: [Int: VersionedDocument] = [:]

    init(reader: LiveReader, applicationId: String, profileId: String, reading: ProfileDialect) {
        self.reader = reader
        self.applicationId = applicationId
        self.profileId = profileId
        self.reading = reading
    }

    func get(_ version: Int) async throws -> VersionedDocument {
        if let d = documents[version] { return d }
        let d = try await reader.document(applicationId: applicationId, profileId: profileId, version: version, reading: reading)
        documents[version] = d
        return d
    }
}

extension Optional {
    func asyncMap<T>(_ transform: (Wrapped) async throws -> T) async rethrows -> T? {
        guard let value = self else { return nil }
        return try await transform(value)
    }
}

/// How a profile's versions are read: native feature flags, or Powertools features in a
/// Freeform profile (under its configured envelope).
public enum ProfileDialect: Sendable, Hashable {
    case featureFlags
    case powertools(envelope: PowertoolsEnvelope?)
}
