extension AppConfigClient {
    /// ListDeploymentStrategies (the predefined `AppConfig.*` ones included), page by page.
    public func listDeploymentStrategies(pageSize: Int? = nil) -> PageSequence<DeploymentStrategy> {
        pages("ListDeploymentStrategies", Path("deploymentstrategies"), pageSize: pageSize, of: DeploymentStrategy.self)
    }

    public func allDeploymentStrategies() async throws -> [DeploymentStrategy] {
        try await listDeploymentStrategies().collect()
    }

    public func getDeploymentStrategy(id: String) async throws -> DeploymentStrategy {
        try await json("GetDeploymentStrategy", "GET", Path("deploymentstrategies", id))
    }

    public func createDeploymentStrategy(
        name: String, deploymentDurationInMinutes: Int, growthFactor: Double, growthType: GrowthType? = nil,
        finalBakeTimeInMinutes: Int? = nil, description: String? = nil, replicateTo: ReplicateTo? = nil,
        tags: [String: String]? = nil
    ) async throws -> DeploymentStrategy {
        struct Input: Encodable {
            var Name: String
            var DeploymentDurationInMinutes: Int
            var GrowthFactor: Double
            var GrowthType: GrowthType?
            var FinalBakeTimeInMinutes: Int?
            var Description: String?
            var ReplicateTo: ReplicateTo?
            var Tags: [String: String]?
        }
        return try await json(
            "CreateDeploymentStrategy", "POST", Path("deploymentstrategies"),
            input: Input(Name: name, DeploymentDurationInMinutes: deploymentDurationInMinutes,
                         GrowthFactor: growthFactor, GrowthType: growthType,
                         FinalBakeTimeInMinutes: finalBakeTimeInMinutes, Description: description,
                         ReplicateTo: replicateTo, Tags: tags))
    }
}
