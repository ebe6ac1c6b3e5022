import Foundation

/// One profile as the SDKs see it: the config file's `[profile x]` (or
/// `[default]`) overlaid with the credentials file's `[x]`, which wins.
public struct Profile: Sendable, Equatable {
    public var name: String
    public var configValues: [String: String] = [:]
    public var credentialsValues: [String: String] = [:]
    public var nested: [String: [String: String]] = [:]

    public subscript(_ key: String) -> String? {
        let v = credentialsValues[key] ?? configValues[key]
        return (v?.isEmpty ?? true) ? nil : v
    }
}

/// `~/.aws/config` + `~/.aws/credentials`, with the environment overrides.
public struct SharedConfig: Sendable {
    public var configPath: String
    public var credentialsPath: String
    public var profiles: [String: Profile]
    public var ssoSessions: [String: [String: String]]
    /// `[services NAME]` → service id → settings (e.g. `appconfig` → `endpoint_url`).
    public var services: [String: [String: [String: String]]]

    public init(configPath: String, credentialsPath: String, profiles: [String: Profile] = [:],
                ssoSessions: [String: [String: String]] = [:],
                services: [String: [String: [String: String]]] = [:]) {
        self.configPath = configPath
        self.credentialsPath = credentialsPath
        self.profiles = profiles
        self.ssoSessions = ssoSessions
        self.services = services
    }

    public static func homeDirectory(_ env: [String: String]) -> String {
        if let home = env["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }

    static func expandTilde(_ path: String, env: [String: String]) -> String {
        if path == "~" { return homeDirectory(env) }
        if path.hasPrefix("~/") { return homeDirectory(env) + path.dropFirst() }
        return path
    }

    public static func load(environment env: [String: String] = ProcessInfo.processInfo.environment) throws -> SharedConfig {
        let configPath = expandTilde(env["AWS_CONFIG_FILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "~/.aws/config", env: env)
        let credsPath = expandTilde(
            env["AWS_SHARED_CREDENTIALS_FILE"].flatMap { $0.isEmpty ? nil : $0 } ?? "~/.aws/credentials", env: env)
        return build(config: try SharedConfigFile.load(path: configPath),
                     credentials: try SharedConfigFile.load(path: credsPath),
                     configPath: configPath, credentialsPath: credsPath)
    }

    public static func build(config: SharedConfigFile?, credentials: SharedConfigFile?,
                             configPath: String = "config", credentialsPath: String = "credentials") -> SharedConfig {
        var result = SharedConfig(configPath: configPath, credentialsPath: credentialsPath)
        for section in config?.sections ?? [] {
            let name = section.name
            let words = name.split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            if name == "default" {
                result.mergeConfig("default", section)
            } else if words.count == 2 && words[0] == "profile" {
                result.mergeConfig(words[1], section)
            } else if words.count == 2 && words[0] == "sso-session" {
                result.ssoSessions[words[1]] = section.values
            } else if words.count == 2 && words[0] == "services" {
                result.services[words[1]] = section.nested
            }
            // Anything else (`[x]` without "profile ") is not a profile in the
            // config file; the SDKs ignore it, so do we.
        }
        for section in credentials?.sections ?? [] {
            var p = result.profiles[section.name] ?? Profile(name: section.name)
            p.credentialsValues.merge(section.values) { _, new in new }
            result.profiles[section.name] = p
        }
        return result
    }

    private mutating func mergeConfig(_ name: String, _ section: INISection) {
        var p = profiles[name] ?? Profile(name: name)
        // `[profile default]` and `[default]` both exist: botocore lets the prefixed one win.
        p.configValues.merge(section.values) { _, new in new }
        p.nested.merge(section.nested) { _, new in new }
        profiles[name] = p
    }

    /// `AWS_PROFILE`, then `AWS_DEFAULT_PROFILE` (the cross-SDK order), then "default".
    public static func selectedProfileName(explicit: String?, environment env: [String: String]) -> String {
        if let explicit, !explicit.isEmpty { return explicit }
        if let p = env["AWS_PROFILE"], !p.isEmpty { return p }
        if let p = env["AWS_DEFAULT_PROFILE"], !p.isEmpty { return p }
        return "default"
    }

    /// `AWS_REGION`, `AWS_DEFAULT_REGION`, then the profile's `region`.
    public func region(profile: String, environment env: [String: String]) -> String? {
        if let r = env["AWS_REGION"], !r.isEmpty { return r }
        if let r = env["AWS_DEFAULT_REGION"], !r.isEmpty { return r }
        return profiles[profile]?["region"]
    }

    /// The profile's endpoint settings for `EndpointResolver`.
    public func endpointResolver(profile: String, environment env: [String: String]) -> EndpointResolver {
        var serviceEndpoints: [String: String] = [:]
        if let p = profiles[profile], let servicesName = p["services"], let section = services[servicesName] {
            for (service, settings) in section {
                if let url = settings["endpoint_url"] { serviceEndpoints[service] = url }
            }
        }
        return EndpointResolver(environment: env, profileServiceEndpoints: serviceEndpoints,
                                profileEndpointURL: profiles[profile]?["endpoint_url"])
    }
}
