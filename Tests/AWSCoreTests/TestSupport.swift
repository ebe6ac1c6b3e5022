import Foundation
import Testing
@testable import AWSCore

/// Records requests and answers from a script of responses or errors.
final class RecordingTransport: HTTPTransport, @unchecked Sendable {
    enum Reply { case response(HTTPResponse), error(HTTPTransportError) }
    private let lock = NSLock()
    private var replies: [Reply]
    private var _requests: [HTTPRequest] = []
    private let fallback: Reply

    init(_ replies: [Reply] = [], fallback: Reply = .response(HTTPResponse(status: 200, body: Array("{}".utf8)))) {
        self.replies = replies
        self.fallback = fallback
    }

    var requests: [HTTPRequest] { lock.withLock { _requests } }

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let reply: Reply = lock.withLock {
            _requests.append(request)
            return replies.isEmpty ? fallback : replies.removeFirst()
        }
        switch reply {
        case .response(let r): return r
        case .error(let e): throw e
        }
    }
}

/// Time stands still unless a retry sleeps; sleeps are recorded, not waited.
final class FakeClock: AWSClock, @unchecked Sendable {
    private let lock = NSLock()
    private var current: Date
    private var _sleeps: [Double] = []

    init(_ start: Date = Date(timeIntervalSince1970: 1_795_000_000)) { current = start }

    var sleeps: [Double] { lock.withLock { _sleeps } }
    func now() -> Date { lock.withLock { current } }
    func advance(_ seconds: Double) { lock.withLock { current += seconds } }
    func sleep(seconds: Double) async throws {
        lock.withLock { _sleeps.append(seconds); current += seconds }
    }
}

struct FixedRandom: RandomSource {
    var value: Double
    func nextUnit() -> Double { value }
}

/// Counts calls; fails the test if a guarded request ever reaches credentials.
final class CountingCredentialProvider: CredentialProvider, @unchecked Sendable {
    let source: CredentialSource = .static
    private let lock = NSLock()
    private var _calls = 0
    var value: Credentials
    var calls: Int { lock.withLock { _calls } }

    init(_ value: Credentials = testCredentials) { self.value = value }

    func credentials() async throws -> Credentials {
        lock.withLock { _calls += 1 }
        return value
    }
}

let testCredentials = Credentials(accessKeyId: "AKIAFLAGDECKTEST0001", secretAccessKey: "fake/secret+key=value0123456789abcdefghij")

func jsonResponse(_ status: Int, _ body: String, headers: [HTTPHeader] = []) -> RecordingTransport.Reply {
    .response(HTTPResponse(status: status, headers: headers, body: Array(body.utf8)))
}

/// A temporary directory removed when the value is released.
final class TempDir: @unchecked Sendable {
    let path: String
    init() throws {
        path = NSTemporaryDirectory() + "awscore-tests-" + UUID().uuidString
        try FileManager.default.createDirectory(atPath: path, withIntermediateDirectories: true)
    }
    deinit { try? FileManager.default.removeItem(atPath: path) }

    @discardableResult
    func write(_ name: String, _ content: String, executable: Bool = false) throws -> String {
        let file = (path as NSString).appendingPathComponent(name)
        try FileManager.default.createDirectory(atPath: (file as NSString).deletingLastPathComponent,
                                                withIntermediateDirectories: true)
        try content.write(toFile: file, atomically: true, encoding: .utf8)
        if executable {
            try FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: file)
        }
        return file
    }
}
