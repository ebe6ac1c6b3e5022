import Foundation

/// Where a service lives. Parsed from a URL so per-account overrides like
/// `http://127.0.0.1:4566` work the same as the standard endpoints.
public struct Endpoint: Sendable, Equatable, CustomStringConvertible {
    public var scheme: String
    public var host: String
    public var port: Int?
    public var basePath: String

    public init(scheme: String = "https", host: String, port: Int? = nil, basePath: String = "") {
        self.scheme = scheme.lowercased()
        self.host = host.lowercased()
        self.port = port
        self.basePath = basePath
    }

    public init(url string: String) throws {
        guard let comps = URLComponents(string: string), let scheme = comps.scheme,
              let host = comps.host, !host.isEmpty,
              scheme.lowercased() == "http" || scheme.lowercased() == "https"
        else {
            throw EndpointError.invalidURL(string)
        }
        self.init(scheme: scheme, host: host, port: comps.port, basePath: comps.percentEncodedPath)
    }

    private var isDefaultPort: Bool {
        guard let port else { return true }
        return (scheme == "https" && port == 443) || (scheme == "http" && port == 80)
    }

    /// Value of the Host header: SigV4 signs it, so the port appears only when
    /// it is not the scheme's default (as botocore's `_host_from_url`).
    public var hostHeader: String {
        // utf8 search: Foundation's `contains` on String is slow, and this runs per request.
        let h = host.utf8.contains(UInt8(ascii: ":")) ? "[\(host)]" : host
        return isDefaultPort ? h : "\(h):\(port!)"
    }

    public var origin: String { "\(scheme)://\(hostHeader)" }

    public var description: String { origin + basePath }
}

public enum EndpointError: Error, Sendable, CustomStringConvertible {
    case invalidURL(String)
    public var description: String {
        switch self {
        case .invalidURL(let u): return "invalid endpoint URL '\(u)': expected http(s)://host[:port]"
        }
    }
}

/// Endpoint resolution in the SDKs' order: explicit per-account override,
/// `AWS_ENDPOINT_URL_<SERVICE>`, `AWS_ENDPOINT_URL`, the profile's
/// `[services]` entry or `endpoint_url`, then the standard regional host.
public struct EndpointResolver: Sendable {
    public var environment: [String: String]
    /// From the shared config profile: service id (lower-case) → URL.
    public var profileServiceEndpoints: [String: String]
    public var profileEndpointURL: String?

    public init(environment: [String: String] = ProcessInfo.processInfo.environment,
                profileServiceEndpoints: [String: String] = [:], profileEndpointURL: String? = nil) {
        self.environment = environment
        self.profileServiceEndpoints = profileServiceEndpoints
        self.profileEndpointURL = profileEndpointURL
    }

    /// Environment variable suffix: the service id upper-cased, spaces → `_`.
    static func envSuffix(for service: String) -> String {
        switch service.lowercased() {
        case "appconfig": return "APPCONFIG"
        case "appconfigdata": return "APPCONFIGDATA"
        case "sts": return "STS"
        case "sso", "portal.sso": return "SSO"
        default: return service.uppercased().replacingOccurrences(of: " ", with: "_").replacingOccurrences(of: "-", with: "_")
        }
    }

    public func resolve(service: String, region: String, override: String? = nil) throws -> Endpoint {
        if let override, !override.isEmpty { return try Endpoint(url: override) }
        let ignore = environment["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"]?.lowercased() == "true"
        if !ignore {
            if let url = environment["AWS_ENDPOINT_URL_" + Self.envSuffix(for: service)], !url.isEmpty {
                return try Endpoint(url: url)
            }
            if let url = environment["AWS_ENDPOINT_URL"], !url.isEmpty { return try Endpoint(url: url) }
            if let url = profileServiceEndpoints[service.lowercased()], !url.isEmpty { return try Endpoint(url: url) }
            if let url = profileEndpointURL, !url.isEmpty { return try Endpoint(url: url) }
        }
        return Self.standard(service: service, region: region)
    }

    public static func standard(service: String, region: String) -> Endpoint {
        let suffix = region.hasPrefix("cn-") ? "amazonaws.com.cn" : "amazonaws.com"
        switch service.lowercased() {
        case "sso", "portal.sso": return Endpoint(host: "portal.sso.\(region).\(suffix)")
        default: return Endpoint(host: "\(service.lowercased()).\(region).\(suffix)")
        }
    }
}
