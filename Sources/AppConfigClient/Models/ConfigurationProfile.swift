/// `ConfigurationProfileSummary` shape (ListConfigurationProfiles items).
public struct ConfigurationProfileSummary: Sendable, Hashable, Codable {
    public var applicationId: String
    public var id: String
    public var name: String
    public var locationUri: String?
    public var validatorTypes: [ValidatorType]
    public var type: ProfileType?

    public init(applicationId: String, id: String, name: String, locationUri: String? = nil,
                validatorTypes: [ValidatorType] = [], type: ProfileType? = nil) {
        self.applicationId = applicationId
        self.id = id
        self.name = name
        self.locationUri = locationUri
        self.validatorTypes = validatorTypes
        self.type = type
    }

    enum CodingKeys: String, CodingKey {
        case applicationId = "ApplicationId", id = "Id", name = "Name", locationUri = "LocationUri"
        case validatorTypes = "ValidatorTypes", type = "Type"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        applicationId = try c.decode(String.self, forKey: .applicationId)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        locationUri = try c.decodeIfPresent(String.self, forKey: .locationUri)
        validatorTypes = try c.decodeIfPresent([ValidatorType].self, forKey: .validatorTypes) ?? []
        type = try c.decodeIfPresent(ProfileType.self, forKey: .type)
    }
}

/// `ConfigurationProfile` shape (Get/Create).
public struct ConfigurationProfile: Sendable, Hashable, Codable {
    public var applicationId: String
    public var id: String
    public var name: String
    public var description: String?
    public var locationUri: String?
    public var retrievalRoleArn: String?
    public var validators: [Validator]
    public var type: ProfileType?
    public var kmsKeyArn: String?
    public var kmsKeyIdentifier: String?

    public init(applicationId: String, id: String, name: String, description: String? = nil,
                locationUri: String? = nil, retrievalRoleArn: String? = nil, validators: [Validator] = [],
                type: ProfileType? = nil, kmsKeyArn: String? = nil, kmsKeyIdentifier: String? = nil) {
        self.applicationId = applicationId
        self.id = id
        self.name = name
        self.description = description
        self.locationUri = locationUri
        self.retrievalRoleArn = retrievalRoleArn
        self.validators = validators
        self.type = type
        self.kmsKeyArn = kmsKeyArn
        self.kmsKeyIdentifier = kmsKeyIdentifier
    }

    enum CodingKeys: String, CodingKey {
        case applicationId = "ApplicationId", id = "Id", name = "Name", description = "Description"
        case locationUri = "LocationUri", retrievalRoleArn = "RetrievalRoleArn", validators = "Validators"
        case type = "Type", kmsKeyArn = "KmsKeyArn", kmsKeyIdentifier = "KmsKeyIdentifier"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        applicationId = try c.decode(String.self, forKey: .applicationId)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        locationUri = try c.decodeIfPresent(String.self, forKey: .locationUri)
        retrievalRoleArn = try c.decodeIfPresent(String.self, forKey: .retrievalRoleArn)
        validators = try c.decodeIfPresent([Validator].self, forKey: .validators) ?? []
        type = try c.decodeIfPresent(ProfileType.self, forKey: .type)
        kmsKeyArn = try c.decodeIfPresent(String.self, forKey: .kmsKeyArn)
        kmsKeyIdentifier = try c.decodeIfPresent(String.self, forKey: .kmsKeyIdentifier)
    }
}

/// A JSON Schema or Lambda validator of a profile.
public struct Validator: Sendable, Hashable, Codable {
    public var type: ValidatorType
    /// The schema text or Lambda ARN. Sensitive in the model: never logged.
    public var content: String

    public init(type: ValidatorType, content: String) {
        self.type = type
        self.content = content
    }

    enum CodingKeys: String, CodingKey {
        case type = "Type", content = "Content"
    }
}
