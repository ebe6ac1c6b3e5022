import Foundation

/// Builds the credential provider the AWS SDKs would use, in botocore's
/// order: environment → assume-role profile → SSO → credentials file keys →
/// credential_process → config file keys. The choice is made from the files
/// and environment up front, so `flagdeck doctor` can say which source
/// applies without making a network call.
public struct CredentialChain: Sendable {
    public var environment: [String: String]
    public var config: SharedConfig
    public var transport: any HTTPTransport
    public var clock: any AWSClock
    /// STS region for role profiles without `region`.
    public var defaultRegion: String

    public init(environment: [String: String] = ProcessInfo.processInfo.environment, config: SharedConfig,
                transport: any HTTPTransport, clock: any AWSClock = SystemClock(), defaultRegion: String = "us-east-1") {
        self.environment = environment
        self.config = config
        self.transport = transport
        self.clock = clock
        self.defaultRegion = defaultRegion
    }

    /// - Parameter profile: chosen explicitly (flagdeck's account config). As
    ///   with `--profile`, an explicit profile beats `AWS_ACCESS_KEY_ID`.
    public func provider(profile explicit: String?) throws -> any CredentialProvider {
        if explicit == nil || explicit?.isEmpty == true, let env = try EnvironmentCredentialProvider.load(environment) {
            return StaticCredentialProvider(env, source: .environment)
        }
        let name = SharedConfig.selectedProfileName(explicit: explicit, environment: environment)
        guard config.profiles[name] != nil else {
            if explicit == nil && name == "default" && environment["AWS_PROFILE"] == nil {
                throw CredentialsError("no AWS credentials found: set AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, "
                    + "or configure a profile in \(config.configPath) or \(config.credentialsPath)")
            }
            throw CredentialsError("profile \(name) not found in \(config.configPath) or \(config.credentialsPath)")
        }
        return try resolve(name, chain: [name])
    }

    /// Adds an explicit role on top of the base provider (flagdeck's per-account `roleArn`).
    public func provider(profile: String?, roleArn: String?, externalId: String? = nil,
                         sessionName: String? = nil, stsRegion: String? = nil,
                         stsEndpointOverride: String? = nil) throws -> any CredentialProvider {
        let base = try provider(profile: profile)
        guard let roleArn, !roleArn.isEmpty else { return base }
        let name = profile ?? SharedConfig.selectedProfileName(explicit: nil, environment: environment)
        let region = stsRegion ?? config.region(profile: name, environment: environment) ?? defaultRegion
        let via = base.source == .environment ? "environment" : "profile \(name)"
        return assumeRole(base: base, roleArn: roleArn, sessionName: sessionName, externalId: externalId,
                          duration: nil, region: region, profile: name, via: via, endpointOverride: stsEndpointOverride)
    }

    private func resolve(_ name: String, chain: [String]) throws -> any CredentialProvider {
        guard let p = config.profiles[name] else {
            throw CredentialsError("profile \(chain.dropLast().last ?? name) names source_profile \(name), which does not exist")
        }
        if let roleArn = p["role_arn"] {
            return try roleProvider(p, roleArn: roleArn, chain: chain)
        }
        if p["sso_session"] != nil || p["sso_start_url"] != nil {
            return try ssoProvider(p)
        }
        if let creds = try staticKeys(p, values: p.credentialsValues) {
            return StaticCredentialProvider(creds, source: .sharedCredentialsFile(profile: name))
        }
        if let command = p["credential_process"] {
            return CachingCredentialProvider(CredentialProcessProvider(profile: name, command: command), clock: clock)
        }
        if let creds = try staticKeys(p, values: p.configValues) {
            return StaticCredentialProvider(creds, source: .configFile(profile: name))
        }
        throw CredentialsError("profile \(name) has no credentials: expected aws_access_key_id/aws_secret_access_key, "
            + "role_arn, sso_session/sso_start_url or credential_process")
    }

    private func staticKeys(_ p: Profile, values: [String: String]) throws -> Credentials? {
        let akid = values["aws_access_key_id"].flatMap { $0.isEmpty ? nil : $0 }
        let secret = values["aws_secret_access_key"].flatMap { $0.isEmpty ? nil : $0 }
        switch (akid, secret) {
        case (nil, nil): return nil
        case let (a?, s?):
            return Credentials(accessKeyId: a, secretAccessKey: s, sessionToken: values["aws_session_token"]
                               ?? values["aws_security_token"])
        default:
            throw CredentialsError("profile \(p.name) has only one of aws_access_key_id and aws_secret_access_key")
        }
    }

    private func roleProvider(_ p: Profile, roleArn: String, chain: [String]) throws -> any CredentialProvider {
        let sourceProfile = p["source_profile"]
        let credentialSource = p["credential_source"]
        if sourceProfile != nil && credentialSource != nil {
            throw CredentialsError("profile \(p.name) sets both source_profile and credential_source; use one")
        }
        if p["mfa_serial"] != nil {
            throw CredentialsError("profile \(p.name) needs an MFA code (mfa_serial), which flagdeck cannot prompt for; "
                + "use a profile with cached credentials instead")
        }
        var duration: Int? = nil
        if let raw = p["duration_seconds"] {
            guard let d = Int(raw), d > 0 else {
                throw CredentialsError("profile \(p.name): duration_seconds '\(raw)' is not a positive integer")
            }
            duration = d
        }
        let base: any CredentialProvider
        let via: String
        if let source = sourceProfile {
            if source == p.name {
                // A profile may use its own static keys to assume its role (botocore allows this).
                guard let own = try staticKeys(p, values: p.credentialsValues) ?? staticKeys(p, values: p.configValues) else {
                    throw CredentialsError("profile \(p.name) names itself as source_profile but has no static keys")
                }
                base = StaticCredentialProvider(own, source: .sharedCredentialsFile(profile: p.name))
            } else {
                if chain.contains(source) {
                    throw CredentialsError("source_profile cycle: " + (chain + [source]).joined(separator: " -> "))
                }
                guard config.profiles[source] != nil else {
                    throw CredentialsError("profile \(p.name) names source_profile \(source), which does not exist")
                }
                base = try resolve(source, chain: chain + [source])
            }
            via = "profile \(source)"
        } else if let cs = credentialSource {
            switch cs.lowercased() {
            case "environment":
                guard let env = try EnvironmentCredentialProvider.load(environment) else {
                    throw CredentialsError("profile \(p.name) uses credential_source = Environment "
                        + "but AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY are not set")
                }
                base = StaticCredentialProvider(env, source: .environment)
                via = "environment"
            default:
                throw CredentialsError("profile \(p.name): credential_source = \(cs) is not supported by flagdeck "
                    + "(only Environment)")
            }
        } else {
            throw CredentialsError("profile \(p.name) has role_arn but neither source_profile nor credential_source")
        }
        let region = p["region"] ?? config.region(profile: p.name, environment: environment) ?? defaultRegion
        return assumeRole(base: base, roleArn: roleArn, sessionName: p["role_session_name"],
                          externalId: p["external_id"], duration: duration, region: region,
                          profile: p.name, via: via, endpointOverride: nil)
    }

    private func assumeRole(base: any CredentialProvider, roleArn: String, sessionName: String?, externalId: String?,
                            duration: Int?, region: String, profile: String, via: String,
                            endpointOverride: String?) -> any CredentialProvider {
        let stsClient = AWSClient(credentials: base, transport: transport,
                                  endpoints: config.endpointResolver(profile: profile, environment: environment),
                                  endpointOverride: endpointOverride, clock: clock)
        let provider = AssumeRoleCredentialProvider(
            roleArn: roleArn, sessionName: sessionName, externalId: externalId, durationSeconds: duration,
            sts: STSClient(client: stsClient, region: region), via: via)
        return CachingCredentialProvider(provider, clock: clock)
    }

    private func ssoProvider(_ p: Profile) throws -> any CredentialProvider {
        var startURL = p["sso_start_url"]
        var region = p["sso_region"]
        let session = p["sso_session"]
        if let session {
            guard let s = config.ssoSessions[session] else {
                throw CredentialsError("profile \(p.name) names sso_session \(session), but there is no [sso-session \(session)] section in \(config.configPath)")
            }
            startURL = s["sso_start_url"] ?? startURL
            region = s["sso_region"] ?? region
        }
        var missing: [String] = []
        if startURL == nil { missing.append("sso_start_url") }
        if region == nil { missing.append("sso_region") }
        if p["sso_account_id"] == nil { missing.append("sso_account_id") }
        if p["sso_role_name"] == nil { missing.append("sso_role_name") }
        guard missing.isEmpty, let startURL, let region else {
            throw CredentialsError("SSO profile \(p.name) is missing \(missing.joined(separator: ", "))")
        }
        let home = SharedConfig.homeDirectory(environment)
        let endpoint = try config.endpointResolver(profile: p.name, environment: environment)
            .resolve(service: "sso", region: region)
        let provider = SSOCredentialProvider(
            profile: p.name, startURL: startURL, ssoRegion: region, accountId: p["sso_account_id"]!,
            roleName: p["sso_role_name"]!, sessionName: session,
            cacheDirectory: home + "/.aws/sso/cache", transport: transport, endpoint: endpoint, clock: clock)
        return CachingCredentialProvider(provider, clock: clock)
    }
}
