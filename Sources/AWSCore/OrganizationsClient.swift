import Foundation

/// AWS Organizations over JSON 1.1 (`X-Amz-Target: AWSOrganizationsV20161128.<Operation>`):
/// the three reads account discovery needs, every list paged to the end.
public struct OrganizationsClient: Sendable {
    public static let signingName = "organizations"
    public static let targetPrefix = "AWSOrganizationsV20161128"
    /// ListAccounts' and ListParents' MaxResults bound (1–20).
    public static let maxPageSize = 20

    public let aws: AWSClient
    /// The signing region of the global endpoint (`GlobalServiceRegion`).
    public let region: String

    public init(aws: AWSClient, region: String = "us-east-1") {
        self.aws = aws
        self.region = region
    }

    public struct Organization: Sendable, Hashable {
        public var id: String
        public var managementAccountId: String
    }

    public struct Account: Sendable, Hashable {
        public var id: String
        public var name: String
        /// `State` (ACTIVE, SUSPENDED, PENDING_CLOSURE, CLOSED...), else the older `Status`.
        public var state: String

        public init(id: String, name: String, state: String) {
            self.id = id
            self.name = name
            self.state = state
        }
    }

    public struct Parent: Sendable, Hashable, Codable {
        public var id: String
        /// ROOT or ORGANIZATIONAL_UNIT.
        public var type: String

        public init(id: String, type: String) {
            self.id = id
            self.type = type
        }
    }

    public func describeOrganization() async throws -> Organization {
        let output = try await call("DescribeOrganization", [:])
        guard let org = output["Organization"] as? [String: Any], let id = org["Id"] as? String,
              let management = org["MasterAccountId"] as? String else {
            throw AWSError(code: "InvalidResponse", message: "DescribeOrganization returned no Organization")
        }
        return Organization(id: id, managementAccountId: management)
    }

    /// Every account of the organization, whatever its state.
    public func listAccounts() async throws -> [Account] {
        let items = try await DiscoveryJSON.allPages(operation: "ListAccounts") { token in
            var input: [String: Any] = ["MaxResults": Self.maxPageSize]
            if let token { input["NextToken"] = token }
            let output = try await call("ListAccounts", input)
            return ((output["Accounts"] as? [[String: Any]]) ?? [], output["NextToken"] as? String)
        }
        return items.compactMap { item in
            guard let id = item["Id"] as? String else { return nil }
            let state = (item["State"] as? String) ?? (item["Status"] as? String) ?? "UNKNOWN"
            return Account(id: id, name: (item["Name"] as? String) ?? id, state: state)
        }
    }

    /// The parent (root or OU) of an account or OU: one, in practice.
    public func listParents(childId: String) async throws -> [Parent] {
        let items = try await DiscoveryJSON.allPages(operation: "ListParents") { token in
            var input: [String: Any] = ["ChildId": childId, "MaxResults": Self.maxPageSize]
            if let token { input["NextToken"] = token }
            let output = try await call("ListParents", input)
            return ((output["Parents"] as? [[String: Any]]) ?? [], output["NextToken"] as? String)
        }
        return items.compactMap { item in
            guard let id = item["Id"] as? String else { return nil }
            return Parent(id: id, type: (item["Type"] as? String) ?? (id.hasPrefix("r-") ? "ROOT" : "ORGANIZATIONAL_UNIT"))
        }
    }

    private func call(_ operation: String, _ input: [String: Any]) async throws -> [String: Any] {
        let request = AWSRequest(
            service: Self.signingName, region: region, method: "POST",
            endpoint: try aws.endpoint(service: Self.signingName, region: region), path: "/",
            headers: [HTTPHeader("Content-Type", "application/x-amz-json-1.1"),
                      HTTPHeader("X-Amz-Target", "\(Self.targetPrefix).\(operation)")],
            // JSON 1.1 errors (`__type`) decode like rest-json ones.
            body: DiscoveryJSON.encode(input), wireProtocol: .restJSON, isIdempotent: true)
        return try DiscoveryJSON.decode(try await aws.send(request), operation: operation)
    }
}
