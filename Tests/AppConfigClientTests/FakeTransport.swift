import AWSCore
import AppConfigClient
import Foundation

/// Answers requests from a handler and records them, so tests see exactly
/// what went on the wire (after signing).
final class FakeTransport: HTTPTransport, @unchecked Sendable {
    typealias Handler = @Sendable (HTTPRequest) throws -> HTTPResponse
    private let lock = NSLock()
    private var recorded: [HTTPRequest] = []
    private let handler: Handler

    init(_ handler: @escaping Handler) { self.handler = handler }

    var requests: [HTTPRequest] { lock.withLock { recorded } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        lock.withLock { recorded.append(request) }
        return try handler(request)
    }
}

/// Retries never wait in unit tests.
struct InstantClock: AWSClock {
    func now() -> Date { Date(timeIntervalSince1970: 1_795_000_000) }
    func sleep(seconds: Double) async throws {}
}

extension HTTPRequest {
    var components: URLComponents { URLComponents(string: url)! }
    var path: String { components.percentEncodedPath }
    var query: [String: String] {
        Dictionary((components.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
    }
    var bodyJSON: [String: Any] { (try? JSONSerialization.jsonObject(with: Data(body))) as? [String: Any] ?? [:] }
}

func json(_ status: Int = 200, _ text: String, headers: [HTTPHeader] = []) -> HTTPResponse {
    HTTPResponse(status: status, headers: [HTTPHeader("Content-Type", "application/json")] + headers,
                 body: Array(text.utf8))
}

func awsError(_ status: Int, _ code: String, _ body: String) -> HTTPResponse {
    HTTPResponse(status: status, headers: [HTTPHeader("x-amzn-ErrorType", code), HTTPHeader("x-amzn-RequestId", "req-1")],
                 body: Array(body.utf8))
}

func makeClient(_ transport: FakeTransport, readOnly: Bool = false, maxAttempts: Int = 1,
                pageSize: Int? = nil) -> AppConfigClient {
    let aws = AWSClient(
        credentials: StaticCredentialProvider(Credentials(accessKeyId: "AKIDEXAMPLE", secretAccessKey: "secret")),
        transport: transport, endpointOverride: "http://appconfig.test:4566", readOnly: readOnly,
        retrier: Retrier(policy: RetryPolicy(maxAttempts: maxAttempts), clock: InstantClock()),
        clock: InstantClock())
    return AppConfigClient(aws: aws, region: "eu-west-1", pageSize: pageSize)
}
