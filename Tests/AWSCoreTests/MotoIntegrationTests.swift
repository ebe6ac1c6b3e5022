import Foundation
import Testing
@testable import AWSCore

/// Runs against a real moto server with IAM auth on; started by
/// `integration/test_awscore_moto.py`, which sets these variables.
enum MotoEnv {
    static let env = ProcessInfo.processInfo.environment
    static var url: String? { env["FLAGDECK_MOTO_URL"] }
    static var accessKeyId: String { env["FLAGDECK_MOTO_ACCESS_KEY_ID"] ?? "" }
    static var secretAccessKey: String { env["FLAGDECK_MOTO_SECRET_ACCESS_KEY"] ?? "" }
    static var account: String { env["FLAGDECK_MOTO_ACCOUNT"] ?? "123456789012" }
    static var roleArn: String { env["FLAGDECK_MOTO_ROLE_ARN"] ?? "" }
    static var otherAccount: String { env["FLAGDECK_MOTO_OTHER_ACCOUNT"] ?? "" }
    static let region = "us-east-1"

    /// Nothing from the developer's own AWS setup may leak in.
    static func isolatedEnvironment(withKeys: Bool) -> [String: String] {
        var e = ["HOME": "/nonexistent-flagdeck-home", "AWS_CONFIG_FILE": "/nonexistent/config",
                 "AWS_SHARED_CREDENTIALS_FILE": "/nonexistent/credentials"]
        if withKeys {
            e["AWS_ACCESS_KEY_ID"] = accessKeyId
            e["AWS_SECRET_ACCESS_KEY"] = secretAccessKey
        }
        return e
    }
}

@Suite(.enabled(if: MotoEnv.url != nil, "set FLAGDECK_MOTO_URL (run integration/test_awscore_moto.py)"), .serialized)
struct MotoIntegration {
    func client(_ transport: AsyncHTTPTransport, secret: String? = nil, readOnly: Bool = false) -> AWSClient {
        let creds = Credentials(accessKeyId: MotoEnv.accessKeyId, secretAccessKey: secret ?? MotoEnv.secretAccessKey)
        return AWSClient(credentials: StaticCredentialProvider(creds), transport: transport,
                         endpoints: EndpointResolver(environment: [:]), endpointOverride: MotoEnv.url,
                         readOnly: readOnly)
    }

    func createApplication(_ c: AWSClient, name: String) async throws -> String {
        let r = try await c.send(service: "appconfig", region: MotoEnv.region, method: "POST", path: "/applications",
                                 headers: [HTTPHeader("Content-Type", "application/json")],
                                 body: Array(#"{"Name":"\#(name)","Description":"café flags"}"#.utf8))
        let json = try #require(try JSONSerialization.jsonObject(with: Data(r.body)) as? [String: Any])
        return try #require(json["Id"] as? String)
    }

    @Test func userKeysSignPostAndGet() async throws {
        try await AsyncHTTPTransport.with { transport in
            let c = client(transport)
            // POST, query protocol.
            let id = try await c.sts(region: MotoEnv.region).getCallerIdentity()
            #expect(id.account == MotoEnv.account)
            #expect(id.arn.hasSuffix(":user/flagdeck-reader"))

            // POST with a JSON body, then GETs with a path label and a query with
            // characters that need encoding.
            let appId = try await createApplication(c, name: "flagdeck demo app")
            let got = try await c.send(service: "appconfig", region: MotoEnv.region, method: "GET",
                                       path: "/applications/" + PercentEncoding.encodePathSegment(appId))
            let app = try JSONSerialization.jsonObject(with: Data(got.body)) as? [String: Any]
            #expect(app?["Name"] as? String == "flagdeck demo app")
            let profiles = try await c.send(
                service: "appconfig", region: MotoEnv.region, method: "GET",
                path: "/applications/\(appId)/configurationprofiles",
                query: [QueryItem("max_results", "50"), QueryItem("type", "AWS.AppConfig.FeatureFlags")])
            #expect(profiles.status == 200)
            // No /tags/{arn} call and no `+/= ` in query values: moto verifies
            // signatures against the *decoded* path and query, unlike AWS, so
            // it rejects correct signatures there. The botocore vectors cover those.
            do {
                _ = try await c.send(service: "appconfig", region: MotoEnv.region, method: "GET",
                                     path: "/applications/\(appId)/configurationprofiles",
                                     query: [QueryItem("max_results", "1"), QueryItem("next_token", "token-1")])
            } catch let e as AWSError {
                // moto may reject a made-up token, but never the signature.
                #expect(!e.isAuthFailure, "\(e)")
            }
        }
    }

    @Test func wrongSecretGivesSignatureDoesNotMatch() async throws {
        try await AsyncHTTPTransport.with { transport in
            let c = client(transport, secret: "wrong-secret-for-the-test")
            do {
                _ = try await c.sts(region: MotoEnv.region).getCallerIdentity()
                Issue.record("expected SignatureDoesNotMatch")
            } catch let e as AWSError {
                #expect(e.code == "SignatureDoesNotMatch")
                #expect(e.statusCode == 403)
                #expect(e.isAuthFailure)
                #expect(!e.isRetryable)
                #expect(e.description.hasPrefix("SignatureDoesNotMatch: "))
            }
            do {
                _ = try await c.send(service: "appconfig", region: MotoEnv.region, method: "GET", path: "/applications/abc1234")
                Issue.record("expected SignatureDoesNotMatch")
            } catch let e as AWSError {
                #expect(e.code == "SignatureDoesNotMatch")
            }
        }
    }

    @Test func assumeRoleIntoOtherAccount() async throws {
        try await AsyncHTTPTransport.with { transport in
            let access = AccountAccess(roleArn: MotoEnv.roleArn, externalId: "flagdeck-ext",
                                       roleSessionName: "flagdeck-moto", endpoint: MotoEnv.url, stsRegion: MotoEnv.region)
            let env = MotoEnv.isolatedEnvironment(withKeys: true)
            let writer = try AWSClient.forAccount(access, readOnly: false, transport: transport, environment: env)
            #expect(writer.credentials.source.description == "assume-role \(MotoEnv.roleArn) via environment")
            let creds = try await writer.credentials.credentials()
            #expect(creds.sessionToken != nil)
            #expect(creds.expiration != nil)
            let id = try await writer.sts(region: MotoEnv.region).getCallerIdentity()
            #expect(id.account == MotoEnv.otherAccount)
            #expect(id.arn.contains("assumed-role/FlagDeckReader/flagdeck-moto"))
            // Session credentials sign AppConfig calls too (x-amz-security-token),
            // and what they create lives in the other account.
            let appId = try await createApplication(writer, name: "other account app")
            let profiles = try await writer.send(service: "appconfig", region: MotoEnv.region, method: "GET",
                                                 path: "/applications/\(appId)/configurationprofiles")
            #expect(profiles.status == 200)

            // The read-only client refuses to write; the read goes through.
            let reader = try AWSClient.forAccount(access, readOnly: true, transport: transport, environment: env)
            let got = try await reader.send(service: "appconfig", region: MotoEnv.region, method: "GET",
                                            path: "/applications/\(appId)")
            #expect(got.status == 200)
            await #expect(throws: ReadOnlyViolation.self) {
                try await reader.send(service: "appconfig", region: MotoEnv.region, method: "POST", path: "/applications",
                                      headers: [HTTPHeader("Content-Type", "application/json")], body: Array(#"{"Name":"x"}"#.utf8))
            }
        }
    }
}
