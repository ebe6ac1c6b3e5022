import FlagModel
import Foundation

/// CloudTrail (2013-11-01, awsJson1_1: `X-Amz-Target: com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents`):
/// the event history of the caller's account and region, newest first, 90 days back,
/// at most two lookups a second per account and region (`LookupRateLimiter`).
enum CloudTrailService {
    static let targetPrefix = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101."
    static let operations: Set = ["LookupEvents"]
    static let attributeKeys: Set = ["EventId", "EventName", "ReadOnly", "Username", "ResourceType", "ResourceName",
                                     "EventSource", "AccessKeyId"]
    static let retention: TimeInterval = 90 * 86_400

    static func operation(of r: ReceivedRequest) -> String? {
        guard let target = r.header("x-amz-target"), target.hasPrefix(targetPrefix) else { return nil }
        let name = String(target.dropFirst(targetPrefix.count))
        return operations.contains(name) ? name : nil
    }

    static func isCloudTrail(_ r: ReceivedRequest) -> Bool {
        r.header("x-amz-target")?.hasPrefix("com.amazonaws.cloudtrail.") == true
    }

    static func handle(_ r: ReceivedRequest, caller: EmulatorEngine.Principal, region: String, engine: EmulatorEngine,
                       now: Date) throws -> JSONValue {
        guard operation(of: r) != nil else { throw EmulatedService.cloudTrail.unknownOperation(r) }
        let body = try JSONBody(r.body)
        let query = try Query(body, now: now)
        let matching = engine.trailEvents(accountId: caller.accountId, region: region)
            .filter { query.matches($0) }
            .sorted { ($0.eventTime, $0.eventId) > ($1.eventTime, $1.eventId) }
        let page: (items: [TrailRecord], next: String?)
        do {
            page = try Pagination.page(matching, limit: query.maxResults, nextToken: query.token, defaultSize: 50, max: 50)
        } catch {
            throw APIError(code: "InvalidNextTokenException", status: 400, message: "Invalid NextToken")
        }
        return Shapes.obj([("Events", .array(page.items.map(event))),
                           ("NextToken", page.next.map { .string(query.fingerprint + "." + $0) })])
    }

    /// The LookupEvents request, validated as CloudTrail does.
    struct Query {
        var attribute: (key: String, value: String)?
        var start: Date
        var end: Date
        var maxResults: Int?
        var insights: Bool
        /// The NextToken's page part, once checked to belong to these parameters.
        var token: String?
        /// Ties a NextToken to the parameters it was issued for.
        var fingerprint: String

        init(_ body: JSONBody, now: Date) throws {
            let attributes = try body.array("LookupAttributes") ?? []
            guard attributes.count <= 1 else {
                throw APIError(code: "InvalidLookupAttributesException", status: 400, message: "You can only specify one lookup attribute.")
            }
            if let a = attributes.first {
                guard let key = a.objectValue?["AttributeKey"]?.stringValue, CloudTrailService.attributeKeys.contains(key),
                      let value = a.objectValue?["AttributeValue"]?.stringValue, !value.isEmpty, value.count <= 2000 else {
                    throw APIError(code: "InvalidLookupAttributesException", status: 400,
                                   message: "Lookup attributes need an AttributeKey of \(CloudTrailService.attributeKeys.sorted().joined(separator: ", ")) and an AttributeValue of 1-2000 characters.")
                }
                attribute = (key, value)
            }
            let givenStart = try Self.date(body, "StartTime"), givenEnd = try Self.date(body, "EndTime")
            start = givenStart ?? now.addingTimeInterval(-CloudTrailService.retention)
            end = givenEnd ?? now
            guard start <= end else {
                throw APIError(code: "InvalidTimeRangeException", status: 400, message: "Start time must be before end time.")
            }
            if let n = try body.int("MaxResults") {
                guard (1...50).contains(n) else {
                    throw APIError(code: "InvalidMaxResultsException", status: 400, message: "MaxResults must be between 1 and 50.")
                }
                maxResults = n
            }
            switch try body.string("EventCategory") {
            case nil: insights = false
            case "insight": insights = true
            case let other?:
                throw APIError(code: "InvalidEventCategoryException", status: 400, message: "Invalid EventCategory \(other)")
            }
            fingerprint = String(format: "%08x", [attribute?.key ?? "", attribute?.value ?? "",
                                                 givenStart.map { "\($0.timeIntervalSince1970)" } ?? "",
                                                 givenEnd.map { "\($0.timeIntervalSince1970)" } ?? "", insights ? "i" : ""]
                .joined(separator: "\u{1}").stableHash32)
            if let next = try body.string("NextToken") {
                let parts = next.split(separator: ".", maxSplits: 1).map(String.init)
                guard parts.count == 2, parts[0] == fingerprint else {
                    throw APIError(code: "InvalidNextTokenException", status: 400,
                                   message: "The NextToken was not issued for these lookup parameters.")
                }
                token = parts[1]
            }
            // 90 days is all the event history keeps.
            start = max(start, now.addingTimeInterval(-CloudTrailService.retention))
        }

        func matches(_ e: TrailRecord) -> Bool {
            guard !insights, e.eventTime >= start, e.eventTime <= end else { return false }
            guard let (key, value) = attribute else { return true }
            switch key {
            case "EventId": return e.eventId == value
            case "EventName": return e.eventName == value
            case "ReadOnly": return String(e.readOnly) == value.lowercased()
            case "Username": return e.username == value
            case "ResourceType": return e.resources.contains { $0.type == value }
            case "ResourceName": return e.resources.contains { $0.name == value || $0.name.hasSuffix("/" + value) }
            case "EventSource": return e.eventSource == value
            default: return e.accessKeyId == value  // AccessKeyId
            }
        }

        private static func date(_ body: JSONBody, _ member: String) throws -> Date? {
            guard let value = body.object[member] else { return nil }
            if let seconds = value.numberValue?.doubleValue { return Date(timeIntervalSince1970: seconds) }
            if let text = value.stringValue, let d = Timestamp.parse(text) { return d }
            throw APIError(code: "SerializationException", status: 400, message: "\(member) must be a timestamp")
        }
    }

    static func event(_ e: TrailRecord) -> JSONValue {
        Shapes.obj([("EventId", .string(e.eventId)), ("EventName", .string(e.eventName)), ("ReadOnly", .string(String(e.readOnly))),
                    ("AccessKeyId", .string(e.accessKeyId)), ("EventTime", Shapes.float(e.eventTime.timeIntervalSince1970.rounded(.down))),
                    ("EventSource", .string(e.eventSource)), ("Username", .string(e.username)),
                    ("Resources", .array(e.resources.map { Shapes.obj([("ResourceType", .string($0.type)), ("ResourceName", .string($0.name))]) })),
                    ("CloudTrailEvent", .string(e.document))])
    }
}

/// CloudTrail's documented LookupEvents quota: two requests a second per account and
/// region (a bucket of two, refilled continuously), on the wall clock.
final class LookupRateLimiter: @unchecked Sendable {
    private let lock = NSLock()
    private var buckets: [String: (tokens: Double, at: Date)] = [:]
    private var throttled = 0
    let perSecond: Double

    init(perSecond: Double = 2) { self.perSecond = perSecond }

    func admit(accountId: String, region: String, now: Date = Date()) -> Bool {
        lock.withLock {
            let key = accountId + "/" + region
            var b = buckets[key] ?? (perSecond, now)
            b.tokens = min(perSecond, b.tokens + now.timeIntervalSince(b.at) * perSecond)
            b.at = now
            let ok = b.tokens >= 1
            if ok { b.tokens -= 1 } else { throttled += 1 }
            buckets[key] = b
            return ok
        }
    }

    var throttledCount: Int { lock.withLock { throttled } }
}
