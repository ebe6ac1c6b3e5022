import AWSCore

extension AppConfigClient {
    /// ListConfigurationProfiles of one application, page by page. flagdeck
    /// reads only feature-flag profiles, so that is the default filter; pass
    /// nil for every type.
    public func listConfigurationProfiles(applicationId: String, type: ProfileType? = .featureFlags,
                                          pageSize: Int? = nil) -> PageSequence<ConfigurationProfileSummary> {
        pages("ListConfigurationProfiles", Path("applications", applicationId, "configurationprofiles"),
              query: type.map { [QueryItem("type", $0.rawValue)] } ?? [],
              pageSize: pageSize, of: ConfigurationProfileSummary.self)
    }

    public func allConfigurationProfiles(applicationId: String,
                                         type: ProfileType? = .featureFlags) async throws -> [ConfigurationProfileSummary] {
        try await listConfigurationProfiles(applicationId: applicationId, type: type).collect()
    }

    public func getConfigurationProfile(applicationId: String, profileId: String) async throws -> ConfigurationProfile {
        try await json("GetConfigurationProfile", "GET",
                       Path("applications", applicationId, "configurationprofiles", profileId))
    }

    /// CreateConfigurationProfile. Feature-flag profiles are hosted, hence the defaults.
    public func createConfigurationProfile(
        applicationId: String, name: String, type: ProfileType? = .featureFlags, locationUri: String = "hosted",
        description: String? = nil, validators: [Validator]? = nil, retrievalRoleArn: String? = nil,
        kmsKeyIdentifier: String? = nil, tags: [String: String]? = nil
    ) async throws -> ConfigurationProfile {
        struct Input: Encodable {
            var Name: String
            var LocationUri: String
            var `Type`: String?
            var Description: String?
            var Validators: [Validator]?
            var RetrievalRoleArn: String?
            var KmsKeyIdentifier: String?
            var Tags: [String: String]?
        }
        return try await json(
            "CreateConfigurationProfile", "POST", Path("applications", applicationId, "configurationprofiles"),
            input: Input(Name: name, LocationUri: locationUri, Type: type?.rawValue, Description: description,
                         Validators: validators, RetrievalRoleArn: retrievalRoleArn,
                         KmsKeyIdentifier: kmsKeyIdentifier, Tags: tags))
    }
}
