import Foundation

/// Where an environment lives. Names, not ids, because people read them; the account id
/// and region keep same-named environments in different accounts apart.
public struct EnvironmentID: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var accountName: String
    public var accountId: String
    public var region: String
    public var applicationName: String
    public var environmentName: String

    public init(accountName: String, accountId: String, region: String, applicationName: String, environmentName: String) {
        self.accountName = accountName
        self.accountId = accountId
        self.region = region
        self.applicationName = applicationName
        self.environmentName = environmentName
    }

    /// `payments-prod/eu-west-1/checkout/prod`
    public var description: String { "\(accountName)/\(region)/\(applicationName)/\(environmentName)" }

    public static func < (a: Self, b: Self) -> Bool {
        (a.accountName, a.accountId, a.region, a.applicationName, a.environmentName)
            < (b.accountName, b.accountId, b.region, b.applicationName, b.environmentName)
    }
}

/// A flag across the fleet: the same application/profile/key in every account and region
/// is one flag, because that is how teams name and retire them.
public struct FlagID: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var application: String
    public var profile: String
    public var key: String

    public init(application: String, profile: String, key: String) {
        self.application = application
        self.profile = profile
        self.key = key
    }

    public var description: String { "\(application)/\(profile)/\(key)" }

    public static func < (a: Self, b: Self) -> Bool { (a.application, a.profile, a.key) < (b.application, b.profile, b.key) }
}

/// One configuration profile in one account and region.
public struct ProfileRef: Sendable, Hashable, Codable {
    public var accountId: String
    public var region: String
    public var applicationName: String
    public var profileId: String
    public var profileName: String

    public init(accountId: String, region: String, applicationName: String, profileId: String, profileName: String) {
        self.accountId = accountId
        self.region = region
        self.applicationName = applicationName
        self.profileId = profileId
        self.profileName = profileName
    }
}

public enum DeploymentState: String, Sendable, Hashable, Codable, CaseIterable {
    case baking = "BAKING"
    case validating = "VALIDATING"
    case deploying = "DEPLOYING"
    case complete = "COMPLETE"
    case rollingBack = "ROLLING_BACK"
    case rolledBack = "ROLLED_BACK"
    case reverted = "REVERTED"

    /// Moving towards COMPLETE: the new version is (partly) being served.
    public var isRollingOut: Bool { self == .deploying || self == .baking || self == .validating }
    /// No longer in progress. A COMPLETE deployment can still become REVERTED (see
    /// `Deployment.isSettled`), so terminal is not the same as unchanging.
    public var isTerminal: Bool { self == .complete || self == .rolledBack || self == .reverted }

    /// How long after completion a COMPLETE deployment can still be reverted
    /// (StopDeployment with AllowRevert).
    public static let revertWindow: TimeInterval = 72 * 3600

    /// Will never change again once it reached this state with `completedAt`, judged at
    /// `now`: ROLLED_BACK and REVERTED at once, COMPLETE only after the revert window.
    public func isSettled(completedAt: Date?, now: Date) -> Bool {
        switch self {
        case .rolledBack, .reverted: true
        case .complete: completedAt.map { now.timeIntervalSince($0) > Self.revertWindow } ?? false
        default: false
        }
    }
}

public struct Deployment: Sendable, Hashable, Codable {
    public var deploymentNumber: Int
    public var state: DeploymentState
    public var percentageComplete: Double
    public var startedAt: Date
    public var completedAt: Date?
    public var configurationVersion: Int
    public var strategyId: String
    public var strategyName: String?
    /// The deployment's description (who deployed and why, for flagdeck's own).
    public var description: String?
    /// The strategy's bake time, copied into every deployment by AppConfig.
    public var finalBakeTimeInMinutes: Int?
    /// GetDeployment's EventLog, oldest first; empty when only the summary is known.
    /// It dates the bake, the rollback and the revert, and gives the state at any moment.
    public var events: [DeploymentEvent]

    public init(deploymentNumber: Int, state: DeploymentState, percentageComplete: Double, startedAt: Date,
                completedAt: Date? = nil, configurationVersion: Int, strategyId: String, strategyName: String? = nil,
                description: String? = nil, finalBakeTimeInMinutes: Int? = nil, events: [DeploymentEvent] = []) {
        self.description = description
        self.deploymentNumber = deploymentNumber
        self.state = state
        self.percentageComplete = percentageComplete
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.configurationVersion = configurationVersion
        self.strategyId = strategyId
        self.strategyName = strategyName
        self.finalBakeTimeInMinutes = finalBakeTimeInMinutes
        self.events = events
    }
}

/// What the scanner could learn about one hosted configuration version.
public enum HostedDocument: Sendable, Hashable {
    case parsed(FeatureFlagDocument)
    /// Fetched but not a feature-flag document we can read; the text says why.
    case unreadable(String)
}

/// A profile's hosted versions. A version missing from `documents` was not fetched.
public struct HostedProfile: Sendable, Hashable {
    public var profile: ProfileRef
    public var latestVersion: Int?
    public var documents: [Int: HostedDocument]

    public init(profile: ProfileRef, latestVersion: Int?, documents: [Int: HostedDocument]) {
        self.profile = profile
        self.latestVersion = latestVersion
        self.documents = documents
    }
}

/// The deployments of one profile to one environment (any order; sorted by number here).
public struct DeploymentHistory: Sendable, Hashable {
    public var environment: EnvironmentID
    public var profile: ProfileRef
    public var deployments: [Deployment]
    /// AppConfig's ids of the application and environment (what CloudTrail names them by).
    public var applicationId: String?
    public var environmentId: String?

    public init(environment: EnvironmentID, profile: ProfileRef, deployments: [Deployment],
                applicationId: String? = nil, environmentId: String? = nil) {
        self.environment = environment
        self.profile = profile
        self.deployments = deployments
        self.applicationId = applicationId
        self.environmentId = environmentId
    }
}

/// Everything the derivations read. Pure data: the scanner fills it, tests write it by hand.
public struct FleetInput: Sendable, Hashable {
    /// Every environment in scope, including those where no profile was ever deployed.
    public var environments: [EnvironmentID]
    public var profiles: [HostedProfile]
    public var histories: [DeploymentHistory]
    /// When the inputs were read. A derivation as of an earlier moment ignores what came
    /// after it (`asOf(_:)`); nil: never time-travel.
    public var readAt: Date?
    /// The parts that could not be read now.
    public var unreadable: [UnreadablePart]
    /// The last stored scan: which applications lived in a part that is unreadable now,
    /// and their last known values.
    public var earlier: EarlierScan?

    public init(environments: [EnvironmentID], profiles: [HostedProfile], histories: [DeploymentHistory],
                readAt: Date? = nil, unreadable: [UnreadablePart] = [], earlier: EarlierScan? = nil) {
        self.environments = environments
        self.profiles = profiles
        self.histories = histories
        self.readAt = readAt
        self.unreadable = unreadable
        self.earlier = earlier
    }
}

/// A snapshot from an earlier scan and when that scan read the fleet.
public struct EarlierScan: Sendable, Hashable {
    public var snapshot: FleetSnapshot
    public var scannedAt: Date

    public init(snapshot: FleetSnapshot, scannedAt: Date) {
        self.snapshot = snapshot
        self.scannedAt = scannedAt
    }
}
