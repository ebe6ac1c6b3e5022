extension AppConfigClient {
    /// ListEnvironments of one application, page by page.
    public func listEnvironments(applicationId: String, pageSize: Int? = nil) -> PageSequence<Environment> {
        pages("ListEnvironments", Path("applications", applicationId, "environments"),
              pageSize: pageSize, of: Environment.self)
    }

    public func allEnvironments(applicationId: String) async throws -> [Environment] {
        try await listEnvironments(applicationId: applicationId).collect()
    }

    public func getEnvironment(applicationId: String, environmentId: String) async throws -> Environment {
        try await json("GetEnvironment", "GET", Path("applications", applicationId, "environments", environmentId))
    }

    public func createEnvironment(applicationId: String, name: String, description: String? = nil,
                                  monitors: [Monitor]? = nil, tags: [String: String]? = nil) async throws -> Environment {
        struct Input: Encodable {
            var Name: String
            var Description: String?
            var Monitors: [Monitor]?
            var Tags: [String: String]?
        }
        return try await json("CreateEnvironment", "POST", Path("applications", applicationId, "environments"),
                              input: Input(Name: name, Description: description, Monitors: monitors, Tags: tags))
    }
}
