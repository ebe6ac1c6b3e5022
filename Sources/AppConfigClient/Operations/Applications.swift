extension AppConfigClient {
    /// ListApplications, page by page.
    public func listApplications(pageSize: Int? = nil) -> PageSequence<Application> {
        pages("ListApplications", Path("applications"), pageSize: pageSize, of: Application.self)
    }

    public func allApplications() async throws -> [Application] {
        try await listApplications().collect()
    }

    public func getApplication(id: String) async throws -> Application {
        try await json("GetApplication", "GET", Path("applications", id))
    }

    public func createApplication(name: String, description: String? = nil,
                                  tags: [String: String]? = nil) async throws -> Application {
        struct Input: Encodable {
            var Name: String
            var Description: String?
            var Tags: [String: String]?
        }
        return try await json("CreateApplication", "POST", Path("applications"),
                              input: Input(Name: name, Description: description, Tags: tags))
    }
}
