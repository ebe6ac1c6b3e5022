import Foundation

/// Turns a non-2xx response into an `AWSError`, following botocore's
/// rest-json and query error parsers.
public enum ErrorDecoding {
    public static func decode(_ response: HTTPResponse, protocol wireProtocol: AWSProtocol) -> AWSError {
        switch wireProtocol {
        case .restJSON: return decodeRestJSON(response)
        case .query: return decodeQuery(response)
        }
    }

    /// `x-amzn-ErrorType` (text before `:`), else body `code`/`Code`/`__type`,
    /// each with any namespace before `#` removed.
    public static func decodeRestJSON(_ response: HTTPResponse) -> AWSError {
        let requestId = response.headers.first(named: "x-amzn-RequestId")
            ?? response.headers.first(named: "x-amz-request-id")
        let json = (try? JSONSerialization.jsonObject(with: Data(response.body))) as? [String: Any]
        if json == nil, response.headers.first(named: "x-amzn-ErrorType") == nil,
           response.body.first(where: { $0 != 0x20 && $0 != 0x0A && $0 != 0x0D && $0 != 0x09 }) == UInt8(ascii: "<") {
            // Auth failures from front ends (and moto) come as query-style XML even for rest-json services.
            let xml = decodeQuery(response)
            if !xml.code.hasPrefix("HTTP") { return xml }
        }
        var code: String?
        if let header = response.headers.first(named: "x-amzn-ErrorType"), !header.isEmpty {
            code = stripCode(header)
        }
        if code == nil || code!.isEmpty {
            if let c = (json?["code"] ?? json?["Code"] ?? json?["__type"]) as? String { code = stripCode(c) }
        }
        let message = (json?["message"] ?? json?["Message"] ?? json?["errorMessage"]) as? String
        return AWSError(
            kind: .service,
            code: (code?.isEmpty == false ? code! : genericCode(response.status)),
            message: message ?? genericMessage(response),
            statusCode: response.status, requestId: requestId)
    }

    static func stripCode(_ raw: String) -> String {
        var s = Substring(raw)
        if let colon = s.firstIndex(of: ":") { s = s[..<colon] }
        if let hash = s.lastIndex(of: "#") { s = s[s.index(after: hash)...] }
        return s.trimmingCharacters(in: .whitespaces)
    }

    /// `<ErrorResponse><Error><Type/><Code/><Message/></Error><RequestId/></ErrorResponse>`.
    public static func decodeQuery(_ response: HTTPResponse) -> AWSError {
        let headerId = response.headers.first(named: "x-amzn-RequestId")
        guard let root = try? XMLResponse.parse(response.body), let error = root.first(named: "Error") else {
            return AWSError(kind: .service, code: genericCode(response.status), message: genericMessage(response),
                            statusCode: response.status, requestId: headerId)
        }
        let code = error.child("Code")?.trimmedText ?? ""
        return AWSError(
            kind: .service,
            code: code.isEmpty ? genericCode(response.status) : code,
            message: error.child("Message")?.trimmedText ?? "",
            statusCode: response.status,
            requestId: root.first(named: "RequestId")?.trimmedText ?? headerId,
            faultType: error.child("Type")?.trimmedText)
    }

    /// Bodies without a code (HTML from a load balancer, empty 503s) still
    /// need a code the retry policy and the user can read.
    static func genericCode(_ status: Int) -> String {
        "HTTP\(status)"
    }

    static func genericMessage(_ response: HTTPResponse) -> String {
        let text = response.bodyString.trimmingCharacters(in: .whitespacesAndNewlines)
        if text.isEmpty || text.hasPrefix("<") { return "HTTP \(response.status) with no error details" }
        return String(text.prefix(300))
    }
}
