import Foundation

/// A part of the fleet that could not be scanned (an account/region, or one application
/// in it); the rest of the fleet still arrives.
public struct ScanError: Sendable, Hashable, Codable {
    public var account: String
    public var accountId: String?
    public var region: String
    /// nil: the whole account/region failed.
    public var application: String?
    /// With `application`: only this environment's deployments could not be read.
    public var environment: String?
    public var message: String

    public init(account: String, accountId: String?, region: String, application: String? = nil,
                environment: String? = nil, message: String) {
        self.account = account
        self.accountId = accountId
        self.region = region
        self.application = application
        self.environment = environment
        self.message = message
    }

    public var part: UnreadablePart {
        UnreadablePart(account: account, accountId: accountId, region: region, application: application,
                       environment: environment)
    }
}

/// One deployment anywhere in the fleet, for the Audit view and flag timelines.
public struct DeploymentRecord: Sendable, Hashable, Codable {
    public var environment: EnvironmentID
    public var profileName: String
    public var deploymentNumber: Int
    public var state: DeploymentState
    public var percentageComplete: Double
    public var startedAt: Date
    public var completedAt: Date?
    public var configurationVersion: Int
    public var strategyName: String
    public var description: String?
    /// Flags that differ from the version deployed before it in that environment
    /// (every flag, as added, for the first deployment). Empty if unknown.
    public var changes: [FlagChange]
    /// AppConfig's ids, for joining CloudTrail events (nil in records built without them).
    public var applicationId: String?
    public var environmentId: String?
    public var profileId: String?

    public init(environment: EnvironmentID, profileName: String, deploymentNumber: Int, state: DeploymentState,
                percentageComplete: Double, startedAt: Date, completedAt: Date?, configurationVersion: Int,
                strategyName: String, description: String?, changes: [FlagChange]) {
        self.environment = environment
        self.profileName = profileName
        self.deploymentNumber = deploymentNumber
        self.state = state
        self.percentageComplete = percentageComplete
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.configurationVersion = configurationVersion
        self.strategyName = strategyName
        self.description = description
        self.changes = changes
    }

    /// When the deployment took effect or stopped: its completion, else its start.
    public var time: Date { completedAt ?? startedAt }
}

/// Everything one scan produced: what `scan` prints, the store keeps and the UI shows.
public struct ScanResult: Sendable, Hashable, Codable {
    public var scannedAt: Date
    public var snapshot: FleetSnapshot
    /// Newest first.
    public var deployments: [DeploymentRecord]
    public var errors: [ScanError]
    /// Set when the accounts were discovered (organization / sso): discovered, scanned and
    /// unreadable account counts. nil for a fleet listed only in the configuration.
    public var discovery: DiscoverySummary?
    /// Every flag profile scanned: names the profile a CloudTrail event's ids point at.
    public var profiles: [ProfileRef] = []
    /// Hosted versions whose document and predecessor's document the scan read, with the
    /// flags each changed: what the audit shows for a version's creation.
    public var versions: [VersionRecord] = []
    /// Freeform profiles looked at that hold no flags (not Powertools documents): skipped
    /// without noise in the views, counted here for `scan` output and `doctor`.
    public var skippedProfiles: [SkippedProfile] = []

    public init(scannedAt: Date, snapshot: FleetSnapshot, deployments: [DeploymentRecord], errors: [ScanError]) {
        self.scannedAt = scannedAt
        self.snapshot = snapshot
        self.deployments = deployments.sorted { ($0.time, $0.deploymentNumber) > ($1.time, $1.deploymentNumber) }
        self.errors = errors
    }
}

/// A Freeform profile the scan looked at and skipped: its documents are not flags.
public struct SkippedProfile: Sendable, Hashable, Codable, CustomStringConvertible {
    public var account: String
    public var region: String
    public var application: String
    public var profile: String
    public var reason: String

    public init(account: String, region: String, application: String, profile: String, reason: String) {
        self.account = account
        self.region = region
        self.application = application
        self.profile = profile
        self.reason = reason
    }

    /// `payments-prod/eu-west-1/checkout/settings: not JSON`
    public var description: String { "\(account)/\(region)/\(application)/\(profile): \(reason)" }
}

/// One hosted version and the flags it changed against the version before it.
public struct VersionRecord: Sendable, Hashable, Codable {
    public var profile: ProfileRef
    public var versionNumber: Int
    public var changes: [FlagChange]

    public init(profile: ProfileRef, versionNumber: Int, changes: [FlagChange]) {
        self.profile = profile
        self.versionNumber = versionNumber
        self.changes = changes
    }
}
