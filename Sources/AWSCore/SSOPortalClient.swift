import Foundation

/// The IAM Identity Center portal (`portal.sso.REGION.amazonaws.com`): unsigned GETs whose
/// credential is the bearer token of `aws sso login` (header `x-amz-sso_bearer_token`),
/// retried and rate limited like signed calls. The token is a secret: it is only ever
/// put in that header.
public struct SSOPortalClient: Sendable {
    public let transport: any HTTPTransport
    public let endpoint: Endpoint
    public let region: String
    public let retrier: Retrier
    private let rateLimiter: AdaptiveRateLimiter

    public init(transport: any HTTPTransport, endpoint: Endpoint, region: String, clock: any AWSClock = SystemClock()) {
        self.transport = transport
        self.endpoint = endpoint
        self.region = region
        self.retrier = Retrier(clock: clock)
        self.rateLimiter = AdaptiveRateLimiter(clock: clock)
    }

    public struct AccountInfo: Sendable, Hashable {
        public var id: String
        public var name: String
    }

    /// Every account the session's user is assigned to (ListAccounts, all pages).
    public func listAccounts(token: String) async throws -> [AccountInfo] {
        let items = try await DiscoveryJSON.allPages(operation: "ListAccounts") { next in
            var query = [QueryItem("max_result", "100")]
            if let next { query.append(QueryItem("next_token", next)) }
            let output = try DiscoveryJSON.decode(try await get("/assignment/accounts", query: query, token: token),
                                                  operation: "ListAccounts")
            return ((output["accountList"] as? [[String: Any]]) ?? [], output["nextToken"] as? String)
        }
        return items.compactMap { item in
            guard let id = item["accountId"] as? String else { return nil }
            return AccountInfo(id: id, name: (item["accountName"] as? String) ?? id)
        }
    }

    /// The roles (permission sets) the user may take in one account (ListAccountRoles, all pages).
    public func listAccountRoles(token: String, accountId: String) async throws -> [String] {
        let items = try await DiscoveryJSON.allPages(operation: "ListAccountRoles") { next in
            var query = [QueryItem("account_id", accountId), QueryItem("max_result", "100")]
            if let next { query.append(QueryItem("next_token", next)) }
            let output = try DiscoveryJSON.decode(try await get("/assignment/roles", query: query, token: token),
                                                  operation: "ListAccountRoles")
            return ((output["roleList"] as? [[String: Any]]) ?? [], output["nextToken"] as? String)
        }
        return items.compactMap { $0["roleName"] as? String }
    }

    /// One GET with the bearer token; a non-2xx answer throws the decoded `AWSError`.
    public func get(_ path: String, query: [QueryItem], token: String) async throws -> HTTPResponse {
        let request = AWSRequest(service: "sso", region: region, method: "GET", endpoint: endpoint,
                                 path: path, query: query)
        let http = HTTPRequest(
            method: "GET", url: request.url,
            headers: [HTTPHeader("Host", endpoint.hostHeader), HTTPHeader("x-amz-sso_bearer_token", token)],
            body: [], hostKey: endpoint.hostHeader)
        return try await retrier.run(idempotent: true, rateLimiter: rateLimiter) { _ in
            let response: HTTPResponse
            do {
                response = try await transport.send(http)
            } catch let error as HTTPTransportError {
                throw AWSError.from(transport: error)
            }
            guard response.isSuccess else { throw ErrorDecoding.decodeRestJSON(response) }
            return response
        }
    }

    /// A refused token (expired or revoked session) rather than a refused account.
    public static func isSessionRejected(_ error: AWSError) -> Bool {
        error.kind == .service && (error.statusCode == 401 || error.code == "UnauthorizedException")
    }
}
