import AWSCore
import Foundation

/// `AWSError` keeps code and message but not the body, and AppConfig puts
/// `ResourceName` and `Details.InvalidConfiguration` there. This transport
/// wrapper hands the last failed response's body to the calling task through
/// a task-local sink, so AWSCore stays as it is and concurrent calls on one
/// client never see each other's bodies.
struct ErrorBodyCapturingTransport: HTTPTransport {
    let base: any HTTPTransport

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        let sink = ErrorBodySink.current
        // A retry that then fails below HTTP must not report an earlier attempt's body.
        sink?.set(nil)
        let response = try await base.send(request)
        if !response.isSuccess { sink?.set(response.body) }
        return response
    }
}

// NSLock rather than `Mutex`: the package still targets macOS 14.
final class ErrorBodySink: @unchecked Sendable {
    @TaskLocal static var current: ErrorBodySink?

    private let lock = NSLock()
    private var stored: [UInt8]?

    func set(_ body: [UInt8]?) { lock.withLock { stored = body } }
    var body: [UInt8]? { lock.withLock { stored } }
}
