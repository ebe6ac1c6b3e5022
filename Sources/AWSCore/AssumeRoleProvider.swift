import Foundation

/// Credentials from STS AssumeRole, signed with the `base` credentials.
/// Wrap in `CachingCredentialProvider` (the chain does) to reuse them until expiry.
public struct AssumeRoleCredentialProvider: CredentialProvider {
    public let source: CredentialSource
    public let roleArn: String
    public let sessionName: String
    public let externalId: String?
    public let durationSeconds: Int?
    public let sts: STSClient

    public init(roleArn: String, sessionName: String? = nil, externalId: String? = nil, durationSeconds: Int? = nil,
                sts: STSClient, via: String) {
        self.roleArn = roleArn
        self.sessionName = sessionName ?? Self.defaultSessionName()
        self.externalId = externalId
        self.durationSeconds = durationSeconds
        self.sts = sts
        self.source = .assumeRole(roleArn: roleArn, via: via)
    }

    /// botocore uses `botocore-session-<epoch>`; ours says who assumed the role.
    static func defaultSessionName() -> String {
        "flagdeck-\(Int(Date().timeIntervalSince1970))"
    }

    public func credentials() async throws -> Credentials {
        do {
            return try await sts.assumeRole(roleArn: roleArn, sessionName: sessionName,
                                            externalId: externalId, durationSeconds: durationSeconds).credentials
        } catch let error as AWSError {
            throw CredentialsError("AssumeRole \(roleArn) failed: \(error)")
        }
    }
}
