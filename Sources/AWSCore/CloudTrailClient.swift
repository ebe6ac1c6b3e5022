import Foundation

/// CloudTrail's event history over JSON 1.1 (`X-Amz-Target:
/// com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents`): one page at a
/// time, so the caller can pace pages (two lookups a second per account and region) and
/// keep what it read before a failure.
public struct CloudTrailClient: Sendable {
    public static let signingName = "cloudtrail"
    public static let target = "com.amazonaws.cloudtrail.v20131101.CloudTrail_20131101.LookupEvents"
    /// LookupEvents' MaxResults bound.
    public static let maxPageSize = 50

    public let aws: AWSClient
    public let region: String

    public init(aws: AWSClient, region: String) {
        self.aws = aws
        self.region = region
    }

    public struct LookedUpEvent: Sendable, Hashable {
        public var eventId: String
        public var eventName: String
        public var eventTime: Date
        /// The whole record, as CloudTrail serialises it.
        public var cloudTrailEvent: String
    }

    public struct Page: Sendable {
        public var events: [LookedUpEvent]
        public var nextToken: String?
    }

    /// One page of events named `eventName` from `start` (to `end`, else to CloudTrail's
    /// now), newest first.
    public func lookupEvents(eventName: String, start: Date, end: Date? = nil, nextToken: String?) async throws -> Page {
        var input: [String: Any] = [
            "LookupAttributes": [["AttributeKey": "EventName", "AttributeValue": eventName]],
            "StartTime": start.timeIntervalSince1970.rounded(.down), "MaxResults": Self.maxPageSize,
        ]
        if let end { input["EndTime"] = end.timeIntervalSince1970.rounded(.up) }
        if let nextToken { input["NextToken"] = nextToken }
        let request = AWSRequest(
            service: Self.signingName, region: region, method: "POST",
            endpoint: try aws.endpoint(service: Self.signingName, region: region), path: "/",
            headers: [HTTPHeader("Content-Type", "application/x-amz-json-1.1"), HTTPHeader("X-Amz-Target", Self.target)],
            body: DiscoveryJSON.encode(input), wireProtocol: .restJSON, isIdempotent: true)
        let output = try DiscoveryJSON.decode(try await aws.send(request), operation: "LookupEvents")
        let events: [LookedUpEvent] = ((output["Events"] as? [[String: Any]]) ?? []).compactMap { e in
            guard let id = e["EventId"] as? String, let document = e["CloudTrailEvent"] as? String else { return nil }
            let seconds = (e["EventTime"] as? Double) ?? (e["EventTime"] as? NSNumber)?.doubleValue ?? 0
            return LookedUpEvent(eventId: id, eventName: (e["EventName"] as? String) ?? eventName,
                                 eventTime: Date(timeIntervalSince1970: seconds), cloudTrailEvent: document)
        }
        return Page(events: events, nextToken: (output["NextToken"] as? String).flatMap { $0.isEmpty ? nil : $0 })
    }
}
