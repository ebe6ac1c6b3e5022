import Foundation

/// One AppConfig control-plane call from CloudTrail, reduced to what the audit joins on
/// (account, region and the ids the call named or returned) and what it shows.
public struct TrailEvent: Sendable, Hashable, Codable {
    public var eventId: String
    public var eventName: String
    public var time: Date
    public var accountId: String
    public var region: String
    public var author: ChangeAuthor
    public var sourceIP: String?
    public var userAgent: String?
    public var applicationId: String?
    public var environmentId: String?
    public var profileId: String?
    public var deploymentNumber: Int?
    public var versionNumber: Int?
    /// Set when the call failed (AccessDenied, Conflict...): it changed nothing.
    public var errorCode: String?

    /// The events the audit reads: the calls that create versions, start, stop or revert
    /// deployments, and delete versions.
    public static let auditedNames = ["CreateHostedConfigurationVersion", "StartDeployment", "StopDeployment",
                                      "DeleteHostedConfigurationVersion"]

    public enum ParseError: Error, CustomStringConvertible {
        case notJSON(String)
        case missing(String)
        public var description: String {
            switch self {
            case .notJSON(let why): "CloudTrailEvent is not JSON: \(why)"
            case .missing(let path): "CloudTrailEvent has no \(path)"
            }
        }
    }

    /// From LookupEvents' `CloudTrailEvent` string.
    public init(cloudTrailEvent text: String) throws {
        let record: JSONValue
        do { record = try JSONParser.parse(text) } catch { throw ParseError.notJSON("\(error)") }
        guard let id = record["eventID"]?.stringValue else { throw ParseError.missing("$.eventID") }
        guard let name = record["eventName"]?.stringValue else { throw ParseError.missing("$.eventName") }
        guard let timeText = record["eventTime"]?.stringValue, let time = UTCDate.moment(timeText) else {
            throw ParseError.missing("$.eventTime")
        }
        guard let region = record["awsRegion"]?.stringValue else { throw ParseError.missing("$.awsRegion") }
        let account = record["recipientAccountId"]?.stringValue ?? record["userIdentity"]?["accountId"]?.stringValue ?? ""
        let request = record["requestParameters"], response = record["responseElements"]
        func string(_ key: String) -> String? { response?[key]?.stringValue ?? request?[key]?.stringValue }
        func int(_ key: String) -> Int? {
            for v in [response?[key], request?[key]] {
                if let n = v?.numberValue, let i = Int(n.text) { return i }
                if let s = v?.stringValue, let i = Int(s) { return i }
            }
            return nil
        }
        self.init(eventId: id, eventName: name, time: time, accountId: account, region: region,
                  author: ChangeAuthor(userIdentity: record["userIdentity"]),
                  sourceIP: record["sourceIPAddress"]?.stringValue, userAgent: record["userAgent"]?.stringValue,
                  applicationId: string("applicationId"), environmentId: string("environmentId"),
                  profileId: string("configurationProfileId"), deploymentNumber: int("deploymentNumber"),
                  versionNumber: int("versionNumber"), errorCode: record["errorCode"]?.stringValue)
    }

    public init(eventId: String, eventName: String, time: Date, accountId: String, region: String, author: ChangeAuthor,
                sourceIP: String? = nil, userAgent: String? = nil, applicationId: String? = nil, environmentId: String? = nil,
                profileId: String? = nil, deploymentNumber: Int? = nil, versionNumber: Int? = nil, errorCode: String? = nil) {
        self.eventId = eventId
        self.eventName = eventName
        self.time = time
        self.accountId = accountId
        self.region = region
        self.author = author
        self.sourceIP = sourceIP
        self.userAgent = userAgent
        self.applicationId = applicationId
        self.environmentId = environmentId
        self.profileId = profileId
        self.deploymentNumber = deploymentNumber
        self.versionNumber = versionNumber
        self.errorCode = errorCode
    }

    public var succeeded: Bool { errorCode == nil }
}
