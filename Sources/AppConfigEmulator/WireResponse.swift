import FlagModel
import Foundation

/// A response before it becomes a Hummingbird `Response`: status, headers, raw body.
struct WireResponse: Sendable {
    var status: Int
    var headers: [(String, String)]
    var body: [UInt8]
    /// Close the connection instead of answering (an injected lost response).
    var dropConnection = false

    static func json(_ value: JSONValue, status: Int = 200) -> WireResponse {
        WireResponse(status: status, headers: [("Content-Type", "application/json")], body: Array(value.serialized(pretty: false).utf8))
    }

    static func empty(_ status: Int) -> WireResponse {
        WireResponse(status: status, headers: [], body: [])
    }

    static func xml(_ text: String, status: Int = 200) -> WireResponse {
        WireResponse(status: status, headers: [("Content-Type", "text/xml")], body: Array(text.utf8))
    }

    /// rest-json error: `x-amzn-ErrorType` plus a JSON body with the message (`Message` in
    /// AppConfig, `message` in newer models) and modelled members.
    static func restJSONError(_ e: APIError, messageKey: String = "Message") -> WireResponse {
        var o = JSONObject()
        o[messageKey] = .string(e.message)
        for (k, v) in e.extra { o[k] = v }
        var r = json(.object(o), status: e.status)
        r.headers.append(("x-amzn-ErrorType", e.code))
        return r
    }

    /// An awsJson1_1 answer (Organizations).
    static func awsJSON(_ value: JSONValue, status: Int = 200) -> WireResponse {
        WireResponse(status: status, headers: [("Content-Type", "application/x-amz-json-1.1")], body: Array(value.serialized(pretty: false).utf8))
    }

    /// awsJson1_1 error: `{"__type": CODE, "Message": …, modelled members}`.
    static func awsJSONError(_ e: APIError) -> WireResponse {
        var o = JSONObject()
        o["__type"] = .string(e.code)
        o["Message"] = .string(e.message)
        for (k, v) in e.extra { o[k] = v }
        return awsJSON(.object(o), status: e.status)
    }
}

/// Reading members of a JSON request body with AWS-like errors.
struct JSONBody {
    var object: JSONObject

    init(_ bytes: [UInt8]) throws {
        if bytes.allSatisfy({ $0 == 0x20 || $0 == 0x0A || $0 == 0x0D || $0 == 0x09 }) { object = JSONObject(); return }
        guard let v = try? JSONParser.parse(bytes), let o = v.objectValue else {
            throw APIError(code: "SerializationException", status: 400, message: "Could not parse the request body as JSON")
        }
        object = o
    }

    func string(_ k: String) throws -> String? {
        guard let v = object[k], !v.isNull else { return nil }
        guard let s = v.stringValue else { throw typeError(k, "string") }
        return s
    }

    func int(_ k: String) throws -> Int? {
        guard let v = object[k], !v.isNull else { return nil }
        guard let n = v.numberValue?.intValue else { throw typeError(k, "integer") }
        return n
    }

    func double(_ k: String) throws -> Double? {
        guard let v = object[k], !v.isNull else { return nil }
        guard let n = v.numberValue?.doubleValue else { throw typeError(k, "number") }
        return n
    }

    func array(_ k: String) throws -> [JSONValue]? {
        guard let v = object[k], !v.isNull else { return nil }
        guard let a = v.arrayValue else { throw typeError(k, "list") }
        return a
    }

    func stringMap(_ k: String) throws -> [String: String] {
        guard let v = object[k], !v.isNull else { return [:] }
        guard let o = v.objectValue else { throw typeError(k, "map") }
        var out: [String: String] = [:]
        for m in o { out[m.key] = m.value.stringValue ?? "" }
        return out
    }

    func monitors() throws -> [MonitorRecord]? {
        try array("Monitors")?.map { m in
            guard let arn = m["AlarmArn"]?.stringValue else {
                throw APIError.badRequest("1 validation error detected: Value null at 'monitors.member.alarmArn' failed to satisfy constraint: Member must not be null")
            }
            return MonitorRecord(alarmArn: arn, alarmRoleArn: m["AlarmRoleArn"]?.stringValue)
        }
    }

    func validators() throws -> [ValidatorRecord]? {
        try array("Validators")?.map { v in
            guard let t = v["Type"]?.stringValue, t == "JSON_SCHEMA" || t == "LAMBDA" else {
                throw APIError.badRequest("1 validation error detected: Value at 'validators.member.type' failed to satisfy constraint: Member must satisfy enum value set: [JSON_SCHEMA, LAMBDA]")
            }
            return ValidatorRecord(type: t, content: v["Content"]?.stringValue ?? "")
        }
    }

    private func typeError(_ k: String, _ type: String) -> APIError {
        APIError(code: "SerializationException", status: 400, message: "Unexpected value type for \(k): expected \(type)")
    }
}
