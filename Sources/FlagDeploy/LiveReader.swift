import AppConfigClient
import FlagModel
import Foundation

/// What an environment serves and whether it is busy, read from AppConfig now.
struct EnvironmentLiveState: Sendable, Hashable {
    /// The hosted version of the latest COMPLETE deployment of the profile.
    var deployedVersion: Int?
    var deployedStrategy: StrategySummary?
    /// Any deployment of the environment that is not final: it blocks new ones.
    var running: RunningDeployment?
    /// The newest deployment number of the environment (any profile): a deployment of
    /// ours lands above it, and anything else above it came from someone else.
    var newestDeploymentNumber: Int?
}

/// The reads the loader and the executor share. Control plane only.
struct LiveReader: Sendable {
    let client: AppConfigClient

    func environment(applicationId: String, environmentId: String, profileId: String) async throws -> EnvironmentLiveState {
        let summaries = try await client.allDeployments(applicationId: applicationId, environmentId: environmentId)
            .sorted { $0.deploymentNumber > $1.deploymentNumber }
        var state = EnvironmentLiveState()
        state.newestDeploymentNumber = summaries.first?.deploymentNumber
        if let r = summaries.first(where: { $0.state.map { !$0.isFinal } ?? false }) {
            state.running = RunningDeployment(deploymentNumber: r.deploymentNumber, state: r.state?.rawValue ?? "?",
                                              percentageComplete: r.percentageComplete ?? 0,
                                              configurationName: r.configurationName,
                                              configurationVersion: r.configurationVersion)
        }
        // Summaries do not name their profile (reference §2.1), so look at the COMPLETE
        // ones newest first until one is ours; usually the first is.
        for s in summaries where s.state == .complete {
            let d = try await client.getDeployment(applicationId: applicationId, environmentId: environmentId,
                                                   deploymentNumber: s.deploymentNumber)
            guard d.configurationProfileId == profileId else { continue }
            state.deployedVersion = d.hostedVersionNumber
            state.deployedStrategy = Self.strategy(of: d)
            break
        }
        return state
    }

    static func strategy(of d: AppConfigClient.Deployment) -> StrategySummary? {
        guard let id = d.deploymentStrategyId else { return nil }
        return StrategySummary(id: id, name: nil, deploymentDurationMinutes: d.deploymentDurationInMinutes,
                               finalBakeMinutes: d.finalBakeTimeInMinutes, growthType: d.growthType?.rawValue,
                               growthFactor: d.growthFactor)
    }

    func latestVersionNumber(applicationId: String, profileId: String) async throws -> Int? {
        try await client.allHostedConfigurationVersions(applicationId: applicationId, profileId: profileId)
            .map(\.versionNumber).max()
    }

    /// A hosted version, read the way its profile is (native, or Powertools in a Freeform
    /// profile), with its bytes.
    func document(applicationId: String, profileId: String, version: Int,
                  reading: ProfileDialect = .featureFlags) async throws -> VersionedDocument {
        let v = try await client.getHostedConfigurationVersion(applicationId: applicationId, profileId: profileId,
                                                               versionNumber: version)
        let bytes = Array(v.content)
        switch reading {
        case .featureFlags:
            do {
                return VersionedDocument(number: version, document: try FeatureFlagDocument(parsing: bytes), content: bytes)
            } catch {
                throw DeployError.unreadableVersion(version: version, reason: error.description)
            }
        case .powertools(let envelope):
            switch FreeformReading.read(bytes, envelope: envelope) {
            case .powertools(let document):
                return VersionedDocument(number: version, document: document, content: bytes)
            case .invalidPowertools(let problems):
                throw DeployError.unreadableVersion(version: version, reason: "it fails Powertools' schema: "
                                                    + problems.map(\.description).joined(separator: "; "))
            case .notFlags(let why):
                throw DeployError.unreadableVersion(version: version, reason: "it is not a Powertools features document (\(why))")
            }
        }
    }

    func running(applicationId: String, environmentId: String) async throws -> RunningDeployment? {
        let summaries = try await client.allDeployments(applicationId: applicationId, environmentId: environmentId)
        return summaries.filter { $0.state.map { !$0.isFinal } ?? false }.max { $0.deploymentNumber < $1.deploymentNumber }
            .map { RunningDeployment(deploymentNumber: $0.deploymentNumber, state: $0.state?.rawValue ?? "?",
                                     percentageComplete: $0.percentageComplete ?? 0,
                                     configurationName: $0.configurationName,
                                     configurationVersion: $0.configurationVersion) }
    }
}
