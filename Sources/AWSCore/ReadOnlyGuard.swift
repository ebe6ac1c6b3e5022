/// Thrown before a mutating request is signed in read-only mode.
public struct ReadOnlyViolation: Error, Sendable, Equatable, CustomStringConvertible {
    public var method: String
    public var service: String
    public var path: String

    public var description: String {
        "read-only mode: refusing to send \(method) \(path) to \(service) (only GET/HEAD requests and STS calls are allowed)"
    }
}

/// Decides, from the unsigned request, whether it may be signed at all. It
/// sits before credential resolution and signing in `AWSClient`, so a
/// refused request never produces a signature that could be replayed.
public struct ReadOnlyGuard: Sendable {
    public var enabled: Bool

    public init(enabled: Bool) { self.enabled = enabled }

    /// STS AssumeRole/GetCallerIdentity are POSTs but change nothing; they are
    /// recognised by the signing name, since a test or emulator endpoint can
    /// serve STS and AppConfig from the same URL.
    public static let exemptServices: Set<String> = ["sts"]

    /// Reads that their wire protocol sends as POSTs (account discovery, CloudTrail's event
    /// history): named one by one (by `X-Amz-Target`, or Account's path), so no write slips through.
    public static let exemptOrganizationsTargets: Set<String> = [
        "AWSOrganizationsV20161128.ListAccounts", "AWSOrganizationsV20161128.ListParents",
        "AWSOrganizationsV20161128.DescribeOrganization",
    ]
    public static let exemptAccountPaths: Set<String> = ["/listRegions"]
    /// CloudTrail's event history (who changed what), read by the audit.
    public static let exemptCloudTrailTargets: Set<String> = [CloudTrailClient.target]

    public func check(_ request: AWSRequest) throws {
        guard enabled else { return }
        if request.method == "GET" || request.method == "HEAD" { return }
        if Self.exemptServices.contains(request.service.lowercased()) { return }
        if Self.isReadOnlyPost(request) { return }
        throw ReadOnlyViolation(method: request.method, service: request.service, path: request.path)
    }

    static func isReadOnlyPost(_ request: AWSRequest) -> Bool {
        switch request.service.lowercased() {
        case "organizations":
            return request.path == "/"
                && request.headers.first(named: "X-Amz-Target").map(exemptOrganizationsTargets.contains) == true
        case "account":
            return exemptAccountPaths.contains(request.path)
        case "cloudtrail":
            return request.path == "/"
                && request.headers.first(named: "X-Amz-Target").map(exemptCloudTrailTargets.contains) == true
        default:
            return false
        }
    }
}
