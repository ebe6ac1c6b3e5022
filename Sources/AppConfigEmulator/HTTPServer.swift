import Hummingbird
import NIOCore
import Foundation

/// The request context: the connection too, so a fault can drop it without answering.
struct EmulatorRequestContext: RequestContext {
    var coreContext: CoreRequestContextStorage
    let channel: any Channel

    init(source: ApplicationRequestContextSource) {
        coreContext = .init(source: source)
        channel = source.channel
    }
}

/// Adapts Hummingbird requests to a handler: the emulator pipeline, or the Agent API.
struct EmulatorResponder: HTTPResponder {
    typealias Context = EmulatorRequestContext
    let handle: @Sendable (ReceivedRequest) async -> WireResponse
    static let maxBody = 8 * 1024 * 1024

    func respond(to request: Request, context: EmulatorRequestContext) async throws -> Response {
        var request = request
        let target = request.head.path ?? "/"
        let parts = target.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
        var headers: [(String, String)] = []
        if let authority = request.head.authority { headers.append(("host", authority)) }
        for field in request.headers { headers.append((field.name.canonicalName.lowercased(), field.value)) }
        let buffer: ByteBuffer
        do {
            buffer = try await request.collectBody(upTo: Self.maxBody)
        } catch {
            return Response(status: .contentTooLarge)
        }
        let received = ReceivedRequest(
            method: request.method.rawValue, rawPath: String(parts[0]),
            rawQuery: parts.count > 1 ? String(parts[1]) : "",
            headers: headers, body: Array(buffer.readableBytesView))
        let wire = await handle(received)
        if wire.dropConnection {
            // A lost response: the request took effect, the caller hears nothing back.
            try? await context.channel.close()
            throw CancellationError()
        }
        var fields = HTTPFields()
        // HTTPField via HTTPFields.Element: Hummingbird re-exports HTTPFields, not HTTPField.
        typealias Field = HTTPFields.Element
        for (name, value) in wire.headers {
            if let n = Field.Name(name) { fields.append(Field(name: n, value: value)) }
        }
        return Response(status: .init(code: wire.status), headers: fields,
                        body: ResponseBody(byteBuffer: ByteBuffer(bytes: wire.body)))
    }
}
