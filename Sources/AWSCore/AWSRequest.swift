import Foundation

/// Wire protocol of a service: decides how errors are decoded.
public enum AWSProtocol: String, Sendable {
    case restJSON = "rest-json"
    case query

    public static func forService(_ signingName: String) -> AWSProtocol {
        signingName == "sts" ? .query : .restJSON
    }
}

/// An unsigned AWS API request. `path` is the wire path, already encoded
/// (use `PercentEncoding.encodePathSegment` for labels such as ARNs); query
/// items are raw and get encoded by the signer, which sends them on the wire
/// in exactly the canonical form so what is signed is what is sent.
public struct AWSRequest: Sendable {
    /// SigV4 signing name, e.g. "appconfig", "sts".
    public var service: String
    public var region: String
    public var method: String
    public var endpoint: Endpoint
    public var path: String
    public var query: [QueryItem]
    public var headers: [HTTPHeader]
    public var body: [UInt8]
    public var wireProtocol: AWSProtocol
    /// Whether sending it twice is the same as sending it once. A non-idempotent write
    /// (a new version, a deployment, a stop) is sent again only when it surely did not
    /// arrive (a refused connection) or was refused unapplied (throttling); after a lost
    /// response the caller finds out what happened instead (`AWSError.mayHaveTakenEffect`).
    public var isIdempotent: Bool

    public init(
        service: String, region: String, method: String, endpoint: Endpoint,
        path: String = "/", query: [QueryItem] = [], headers: [HTTPHeader] = [],
        body: [UInt8] = [], wireProtocol: AWSProtocol? = nil, isIdempotent: Bool? = nil
    ) {
        self.service = service
        self.region = region
        self.method = method.uppercased()
        self.endpoint = endpoint
        self.path = path.isEmpty ? "/" : path
        self.query = query
        self.headers = headers
        self.body = body
        self.wireProtocol = wireProtocol ?? AWSProtocol.forService(service)
        // Reads, and STS (a second session is as good as the first).
        self.isIdempotent = isIdempotent ?? (["GET", "HEAD"].contains(self.method) || service == "sts")
    }

    /// The query string as sent and as signed (sorted, RFC 3986 encoded).
    public var canonicalQuery: String {
        CanonicalRequest.canonicalQueryString(query)
    }

    /// Full URL with the endpoint's base path (if any) prefixed.
    public var url: String {
        let q = canonicalQuery
        return endpoint.origin + wirePath + (q.isEmpty ? "" : "?" + q)
    }

    /// The path actually sent, including an endpoint base path such as `/prefix`.
    public var wirePath: String {
        let base = endpoint.basePath
        if base.isEmpty || base == "/" { return path }
        let trimmed = base.hasSuffix("/") ? String(base.dropLast()) : base
        return trimmed + (path.hasPrefix("/") ? path : "/" + path)
    }
}
