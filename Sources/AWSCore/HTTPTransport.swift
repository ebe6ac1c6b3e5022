import Foundation

/// One HTTP header line. Headers are an ordered list, not a dictionary, because
/// SigV4 joins repeated header values in the order they were added.
public struct HTTPHeader: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}

extension Array where Element == HTTPHeader {
    /// Case-insensitive lookup of the first value.
    public func first(named name: String) -> String? {
        let lower = name.lowercased()
        return first { $0.name.lowercased() == lower }?.value
    }

    public func contains(named name: String) -> Bool {
        first(named: name) != nil
    }

    public mutating func remove(named name: String) {
        let lower = name.lowercased()
        removeAll { $0.name.lowercased() == lower }
    }

    public mutating func replace(_ name: String, with value: String) {
        remove(named: name)
        append(HTTPHeader(name, value))
    }
}

/// A request as it goes on the wire: already signed (or deliberately unsigned).
public struct HTTPRequest: Sendable {
    public var method: String
    /// Fully encoded URL: scheme://host[:port]/path[?query].
    public var url: String
    public var headers: [HTTPHeader]
    public var body: [UInt8]
    /// Host part (with port when not default) used for per-host limits.
    public var hostKey: String

    public init(method: String, url: String, headers: [HTTPHeader], body: [UInt8], hostKey: String) {
        self.method = method
        self.url = url
        self.headers = headers
        self.body = body
        self.hostKey = hostKey
    }
}

public struct HTTPResponse: Sendable {
    public var status: Int
    public var headers: [HTTPHeader]
    public var body: [UInt8]

    public init(status: Int, headers: [HTTPHeader] = [], body: [UInt8] = []) {
        self.status = status
        self.headers = headers
        self.body = body
    }

    public var isSuccess: Bool { (200..<300).contains(status) }
    public var bodyString: String { String(decoding: body, as: UTF8.self) }
}

/// Failures below HTTP: the retry policy needs to tell connection problems and
/// time-outs apart from everything else.
public enum HTTPTransportError: Error, Sendable, Equatable, CustomStringConvertible {
    /// The connection broke after the request may have been sent.
    case connectionFailed(String)
    /// No connection could be made: the request never left.
    case notSent(String)
    case timedOut(String)
    case invalidRequest(String)
    case other(String)

    public var description: String {
        switch self {
        case .connectionFailed(let m): return "connection failed: \(m)"
        case .notSent(let m): return "could not connect: \(m)"
        case .timedOut(let m): return "request timed out: \(m)"
        case .invalidRequest(let m): return "invalid request: \(m)"
        case .other(let m): return "HTTP transport error: \(m)"
        }
    }
}

/// The only thing that talks to the network; everything above it is testable
/// with a fake.
public protocol HTTPTransport: Sendable {
    func send(_ request: HTTPRequest) async throws -> HTTPResponse
}
