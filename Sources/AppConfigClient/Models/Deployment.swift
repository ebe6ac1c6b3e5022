import Foundation

/// `DeploymentSummary` shape (ListDeployments items, newest first). It names
/// neither the profile nor the strategy: `getDeployment` does.
public struct DeploymentSummary: Sendable, Hashable, Codable {
    public var deploymentNumber: Int
    public var configurationName: String?
    /// A string in the API: a version number, or a label for non-hosted sources.
    public var configurationVersion: String?
    public var deploymentDurationInMinutes: Int?
    public var growthType: GrowthType?
    public var growthFactor: Double?
    public var finalBakeTimeInMinutes: Int?
    public var state: AppConfigClient.DeploymentState?
    public var percentageComplete: Double?
    public var startedAt: Date?
    public var completedAt: Date?
    public var versionLabel: String?

    public init(deploymentNumber: Int, configurationName: String? = nil, configurationVersion: String? = nil,
                deploymentDurationInMinutes: Int? = nil, growthType: GrowthType? = nil, growthFactor: Double? = nil,
                finalBakeTimeInMinutes: Int? = nil, state: AppConfigClient.DeploymentState? = nil, percentageComplete: Double? = nil,
                startedAt: Date? = nil, completedAt: Date? = nil, versionLabel: String? = nil) {
        self.deploymentNumber = deploymentNumber
        self.configurationName = configurationName
        self.configurationVersion = configurationVersion
        self.deploymentDurationInMinutes = deploymentDurationInMinutes
        self.growthType = growthType
        self.growthFactor = growthFactor
        self.finalBakeTimeInMinutes = finalBakeTimeInMinutes
        self.state = state
        self.percentageComplete = percentageComplete
        self.startedAt = startedAt
        self.completedAt = completedAt
        self.versionLabel = versionLabel
    }

    enum CodingKeys: String, CodingKey {
        case deploymentNumber = "DeploymentNumber", configurationName = "ConfigurationName"
        case configurationVersion = "ConfigurationVersion"
        case deploymentDurationInMinutes = "DeploymentDurationInMinutes", growthType = "GrowthType"
        case growthFactor = "GrowthFactor", finalBakeTimeInMinutes = "FinalBakeTimeInMinutes", state = "State"
        case percentageComplete = "PercentageComplete", startedAt = "StartedAt", completedAt = "CompletedAt"
        case versionLabel = "VersionLabel"
    }
}

// Nested for the same reason as `DeploymentState`: FlagModel has a `Deployment` too.
extension AppConfigClient {
    /// `Deployment` shape (Get/Start/Stop).
    public struct Deployment: Sendable, Hashable, Codable {
        public var applicationId: String
        public var environmentId: String
        /// Not validated against the model's `[a-z0-9]{4,7}`: predefined ids such as `AppConfig.AllAtOnce` come back here.
        public var deploymentStrategyId: String?
        public var configurationProfileId: String
        public var deploymentNumber: Int
        public var configurationName: String?
        public var configurationLocationUri: String?
        public var configurationVersion: String?
        public var description: String?
        public var deploymentDurationInMinutes: Int?
        public var growthType: GrowthType?
        public var growthFactor: Double?
        public var finalBakeTimeInMinutes: Int?
        public var state: AppConfigClient.DeploymentState?
        /// Newest first, as the service returns it.
        public var eventLog: [DeploymentEvent]
        public var percentageComplete: Double?
        public var startedAt: Date?
        public var completedAt: Date?
        public var appliedExtensions: [AppliedExtension]
        public var kmsKeyArn: String?
        public var kmsKeyIdentifier: String?
        public var versionLabel: String?

        public init(applicationId: String, environmentId: String, deploymentStrategyId: String? = nil,
                    configurationProfileId: String, deploymentNumber: Int, configurationName: String? = nil,
                    configurationLocationUri: String? = nil, configurationVersion: String? = nil,
                    description: String? = nil, deploymentDurationInMinutes: Int? = nil, growthType: GrowthType? = nil,
                    growthFactor: Double? = nil, finalBakeTimeInMinutes: Int? = nil, state: AppConfigClient.DeploymentState? = nil,
                    eventLog: [DeploymentEvent] = [], percentageComplete: Double? = nil, startedAt: Date? = nil,
                    completedAt: Date? = nil, appliedExtensions: [AppliedExtension] = [], kmsKeyArn: String? = nil,
                    kmsKeyIdentifier: String? = nil, versionLabel: String? = nil) {
            self.applicationId = applicationId
            self.environmentId = environmentId
            self.deploymentStrategyId = deploymentStrategyId
            self.configurationProfileId = configurationProfileId
            self.deploymentNumber = deploymentNumber
            self.configurationName = configurationName
            self.configurationLocationUri = configurationLocationUri
            self.configurationVersion = configurationVersion
            self.description = description
            self.deploymentDurationInMinutes = deploymentDurationInMinutes
            self.growthType = growthType
            self.growthFactor = growthFactor
            self.finalBakeTimeInMinutes = finalBakeTimeInMinutes
            self.state = state
            self.eventLog = eventLog
            self.percentageComplete = percentageComplete
            self.startedAt = startedAt
            self.completedAt = completedAt
            self.appliedExtensions = appliedExtensions
            self.kmsKeyArn = kmsKeyArn
            self.kmsKeyIdentifier = kmsKeyIdentifier
            self.versionLabel = versionLabel
        }

        /// The hosted version number, when `configurationVersion` is one.
        public var hostedVersionNumber: Int? { configurationVersion.flatMap { Int($0) } }

        enum CodingKeys: String, CodingKey {
            case applicationId = "ApplicationId", environmentId = "EnvironmentId"
            case deploymentStrategyId = "DeploymentStrategyId", configurationProfileId = "ConfigurationProfileId"
            case deploymentNumber = "DeploymentNumber", configurationName = "ConfigurationName"
            case configurationLocationUri = "ConfigurationLocationUri", configurationVersion = "ConfigurationVersion"
            case description = "Description", deploymentDurationInMinutes = "DeploymentDurationInMinutes"
            case growthType = "GrowthType", growthFactor = "GrowthFactor", finalBakeTimeInMinutes = "FinalBakeTimeInMinutes"
            case state = "State", eventLog = "EventLog", percentageComplete = "PercentageComplete"
            case startedAt = "StartedAt", completedAt = "CompletedAt", appliedExtensions = "AppliedExtensions"
            case kmsKeyArn = "KmsKeyArn", kmsKeyIdentifier = "KmsKeyIdentifier", versionLabel = "VersionLabel"
        }

        public init(from decoder: any Decoder) throws {
            let c = try decoder.container(keyedBy: CodingKeys.self)
            applicationId = try c.decode(String.self, forKey: .applicationId)
            environmentId = try c.decode(String.self, forKey: .environmentId)
            deploymentStrategyId = try c.decodeIfPresent(String.self, forKey: .deploymentStrategyId)
            configurationProfileId = try c.decode(String.self, forKey: .configurationProfileId)
            deploymentNumber = try c.decode(Int.self, forKey: .deploymentNumber)
            configurationName = try c.decodeIfPresent(String.self, forKey: .configurationName)
            configurationLocationUri = try c.decodeIfPresent(String.self, forKey: .configurationLocationUri)
            configurationVersion = try c.decodeIfPresent(String.self, forKey: .configurationVersion)
            description = try c.decodeIfPresent(String.self, forKey: .description)
            deploymentDurationInMinutes = try c.decodeIfPresent(Int.self, forKey: .deploymentDurationInMinutes)
            growthType = try c.decodeIfPresent(GrowthType.self, forKey: .growthType)
            growthFactor = try c.decodeIfPresent(Double.self, forKey: .growthFactor)
            finalBakeTimeInMinutes = try c.decodeIfPresent(Int.self, forKey: .finalBakeTimeInMinutes)
            state = try c.decodeIfPresent(AppConfigClient.DeploymentState.self, forKey: .state)
            eventLog = try c.decodeIfPresent([DeploymentEvent].self, forKey: .eventLog) ?? []
            percentageComplete = try c.decodeIfPresent(Double.self, forKey: .percentageComplete)
            startedAt = try c.decodeIfPresent(Date.self, forKey: .startedAt)
            completedAt = try c.decodeIfPresent(Date.self, forKey: .completedAt)
            appliedExtensions = try c.decodeIfPresent([AppliedExtension].self, forKey: .appliedExtensions) ?? []
            kmsKeyArn = try c.decodeIfPresent(String.self, forKey: .kmsKeyArn)
            kmsKeyIdentifier = try c.decodeIfPresent(String.self, forKey: .kmsKeyIdentifier)
            versionLabel = try c.decodeIfPresent(String.self, forKey: .versionLabel)
        }
    }
}

/// One `EventLog` entry.
public struct DeploymentEvent: Sendable, Hashable, Codable {
    public var eventType: DeploymentEventType?
    public var triggeredBy: TriggeredBy?
    public var description: String?
    public var actionInvocations: [ActionInvocation]
    public var occurredAt: Date?

    public init(eventType: DeploymentEventType? = nil, triggeredBy: TriggeredBy? = nil, description: String? = nil,
                actionInvocations: [ActionInvocation] = [], occurredAt: Date? = nil) {
        self.eventType = eventType
        self.triggeredBy = triggeredBy
        self.description = description
        self.actionInvocations = actionInvocations
        self.occurredAt = occurredAt
    }

    enum CodingKeys: String, CodingKey {
        case eventType = "EventType", triggeredBy = "TriggeredBy", description = "Description"
        case actionInvocations = "ActionInvocations", occurredAt = "OccurredAt"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        eventType = try c.decodeIfPresent(DeploymentEventType.self, forKey: .eventType)
        triggeredBy = try c.decodeIfPresent(TriggeredBy.self, forKey: .triggeredBy)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        actionInvocations = try c.decodeIfPresent([ActionInvocation].self, forKey: .actionInvocations) ?? []
        occurredAt = try c.decodeIfPresent(Date.self, forKey: .occurredAt)
    }
}

/// An extension action run during a deployment.
public struct ActionInvocation: Sendable, Hashable, Codable {
    public var extensionIdentifier: String?
    public var actionName: String?
    public var uri: String?
    public var roleArn: String?
    public var errorMessage: String?
    public var errorCode: String?
    public var invocationId: String?

    public init(extensionIdentifier: String? = nil, actionName: String? = nil, uri: String? = nil,
                roleArn: String? = nil, errorMessage: String? = nil, errorCode: String? = nil,
                invocationId: String? = nil) {
        self.extensionIdentifier = extensionIdentifier
        self.actionName = actionName
        self.uri = uri
        self.roleArn = roleArn
        self.errorMessage = errorMessage
        self.errorCode = errorCode
        self.invocationId = invocationId
    }

    enum CodingKeys: String, CodingKey {
        case extensionIdentifier = "ExtensionIdentifier", actionName = "ActionName", uri = "Uri"
        case roleArn = "RoleArn", errorMessage = "ErrorMessage", errorCode = "ErrorCode"
        case invocationId = "InvocationId"
    }
}

/// An extension that was applied to a deployment.
public struct AppliedExtension: Sendable, Hashable, Codable {
    public var extensionId: String?
    public var extensionAssociationId: String?
    public var versionNumber: Int?
    public var parameters: [String: String]?

    public init(extensionId: String? = nil, extensionAssociationId: String? = nil, versionNumber: Int? = nil,
                parameters: [String: String]? = nil) {
        self.extensionId = extensionId
        self.extensionAssociationId = extensionAssociationId
        self.versionNumber = versionNumber
        self.parameters = parameters
    }

    enum CodingKeys: String, CodingKey {
        case extensionId = "ExtensionId", extensionAssociationId = "ExtensionAssociationId"
        case versionNumber = "VersionNumber", parameters = "Parameters"
    }
}
