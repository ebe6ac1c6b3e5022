/// `Type` of a configuration profile.
public struct ProfileType: OpenStringEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let featureFlags = ProfileType(rawValue: "AWS.AppConfig.FeatureFlags")
    public static let freeform = ProfileType(rawValue: "AWS.Freeform")
}

public struct EnvironmentState: OpenStringEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let readyForDeployment = EnvironmentState(rawValue: "READY_FOR_DEPLOYMENT")
    public static let deploying = EnvironmentState(rawValue: "DEPLOYING")
    public static let rollingBack = EnvironmentState(rawValue: "ROLLING_BACK")
    public static let rolledBack = EnvironmentState(rawValue: "ROLLED_BACK")
    public static let reverted = EnvironmentState(rawValue: "REVERTED")
}

// Nested because FlagModel, which the scanner also imports, has its own
// `DeploymentState`, and the module name is shadowed by this struct:
// `AppConfigClient.DeploymentState` is the one way to name it from outside.
extension AppConfigClient {
    public struct DeploymentState: OpenStringEnum {
        public let rawValue: String
        public init(rawValue: String) { self.rawValue = rawValue }
        public static let baking = DeploymentState(rawValue: "BAKING")
        public static let validating = DeploymentState(rawValue: "VALIDATING")
        public static let deploying = DeploymentState(rawValue: "DEPLOYING")
        public static let complete = DeploymentState(rawValue: "COMPLETE")
        public static let rollingBack = DeploymentState(rawValue: "ROLLING_BACK")
        public static let rolledBack = DeploymentState(rawValue: "ROLLED_BACK")
        public static let reverted = DeploymentState(rawValue: "REVERTED")

        /// A deployment in one of these states never changes again, so it may be
        /// cached forever (DESIGN.md "immutable things are cached forever").
        public var isFinal: Bool { self == .complete || self == .rolledBack || self == .reverted }
    }
}

public struct GrowthType: OpenStringEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let linear = GrowthType(rawValue: "LINEAR")
    public static let exponential = GrowthType(rawValue: "EXPONENTIAL")
}

public struct ReplicateTo: OpenStringEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let none = ReplicateTo(rawValue: "NONE")
    public static let ssmDocument = ReplicateTo(rawValue: "SSM_DOCUMENT")
}

public struct ValidatorType: OpenStringEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let jsonSchema = ValidatorType(rawValue: "JSON_SCHEMA")
    public static let lambda = ValidatorType(rawValue: "LAMBDA")
}

public struct DeploymentEventType: OpenStringEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let percentageUpdated = DeploymentEventType(rawValue: "PERCENTAGE_UPDATED")
    public static let rollbackStarted = DeploymentEventType(rawValue: "ROLLBACK_STARTED")
    public static let rollbackCompleted = DeploymentEventType(rawValue: "ROLLBACK_COMPLETED")
    public static let bakeTimeStarted = DeploymentEventType(rawValue: "BAKE_TIME_STARTED")
    public static let deploymentStarted = DeploymentEventType(rawValue: "DEPLOYMENT_STARTED")
    public static let deploymentCompleted = DeploymentEventType(rawValue: "DEPLOYMENT_COMPLETED")
    public static let revertCompleted = DeploymentEventType(rawValue: "REVERT_COMPLETED")
}

public struct TriggeredBy: OpenStringEnum {
    public let rawValue: String
    public init(rawValue: String) { self.rawValue = rawValue }
    public static let user = TriggeredBy(rawValue: "USER")
    public static let appConfig = TriggeredBy(rawValue: "APPCONFIG")
    public static let cloudWatchAlarm = TriggeredBy(rawValue: "CLOUDWATCH_ALARM")
    public static let internalError = TriggeredBy(rawValue: "INTERNAL_ERROR")
}
