import Foundation
import Testing
@testable import AWSCore

@Suite struct CredentialChainTests {
    func chain(config: String = "", credentials: String = "", env: [String: String] = [:],
               transport: RecordingTransport = RecordingTransport()) throws -> CredentialChain {
        let shared = SharedConfig.build(config: try SharedConfigFile.parse(config, path: "config"),
                                        credentials: try SharedConfigFile.parse(credentials, path: "credentials"),
                                        configPath: "config", credentialsPath: "credentials")
        return CredentialChain(environment: env, config: shared, transport: transport, clock: FakeClock())
    }

    let envKeys = ["AWS_ACCESS_KEY_ID": "AKIAFLAGDECKTEST0009", "AWS_SECRET_ACCESS_KEY": "fake-env-secret",
                   "AWS_SESSION_TOKEN": "fake-token"]

    @Test func environmentWinsWithoutExplicitProfile() async throws {
        let c = try chain(credentials: "[default]\naws_access_key_id = AKIAFLAGDECKTEST0001\naws_secret_access_key = s\n",
                          env: envKeys.merging(["AWS_PROFILE": "default"]) { a, _ in a })
        let p = try c.provider(profile: nil)
        #expect(p.source == .environment)
        #expect(try await p.credentials().sessionToken == "fake-token")
        // An explicit profile (flagdeck account config) beats environment keys.
        let explicit = try c.provider(profile: "default")
        #expect(explicit.source.description == "profile default (shared credentials file)")
    }

    @Test func partialEnvironmentIsAnError() throws {
        let c = try chain(env: ["AWS_ACCESS_KEY_ID": "AKIAFLAGDECKTEST0009"])
        #expect(throws: CredentialsError.self) { try c.provider(profile: nil) }
    }

    @Test func awsProfileSelectsProfile() async throws {
        let c = try chain(config: "[profile ops]\naws_access_key_id = AKIAFLAGDECKTEST0004\naws_secret_access_key = s\n",
                          env: ["AWS_PROFILE": "ops"])
        let p = try c.provider(profile: nil)
        #expect(p.source == .configFile(profile: "ops"))
        #expect(try await p.credentials().accessKeyId == "AKIAFLAGDECKTEST0004")
    }

    @Test func missingProfileAndNoCredentials() throws {
        let c = try chain(config: "[profile a]\nregion = us-east-1\n")
        #expect(throws: CredentialsError("profile nope not found in config or credentials")) {
            try c.provider(profile: "nope")
        }
        #expect(throws: CredentialsError.self) { try c.provider(profile: nil) }
        do {
            _ = try c.provider(profile: "a")
            Issue.record("expected an error")
        } catch let e as CredentialsError {
            #expect(e.message.contains("profile a has no credentials"))
        }
    }

    @Test func missingSourceProfile() throws {
        let c = try chain(config: "[profile r]\nrole_arn = arn:aws:iam::111111111111:role/R\nsource_profile = ghost\n")
        #expect(throws: CredentialsError("profile r names source_profile ghost, which does not exist")) {
            try c.provider(profile: "r")
        }
    }

    @Test func sourceProfileCycleNamesTheChain() throws {
        let c = try chain(config: """
        [profile a]
        role_arn = arn:aws:iam::111111111111:role/A
        source_profile = b
        [profile b]
        role_arn = arn:aws:iam::222222222222:role/B
        source_profile = c
        [profile c]
        role_arn = arn:aws:iam::333333333333:role/C
        source_profile = a
        """)
        #expect(throws: CredentialsError("source_profile cycle: a -> b -> c -> a")) { try c.provider(profile: "a") }
    }

    @Test func roleChainSignsWithSourceAndPassesParameters() async throws {
        let xml = """
        <AssumeRoleResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <AssumeRoleResult>
            <Credentials>
              <AccessKeyId>ASIAFLAGDECKTEST0005</AccessKeyId>
              <SecretAccessKey>fake-assumed-secret</SecretAccessKey>
              <SessionToken>fake-session-token</SessionToken>
              <Expiration>2026-11-21T22:01:42Z</Expiration>
            </Credentials>
            <AssumedRoleUser><AssumedRoleId>AROA:s</AssumedRoleId><Arn>arn:aws:sts::111111111111:assumed-role/R/s</Arn></AssumedRoleUser>
          </AssumeRoleResult>
          <ResponseMetadata><RequestId>req-1</RequestId></ResponseMetadata>
        </AssumeRoleResponse>
        """
        let transport = RecordingTransport([jsonResponse(200, xml)])
        let c = try chain(config: """
        [profile base]
        region = eu-west-1
        [profile r]
        role_arn = arn:aws:iam::111111111111:role/Reader
        source_profile = base
        external_id = ext-42
        role_session_name = flagdeck-test
        duration_seconds = 1800
        region = eu-west-1
        """, credentials: "[base]\naws_access_key_id = AKIAFLAGDECKTEST0001\naws_secret_access_key = s\n",
            transport: transport)
        let p = try c.provider(profile: "r")
        #expect(p.source.description == "assume-role arn:aws:iam::111111111111:role/Reader via profile base")
        let creds = try await p.credentials()
        #expect(creds.accessKeyId == "ASIAFLAGDECKTEST0005")
        #expect(creds.sessionToken == "fake-session-token")
        #expect(creds.expiration == ISO8601.parse("2026-11-21T22:01:42Z"))
        let sent = try #require(transport.requests.first)
        #expect(sent.url == "https://sts.eu-west-1.amazonaws.com/")
        let body = String(decoding: sent.body, as: UTF8.self)
        #expect(body == "Action=AssumeRole&Version=2011-06-15&RoleArn=arn%3Aaws%3Aiam%3A%3A111111111111%3Arole%2FReader"
            + "&RoleSessionName=flagdeck-test&DurationSeconds=1800&ExternalId=ext-42")
        #expect(sent.headers.first(named: "authorization")?.contains("Credential=AKIAFLAGDECKTEST0001/") == true)
        // Cached: a second call makes no request.
        _ = try await p.credentials()
        #expect(transport.requests.count == 1)
    }

    @Test func credentialSourceEnvironmentAndConflicts() throws {
        let c = try chain(config: """
        [profile e]
        role_arn = arn:aws:iam::111111111111:role/R
        credential_source = Environment
        [profile both]
        role_arn = arn:aws:iam::111111111111:role/R
        credential_source = Environment
        source_profile = e
        [profile imds]
        role_arn = arn:aws:iam::111111111111:role/R
        credential_source = Ec2InstanceMetadata
        """, env: envKeys)
        #expect(try c.provider(profile: "e").source.description == "assume-role arn:aws:iam::111111111111:role/R via environment")
        #expect(throws: CredentialsError.self) { try c.provider(profile: "both") }
        #expect(throws: CredentialsError.self) { try c.provider(profile: "imds") }
        let noEnv = try chain(config: "[profile e]\nrole_arn = arn:aws:iam::1:role/R\ncredential_source = Environment\n")
        #expect(throws: CredentialsError.self) { try noEnv.provider(profile: "e") }
    }

    @Test func explicitRoleArnOnTopOfProfile() throws {
        let c = try chain(credentials: "[p]\naws_access_key_id = AKIAFLAGDECKTEST0001\naws_secret_access_key = s\n")
        let p = try c.provider(profile: "p", roleArn: "arn:aws:iam::444444444444:role/FlagDeckReader")
        #expect(p.source.description == "assume-role arn:aws:iam::444444444444:role/FlagDeckReader via profile p")
    }

    @Test func ssoMissingTokenTellsUserToLogIn() async throws {
        let dir = try TempDir()
        let c = try chain(config: """
        [profile sso-dev]
        sso_session = corp
        sso_account_id = 111111111111
        sso_role_name = ReadOnly
        [sso-session corp]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = eu-central-1
        """, env: ["HOME": dir.path])
        let p = try c.provider(profile: "sso-dev")
        #expect(p.source.description == "sso (profile sso-dev)")
        do {
            _ = try await p.credentials()
            Issue.record("expected an error")
        } catch let e as CredentialsError {
            #expect(e.message.contains("aws sso login --profile sso-dev"))
        }
    }

    @Test func ssoUsesCachedTokenAndPortal() async throws {
        let dir = try TempDir()
        let key = SSOCredentialProvider.cacheKey(sessionName: nil, startURL: "https://legacy.awsapps.com/start")
        try dir.write(".aws/sso/cache/\(key).json",
                      #"{"accessToken": "fake-bearer", "expiresAt": "2099-01-01T00:00:00Z", "region": "us-east-1"}"#)
        let transport = RecordingTransport([jsonResponse(200, """
        {"roleCredentials": {"accessKeyId": "ASIAFLAGDECKTEST0006", "secretAccessKey": "fake", "sessionToken": "tok", "expiration": 1795003600000}}
        """)])
        let c = try chain(config: """
        [profile legacy]
        sso_start_url = https://legacy.awsapps.com/start
        sso_region = us-east-1
        sso_account_id = 222222222222
        sso_role_name = Admin Role
        """, env: ["HOME": dir.path], transport: transport)
        let creds = try await c.provider(profile: "legacy").credentials()
        #expect(creds.accessKeyId == "ASIAFLAGDECKTEST0006")
        #expect(creds.expiration == Date(timeIntervalSince1970: 1_795_003_600))
        let sent = try #require(transport.requests.first)
        #expect(sent.url == "https://portal.sso.us-east-1.amazonaws.com/federation/credentials?account_id=222222222222&role_name=Admin%20Role")
        #expect(sent.headers.first(named: "x-amz-sso_bearer_token") == "fake-bearer")
        #expect(sent.headers.first(named: "authorization") == nil)
    }

    @Test func ssoExpiredTokenAndSessionCacheKey() async throws {
        // sha1("dev"), as botocore names the cache file of an sso-session "dev".
        #expect(SSOCredentialProvider.cacheKey(sessionName: "dev", startURL: "x") == "34c6fceca75e456f25e7e99531e2425c6c1de443")
        let dir = try TempDir()
        let key = SSOCredentialProvider.cacheKey(sessionName: "corp", startURL: "https://corp.awsapps.com/start")
        try dir.write(".aws/sso/cache/\(key).json", #"{"accessToken": "t", "expiresAt": "2020-01-01T00:00:00Z"}"#)
        let c = try chain(config: """
        [profile s]
        sso_session = corp
        sso_account_id = 1
        sso_role_name = R
        [sso-session corp]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = eu-central-1
        """, env: ["HOME": dir.path])
        await #expect(throws: CredentialsError("the SSO session for profile s has expired: run `aws sso login --profile s`")) {
            try await c.provider(profile: "s").credentials()
        }
    }
}
