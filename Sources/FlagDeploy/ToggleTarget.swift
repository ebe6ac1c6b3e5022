import FlagModel
import Foundation

/// One hosted version and its document.
public struct VersionedDocument: Sendable, Hashable {
    public var number: Int
    public var document: FeatureFlagDocument
    /// The version's bytes as AppConfig holds them, when read from it: a Powertools
    /// (Freeform) version is edited in them, so untouched bytes stay as written.
    public var content: [UInt8]?

    public init(number: Int, document: FeatureFlagDocument, content: [UInt8]? = nil) {
        self.number = number
        self.document = document
        self.content = content
    }
}

/// A deployment strategy as the confirmation shows it. Durations are nil when unknown
/// (a custom strategy that could not be read).
public struct StrategySummary: Sendable, Hashable, Codable {
    public var id: String
    public var name: String?
    public var deploymentDurationMinutes: Int?
    public var finalBakeMinutes: Int?
    public var growthType: String?
    public var growthFactor: Double?

    public init(id: String, name: String? = nil, deploymentDurationMinutes: Int? = nil, finalBakeMinutes: Int? = nil,
                growthType: String? = nil, growthFactor: Double? = nil) {
        self.id = id
        self.name = name
        self.deploymentDurationMinutes = deploymentDurationMinutes
        self.finalBakeMinutes = finalBakeMinutes
        self.growthType = growthType
        self.growthFactor = growthFactor
    }

    /// `AppConfig.AllAtOnce (deploy 0 min, bake 10 min)`.
    public var summary: String {
        func minutes(_ m: Int?) -> String { m.map { "\($0) min" } ?? "? min" }
        return "\(id) (deploy \(minutes(deploymentDurationMinutes)), bake \(minutes(finalBakeMinutes)))"
    }
}

/// A deployment that is not final yet. Only one runs per environment at a time, so a new
/// one cannot start until it ends or is stopped.
public struct RunningDeployment: Sendable, Hashable, Codable {
    public var deploymentNumber: Int
    public var state: String
    public var percentageComplete: Double
    public var configurationName: String?
    public var configurationVersion: String?

    public init(deploymentNumber: Int, state: String, percentageComplete: Double,
                configurationName: String? = nil, configurationVersion: String? = nil) {
        self.deploymentNumber = deploymentNumber
        self.state = state
        self.percentageComplete = percentageComplete
        self.configurationName = configurationName
        self.configurationVersion = configurationVersion
    }

    /// `deployment 12 (checkout-flags version 8) is DEPLOYING, 40%`.
    public var summary: String {
        var what = "deployment \(deploymentNumber)"
        if let name = configurationName, let version = configurationVersion {
            what += " (\(name) version \(version))"
        }
        return "\(what) is \(state), \(Int(percentageComplete.rounded()))%"
    }
}

/// One profile in one account-region, the unit that hosted versions belong to.
public struct ProfileKey: Sendable, Hashable, Codable, CustomStringConvertible {
    public var accountName: String
    public var accountId: String
    public var region: String
    public var applicationId: String
    public var profileId: String

    public init(accountName: String, accountId: String, region: String, applicationId: String, profileId: String) {
        self.accountName = accountName
        self.accountId = accountId
        self.region = region
        self.applicationId = applicationId
        self.profileId = profileId
    }

    public var description: String { "\(accountName)/\(region)/\(applicationId)/\(profileId)" }
}

/// Everything the planner needs to know about one environment: what it serves, what the
/// profile's newest version is, and how it was last deployed. Filled by
/// `ToggleTargetLoader` (or by hand in tests).
public struct ToggleTarget: Sendable, Hashable {
    public var environment: EnvironmentID
    public var applicationId: String
    public var environmentId: String
    public var profileId: String
    public var profileName: String
    /// The version of the latest COMPLETE deployment; nil when the profile was never deployed here.
    public var deployed: VersionedDocument?
    /// The profile's highest version number; nil when it has none.
    public var latest: VersionedDocument?
    /// The strategy of the deployment that put `deployed` in place.
    public var lastStrategy: StrategySummary?
    /// The strategies of the account-region; empty when unknown.
    public var strategies: [StrategySummary]
    /// A deployment in progress when the target was read (the executor checks again).
    public var running: RunningDeployment?

    public init(environment: EnvironmentID, applicationId: String, environmentId: String, profileId: String,
                profileName: String, deployed: VersionedDocument?, latest: VersionedDocument?,
                lastStrategy: StrategySummary? = nil, strategies: [StrategySummary] = [], running: RunningDeployment? = nil) {
        self.environment = environment
        self.applicationId = applicationId
        self.environmentId = environmentId
        self.profileId = profileId
        self.profileName = profileName
        self.deployed = deployed
        self.latest = latest
        self.lastStrategy = lastStrategy
        self.strategies = strategies
        self.running = running
    }

    public var profileKey: ProfileKey {
        ProfileKey(accountName: environment.accountName, accountId: environment.accountId, region: environment.region,
                   applicationId: applicationId, profileId: profileId)
    }
}
