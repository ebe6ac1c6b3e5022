import Foundation

/// `AWS_ACCESS_KEY_ID` / `AWS_SECRET_ACCESS_KEY` / `AWS_SESSION_TOKEN`.
public struct EnvironmentCredentialProvider: CredentialProvider {
    public let source: CredentialSource = .environment
    public let environment: [String: String]

    public init(environment: [String: String] = ProcessInfo.processInfo.environment) {
        self.environment = environment
    }

    /// nil when no key is set at all; an error when only half of the pair is.
    public static func load(_ env: [String: String]) throws -> Credentials? {
        let akid = env["AWS_ACCESS_KEY_ID"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = env["AWS_SECRET_ACCESS_KEY"].flatMap { $0.isEmpty ? nil : $0 }
        switch (akid, secret) {
        case (nil, nil): return nil
        case (nil, _): throw CredentialsError("AWS_SECRET_ACCESS_KEY is set but AWS_ACCESS_KEY_ID is not")
        case (_, nil): throw CredentialsError("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not")
        case let (a?, s?):
            let token = env["AWS_SESSION_TOKEN"].flatMap { $0.isEmpty ? nil : $0 } ?? env["AWS_SECURITY_TOKEN"]
            var expiration: Date? = nil
            if let raw = env["AWS_CREDENTIAL_EXPIRATION"], !raw.isEmpty {
                guard let d = ISO8601.parse(raw) else {
                    throw CredentialsError("AWS_CREDENTIAL_EXPIRATION is not an ISO-8601 time")
                }
                expiration = d
            }
            return Credentials(accessKeyId: a, secretAccessKey: s, sessionToken: token, expiration: expiration)
        }
    }

    public func credentials() async throws -> Credentials {
        guard let c = try Self.load(environment) else {
            throw CredentialsError("AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are not set")
        }
        return c
    }
}
