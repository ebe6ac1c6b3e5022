import AWSCore

extension AppConfigClient {
    /// ListDeployments of one environment, newest first, page by page.
    public func listDeployments(applicationId: String, environmentId: String,
                                pageSize: Int? = nil) -> PageSequence<DeploymentSummary> {
        pages("ListDeployments", deploymentsPath(applicationId, environmentId),
              pageSize: pageSize, of: DeploymentSummary.self)
    }

    public func allDeployments(applicationId: String, environmentId: String) async throws -> [DeploymentSummary] {
        try await listDeployments(applicationId: applicationId, environmentId: environmentId).collect()
    }

    /// GetDeployment, with its EventLog and the profile it deployed.
    public func getDeployment(applicationId: String, environmentId: String,
                              deploymentNumber: Int) async throws -> Deployment {
        try await json("GetDeployment", "GET",
                       deploymentsPath(applicationId, environmentId).appending(String(deploymentNumber)))
    }

    /// StartDeployment. `configurationVersion` is the hosted version number as a string
    /// (the API's type). Fails with `AppConfigError.conflict` while another deployment
    /// runs in the environment.
    public func startDeployment(
        applicationId: String, environmentId: String, profileId: String, configurationVersion: String,
        strategyId: String = DeploymentStrategy.allAtOnceId, description: String? = nil,
        tags: [String: String]? = nil, kmsKeyIdentifier: String? = nil,
        dynamicExtensionParameters: [String: String]? = nil
    ) async throws -> Deployment {
        struct Input: Encodable {
            var DeploymentStrategyId: String
            var ConfigurationProfileId: String
            var ConfigurationVersion: String
            var Description: String?
            var Tags: [String: String]?
            var KmsKeyIdentifier: String?
            var DynamicExtensionParameters: [String: String]?
        }
        return try await json(
            "StartDeployment", "POST", deploymentsPath(applicationId, environmentId),
            input: Input(DeploymentStrategyId: strategyId, ConfigurationProfileId: profileId,
                         ConfigurationVersion: configurationVersion, Description: description, Tags: tags,
                         KmsKeyIdentifier: kmsKeyIdentifier, DynamicExtensionParameters: dynamicExtensionParameters))
    }

    /// StopDeployment. Without `allowRevert` only a running deployment can be
    /// stopped (→ ROLLED_BACK); with it a COMPLETE one within 72 h is reverted
    /// (→ REVERTED). nil sends no header, as botocore does when the member is unset.
    public func stopDeployment(applicationId: String, environmentId: String, deploymentNumber: Int,
                               allowRevert: Bool? = nil) async throws -> Deployment {
        let headers = allowRevert.map { [HTTPHeader("Allow-Revert", $0 ? "true" : "false")] } ?? []
        return try await json("StopDeployment", "DELETE",
                              deploymentsPath(applicationId, environmentId).appending(String(deploymentNumber)),
                              headers: headers)
    }

    private func deploymentsPath(_ applicationId: String, _ environmentId: String) -> Path {
        Path("applications", applicationId, "environments", environmentId, "deployments")
    }
}
