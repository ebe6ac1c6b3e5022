import AWSCore
import Foundation

/// Typed AppConfig control-plane operations for one account and region. Only
/// the control plane: data-plane reads are billed and count as "usage" for
/// AppConfig's deletion protection (DESIGN.md).
///
/// Operations live in `Operations/`, one file per resource; this file holds
/// the request plumbing they share.
public struct AppConfigClient: Sendable {
    public static let signingName = "appconfig"
    /// The service's `max_results` bound (1–50).
    public static let maxPageSize = 50

    public let aws: AWSClient
    public let region: String
    /// `max_results` sent with every List* call; nil leaves it to the service.
    public var pageSize: Int?

    public init(aws: AWSClient, region: String, pageSize: Int? = nil) {
        // Same credentials, retrier (and its quota), clock and guard; only the
        // transport is wrapped so error bodies reach `AppConfigError`.
        self.aws = AWSClient(
            credentials: aws.credentials, transport: ErrorBodyCapturingTransport(base: aws.transport),
            endpoints: aws.endpoints, endpointOverride: aws.endpointOverride,
            readOnly: aws.readOnlyGuard.enabled, retrier: aws.retrier, clock: aws.clock, logger: aws.logger)
        self.region = region
        self.pageSize = pageSize.map { min(max($0, 1), Self.maxPageSize) }
    }

    // MARK: - plumbing shared by the operations

    /// Sends one request and maps `AWSError` to `AppConfigError`.
    func send(_ operation: String, _ method: String, _ path: Path, query: [QueryItem] = [],
              headers: [HTTPHeader] = [], body: [UInt8] = []) async throws -> HTTPResponse {
        let sink = ErrorBodySink()
        do {
            return try await ErrorBodySink.$current.withValue(sink) {
                try await aws.send(service: Self.signingName, region: region, method: method, path: path.wire,
                                   query: query, headers: headers, body: body)
            }
        } catch let error as AWSError {
            throw AppConfigError(error, body: sink.body)
        }
    }

    /// A JSON operation with a JSON body.
    func json<Input: Encodable, Output: Decodable>(_ operation: String, _ method: String, _ path: Path,
                                                   input: Input, as: Output.Type = Output.self) async throws -> Output {
        let body: [UInt8]
        do {
            body = Array(try AppConfigJSON.encoder().encode(input))
        } catch {
            throw AppConfigError.invalidInput("\(operation): \(error)")
        }
        let response = try await send(operation, method, path, headers: [HTTPHeader("Content-Type", "application/json")],
                                      body: body)
        return try decode(operation, response.body, as: Output.self)
    }

    /// A JSON operation without a body.
    func json<Output: Decodable>(_ operation: String, _ method: String, _ path: Path, query: [QueryItem] = [],
                                 headers: [HTTPHeader] = [], as: Output.Type = Output.self) async throws -> Output {
        let response = try await send(operation, method, path, query: query, headers: headers)
        return try decode(operation, response.body, as: Output.self)
    }

    func decode<Output: Decodable>(_ operation: String, _ body: [UInt8], as: Output.Type) throws -> Output {
        do {
            return try AppConfigJSON.decoder().decode(Output.self, from: Data(body.isEmpty ? Array("{}".utf8) : body))
        } catch {
            throw AppConfigError.invalidResponse(operation: operation, message: String(describing: error))
        }
    }

    /// A List* operation as pages: `max_results`/`next_token` in the query, `Items`/`NextToken` in the body.
    func pages<Item: Decodable & Sendable>(_ operation: String, _ path: Path, query: [QueryItem] = [],
                                           pageSize: Int?, of: Item.Type) -> PageSequence<Item> {
        let size = pageSize.map { min(max($0, 1), Self.maxPageSize) } ?? self.pageSize
        let client = self
        return PageSequence(operation: operation) { token in
            var q = query
            if let size { q.append(QueryItem("max_results", String(size))) }
            if let token { q.append(QueryItem("next_token", token)) }
            let page = try await client.json(operation, "GET", path, query: q, as: ListPage<Item>.self)
            return (page.items ?? [], page.nextToken)
        }
    }
}

/// Body of every List* answer.
struct ListPage<Item: Decodable>: Decodable {
    var items: [Item]?
    var nextToken: String?
    enum CodingKeys: String, CodingKey { case items = "Items", nextToken = "NextToken" }
}

/// A REST path built from labels, each percent-encoded as one segment.
struct Path: Sendable {
    let wire: String

    init(_ segments: String...) {
        wire = "/" + segments.map(PercentEncoding.encodePathSegment).joined(separator: "/")
    }

    func appending(_ segments: String...) -> Path {
        Path(raw: wire + "/" + segments.map(PercentEncoding.encodePathSegment).joined(separator: "/"))
    }

    private init(raw: String) { wire = raw }
}

/// Header values go on the wire unencoded and are signed as they are; a CR or
/// LF would split the header and anything outside printable ASCII is read
/// differently by different servers (reference/appconfig.md §2.3).
func checkHeaderValue(_ value: String, name: String) throws {
    for u in value.unicodeScalars where !(u == "\t" || (0x20...0x7E).contains(u.value)) {
        throw AppConfigError.invalidInput(
            "\(name) must be printable ASCII (found U+\(String(u.value, radix: 16, uppercase: true)))")
    }
}
