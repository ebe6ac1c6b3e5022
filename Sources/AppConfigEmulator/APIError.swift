import FlagModel

/// An AWS error as the emulator sends it: rest-json (x-amzn-ErrorType + JSON body) or
/// query protocol (XML ErrorResponse) depending on the service that was called.
public struct APIError: Error, Sendable, CustomStringConvertible {
    public var code: String
    public var status: Int
    public var message: String
    /// Extra modelled members (e.g. ResourceName, Reason, Details).
    var extra: [(String, JSONValue)] = []
    /// Query-protocol fault type (Sender/Receiver).
    var senderFault: Bool = true

    public init(code: String, status: Int, message: String) {
        self.code = code
        self.status = status
        self.message = message
    }

    public var description: String { "\(code) (\(status)): \(message)" }

    static func badRequest(_ message: String) -> APIError {
        APIError(code: "BadRequestException", status: 400, message: message)
    }

    static func notFound(_ message: String, resource: String? = nil) -> APIError {
        var e = APIError(code: "ResourceNotFoundException", status: 404, message: message)
        if let resource { e.extra = [("ResourceName", .string(resource))] }
        return e
    }

    static func conflict(_ message: String) -> APIError {
        APIError(code: "ConflictException", status: 409, message: message)
    }

    static func quota(_ message: String) -> APIError {
        APIError(code: "ServiceQuotaExceededException", status: 402, message: message)
    }

    static func internalError(_ message: String = "An internal error occurred.") -> APIError {
        var e = APIError(code: "InternalServerException", status: 500, message: message)
        e.senderFault = false
        return e
    }

    /// The "1 validation error detected" wording AWS uses for model constraint failures.
    static func validation(_ value: String, member: String, constraint: String) -> APIError {
        badRequest("1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: \(constraint)")
    }

    static func invalidConfiguration(_ problems: [(location: String, reason: String)], type: String) -> APIError {
        var e = badRequest("Error occurred while validating configuration. "
            + (problems.first.map { "\($0.location): \($0.reason)" } ?? ""))
        let details: [JSONValue] = problems.prefix(100).map { p in
            var o = JSONObject()
            o["Location"] = .string(p.location)
            o["Reason"] = .string(p.reason)
            o["Type"] = .string(type)
            return .object(o)
        }
        var d = JSONObject()
        d["InvalidConfiguration"] = .array(details)
        e.extra = [("Reason", "InvalidConfiguration"), ("Details", .object(d))]
        return e
    }
}
