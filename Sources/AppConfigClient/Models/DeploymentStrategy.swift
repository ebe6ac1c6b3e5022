/// `DeploymentStrategy` shape. Predefined strategies have ids like `AppConfig.AllAtOnce`.
public struct DeploymentStrategy: Sendable, Hashable, Codable {
    public var id: String
    public var name: String?
    public var description: String?
    public var deploymentDurationInMinutes: Int?
    public var growthType: GrowthType?
    public var growthFactor: Double?
    public var finalBakeTimeInMinutes: Int?
    public var replicateTo: ReplicateTo?

    public init(id: String, name: String? = nil, description: String? = nil, deploymentDurationInMinutes: Int? = nil,
                growthType: GrowthType? = nil, growthFactor: Double? = nil, finalBakeTimeInMinutes: Int? = nil,
                replicateTo: ReplicateTo? = nil) {
        self.id = id
        self.name = name
        self.description = description
        self.deploymentDurationInMinutes = deploymentDurationInMinutes
        self.growthType = growthType
        self.growthFactor = growthFactor
        self.finalBakeTimeInMinutes = finalBakeTimeInMinutes
        self.replicateTo = replicateTo
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id", name = "Name", description = "Description"
        case deploymentDurationInMinutes = "DeploymentDurationInMinutes", growthType = "GrowthType"
        case growthFactor = "GrowthFactor", finalBakeTimeInMinutes = "FinalBakeTimeInMinutes"
        case replicateTo = "ReplicateTo"
    }

    /// The four strategies AppConfig predefines in every account and region.
    public static let allAtOnceId = "AppConfig.AllAtOnce"
    public static let linear50PercentEvery30SecondsId = "AppConfig.Linear50PercentEvery30Seconds"
    public static let canary10Percent20MinutesId = "AppConfig.Canary10Percent20Minutes"
    public static let linear20PercentEvery6MinutesId = "AppConfig.Linear20PercentEvery6Minutes"
}
