import Foundation

/// `HostedConfigurationVersionSummary` shape (list items; no content).
public struct HostedConfigurationVersionSummary: Sendable, Hashable, Codable {
    public var applicationId: String
    public var configurationProfileId: String
    public var versionNumber: Int
    public var description: String?
    public var contentType: String?
    public var versionLabel: String?
    public var kmsKeyArn: String?

    public init(applicationId: String, configurationProfileId: String, versionNumber: Int, description: String? = nil,
                contentType: String? = nil, versionLabel: String? = nil, kmsKeyArn: String? = nil) {
        self.applicationId = applicationId
        self.configurationProfileId = configurationProfileId
        self.versionNumber = versionNumber
        self.description = description
        self.contentType = contentType
        self.versionLabel = versionLabel
        self.kmsKeyArn = kmsKeyArn
    }

    enum CodingKeys: String, CodingKey {
        case applicationId = "ApplicationId", configurationProfileId = "ConfigurationProfileId"
        case versionNumber = "VersionNumber", description = "Description", contentType = "ContentType"
        case versionLabel = "VersionLabel", kmsKeyArn = "KmsKeyArn"
    }
}

/// `HostedConfigurationVersion` shape: the body is the document itself and
/// everything else arrives in response headers (`payload: Content`).
public struct HostedConfigurationVersion: Sendable, Hashable {
    public var applicationId: String
    public var configurationProfileId: String
    public var versionNumber: Int
    public var description: String?
    public var contentType: String?
    public var versionLabel: String?
    public var kmsKeyArn: String?
    public var content: Data

    public init(applicationId: String, configurationProfileId: String, versionNumber: Int, description: String? = nil,
                contentType: String? = nil, versionLabel: String? = nil, kmsKeyArn: String? = nil, content: Data) {
        self.applicationId = applicationId
        self.configurationProfileId = configurationProfileId
        self.versionNumber = versionNumber
        self.description = description
        self.contentType = contentType
        self.versionLabel = versionLabel
        self.kmsKeyArn = kmsKeyArn
        self.content = content
    }

    public var summary: HostedConfigurationVersionSummary {
        HostedConfigurationVersionSummary(
            applicationId: applicationId, configurationProfileId: configurationProfileId, versionNumber: versionNumber,
            description: description, contentType: contentType, versionLabel: versionLabel, kmsKeyArn: kmsKeyArn)
    }
}
