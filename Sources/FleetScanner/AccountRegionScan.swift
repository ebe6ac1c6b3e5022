import FlagModel
import FleetStore

/// What one account-region contributes to the fleet.
struct AccountRegionScan: Sendable {
    var environments: [EnvironmentID] = []
    var profiles: [HostedProfile] = []
    var histories: [DeploymentHistory] = []
    /// Fetched this scan and immutable: written to the cache in one batch per account-region.
    var newVersions: [CachedVersion] = []
    var newDeployments: [CachedDeployment] = []
    /// Applications that could not be read although their region could: (name, why).
    var failedApplications: [FailedApplication] = []
    /// Environments whose deployments could not be read although their application could.
    var failedEnvironments: [FailedApplication] = []
    /// Freeform profiles whose documents are not flags.
    var skippedProfiles: [SkippedProfile] = []

    mutating func merge(_ other: AccountRegionScan) {
        environments += other.environments
        profiles += other.profiles
        histories += other.histories
        newVersions += other.newVersions
        newDeployments += other.newDeployments
        failedApplications += other.failedApplications
        failedEnvironments += other.failedEnvironments
        skippedProfiles += other.skippedProfiles
    }
}

/// A part of a region that could not be read: an application, or one environment of it.
struct FailedApplication: Sendable {
    var region: String
    var name: String
    var environment: String? = nil
    var message: String
}
