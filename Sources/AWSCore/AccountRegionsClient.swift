import Foundation

/// The Account service's ListRegions (rest-json `POST /listRegions`): which regions an
/// account has enabled, for `regions: all`.
public struct AccountRegionsClient: Sendable {
    public static let signingName = "account"
    public static let enabledStatuses = ["ENABLED", "ENABLED_BY_DEFAULT"]

    public let aws: AWSClient
    public let region: String

    public init(aws: AWSClient, region: String = "us-east-1") {
        self.aws = aws
        self.region = region
    }

    /// The enabled regions, sorted. `accountId` asks about a member from the management
    /// (or delegated administrator) account; nil asks about the caller's own account
    /// (the management account may not name itself).
    public func enabledRegions(accountId: String? = nil) async throws -> [String] {
        let items = try await DiscoveryJSON.allPages(operation: "ListRegions") { token in
            var input: [String: Any] = ["RegionOptStatusContains": Self.enabledStatuses, "MaxResults": 50]
            if let accountId { input["AccountId"] = accountId }
            if let token { input["NextToken"] = token }
            let request = AWSRequest(
                service: Self.signingName, region: region, method: "POST",
                endpoint: try aws.endpoint(service: Self.signingName, region: region), path: "/listRegions",
                headers: [HTTPHeader("Content-Type", "application/json")],
                body: DiscoveryJSON.encode(input), isIdempotent: true)
            let output = try DiscoveryJSON.decode(try await aws.send(request), operation: "ListRegions")
            return ((output["Regions"] as? [[String: Any]]) ?? [], output["NextToken"] as? String)
        }
        // The filter is the server's; checked again so a server ignoring it cannot add disabled regions.
        let names = items.compactMap { item -> String? in
            guard let name = item["RegionName"] as? String else { return nil }
            if let status = item["RegionOptStatus"] as? String, !Self.enabledStatuses.contains(status) { return nil }
            return name
        }
        return Array(Set(names)).sorted()
    }
}
