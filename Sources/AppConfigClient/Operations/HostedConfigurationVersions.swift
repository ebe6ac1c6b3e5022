import AWSCore
import Foundation

extension AppConfigClient {
    /// ListHostedConfigurationVersions of one profile, page by page.
    /// `versionLabel` is an exact label or a prefix ending in `*` (e.g. `v2*`).
    public func listHostedConfigurationVersions(
        applicationId: String, profileId: String, versionLabel: String? = nil, pageSize: Int? = nil
    ) -> PageSequence<HostedConfigurationVersionSummary> {
        pages("ListHostedConfigurationVersions", hostedVersionsPath(applicationId, profileId),
              query: versionLabel.map { [QueryItem("version_label", $0)] } ?? [],
              pageSize: pageSize, of: HostedConfigurationVersionSummary.self)
    }

    public func allHostedConfigurationVersions(
        applicationId: String, profileId: String, versionLabel: String? = nil
    ) async throws -> [HostedConfigurationVersionSummary] {
        try await listHostedConfigurationVersions(applicationId: applicationId, profileId: profileId,
                                                  versionLabel: versionLabel).collect()
    }

    /// GetHostedConfigurationVersion: the document bytes, with the metadata from the response headers.
    public func getHostedConfigurationVersion(applicationId: String, profileId: String,
                                              versionNumber: Int) async throws -> HostedConfigurationVersion {
        let response = try await send("GetHostedConfigurationVersion", "GET",
                                      hostedVersionsPath(applicationId, profileId).appending(String(versionNumber)))
        return try hostedVersion("GetHostedConfigurationVersion", response, applicationId: applicationId,
                                 profileId: profileId, versionNumber: versionNumber)
    }

    /// CreateHostedConfigurationVersion. Pass the version you edited as
    /// `latestVersionNumber` so that a concurrent edit makes this fail with
    /// `AppConfigError.conflict` instead of silently overwriting it.
    public func createHostedConfigurationVersion(
        applicationId: String, profileId: String, content: Data, contentType: String = "application/json",
        description: String? = nil, versionLabel: String? = nil, latestVersionNumber: Int? = nil
    ) async throws -> HostedConfigurationVersion {
        try checkHeaderValue(contentType, name: "Content-Type")
        var headers = [HTTPHeader("Content-Type", contentType)]
        if let description {
            try checkHeaderValue(description, name: "Description")
            headers.append(HTTPHeader("Description", description))
        }
        if let versionLabel {
            try checkHeaderValue(versionLabel, name: "VersionLabel")
            headers.append(HTTPHeader("VersionLabel", versionLabel))
        }
        if let latestVersionNumber {
            headers.append(HTTPHeader("Latest-Version-Number", String(latestVersionNumber)))
        }
        let response = try await send("CreateHostedConfigurationVersion", "POST",
                                      hostedVersionsPath(applicationId, profileId),
                                      headers: headers, body: Array(content))
        return try hostedVersion("CreateHostedConfigurationVersion", response, applicationId: applicationId,
                                 profileId: profileId, versionNumber: nil)
    }

    private func hostedVersionsPath(_ applicationId: String, _ profileId: String) -> Path {
        Path("applications", applicationId, "configurationprofiles", profileId, "hostedconfigurationversions")
    }

    /// `payload: Content` layout: body = document, members = headers.
    private func hostedVersion(_ operation: String, _ response: HTTPResponse, applicationId: String,
                               profileId: String, versionNumber: Int?) throws -> HostedConfigurationVersion {
        let h = response.headers
        guard let number = h.first(named: "Version-Number").flatMap({ Int($0.trimmingCharacters(in: .whitespaces)) })
            ?? versionNumber
        else {
            throw AppConfigError.invalidResponse(operation: operation, message: "no Version-Number header")
        }
        return HostedConfigurationVersion(
            applicationId: h.first(named: "Application-Id") ?? applicationId,
            configurationProfileId: h.first(named: "Configuration-Profile-Id") ?? profileId,
            versionNumber: number,
            description: h.first(named: "Description"),
            contentType: h.first(named: "Content-Type"),
            versionLabel: h.first(named: "VersionLabel"),
            kmsKeyArn: h.first(named: "KmsKeyArn"),
            content: Data(response.body))
    }
}
