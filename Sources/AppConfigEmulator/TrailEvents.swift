import FlagModel
import Foundation

/// One CloudTrail management event as the emulator keeps it: the lookup attributes
/// `LookupEvents` filters on, and the full record (`CloudTrailEvent`) as AWS serialises it.
struct TrailRecord: Codable, Sendable {
    var eventId: String
    var accountId: String
    var region: String
    var eventTime: Date
    var eventName: String
    var eventSource: String
    var username: String
    var accessKeyId: String
    var readOnly: Bool
    var resources: [TrailResource]
    /// The JSON document LookupEvents returns as the `CloudTrailEvent` string.
    var document: String
}

struct TrailResource: Codable, Sendable, Hashable {
    var type: String
    var name: String
}

/// Who made a call, as CloudTrail's `userIdentity` names them. Derived from the key that
/// signed the request: an account key is an IAM user, an STS session an assumed role.
struct TrailIdentity: Sendable {
    enum Kind: Sendable { case iamUser(name: String), assumedRole(role: String, session: String, issuedAt: Date?) }
    var kind: Kind
    var accountId: String
    var accessKeyId: String

    init(_ principal: EmulatorEngine.Principal, accessKeyId: String) {
        switch principal {
        case .account(let a): kind = .iamUser(name: a.name)
        case .session(let s):
            kind = .assumedRole(role: s.roleName, session: s.sessionName, issuedAt: s.expiration.addingTimeInterval(-3600))
        }
        accountId = principal.accountId
        self.accessKeyId = accessKeyId
    }

    init(kind: Kind, accountId: String, accessKeyId: String) {
        self.kind = kind
        self.accountId = accountId
        self.accessKeyId = accessKeyId
    }

    /// LookupEvents' `Username`: the IAM user name, or the role session name.
    var username: String {
        switch kind {
        case .iamUser(let name): name
        case .assumedRole(_, let session, _): session
        }
    }

    var json: JSONValue {
        switch kind {
        case .iamUser(let name):
            return Shapes.obj([("type", "IAMUser"), ("principalId", .string(Self.uniqueId("AIDA", accountId + name))),
                               ("arn", .string("arn:aws:iam::\(accountId):user/\(name)")), ("accountId", .string(accountId)),
                               ("accessKeyId", .string(accessKeyId)), ("userName", .string(name))])
        case .assumedRole(let role, let session, let issuedAt):
            let roleId = Self.uniqueId("AROA", accountId + role)
            let issuer = Shapes.obj([("type", "Role"), ("principalId", .string(roleId)),
                                     ("arn", .string("arn:aws:iam::\(accountId):role/\(role)")), ("accountId", .string(accountId)),
                                     ("userName", .string(role))])
            let attributes = Shapes.obj([("creationDate", Shapes.time(issuedAt)), ("mfaAuthenticated", "false")])
            return Shapes.obj([("type", "AssumedRole"), ("principalId", .string("\(roleId):\(session)")),
                               ("arn", .string("arn:aws:sts::\(accountId):assumed-role/\(role)/\(session)")),
                               ("accountId", .string(accountId)), ("accessKeyId", .string(accessKeyId)),
                               ("sessionContext", Shapes.obj([("sessionIssuer", issuer), ("attributes", attributes)]))])
        }
    }

    /// IAM's unique ids (`AIDA…`, `AROA…`): 21 characters, stable for a name.
    static func uniqueId(_ prefix: String, _ seed: String) -> String {
        var r = SplitMix64(seed: seed.stableHash64)
        return prefix + r.string(length: 17, alphabet: SplitMix64.upperAlnum)
    }
}

/// The call a trail event describes, before it becomes a record.
struct TrailCall: Sendable {
    var eventName: String
    var identity: TrailIdentity
    var region: String
    var time: Date
    var sourceIP: String
    var userAgent: String
    var requestParameters: JSONValue?
    var responseElements: JSONValue?
    var errorCode: String?
    var errorMessage: String?
    var requestId: String
    var resources: [TrailResource]

    static let appConfigSource = "appconfig.amazonaws.com"

    /// The record, with CloudTrail's field order (eventVersion 1.09).
    func record(eventId: String) -> TrailRecord {
        let document = Shapes.obj([
            ("eventVersion", "1.09"), ("userIdentity", identity.json),
            ("eventTime", .string(Self.eventTime(time))), ("eventSource", .string(Self.appConfigSource)),
            ("eventName", .string(eventName)), ("awsRegion", .string(region)),
            ("sourceIPAddress", .string(sourceIP)), ("userAgent", .string(userAgent)),
            ("errorCode", Shapes.str(errorCode)), ("errorMessage", Shapes.str(errorMessage)),
            ("requestParameters", requestParameters ?? .null), ("responseElements", responseElements ?? .null),
            ("requestID", .string(requestId)), ("eventID", .string(eventId)), ("readOnly", .bool(false)),
            ("resources", resources.isEmpty ? nil : .array(resources.map {
                Shapes.obj([("accountId", .string(identity.accountId)), ("type", .string($0.type)), ("ARN", .string($0.name))])
            })),
            ("eventType", "AwsApiCall"), ("managementEvent", .bool(true)),
            ("recipientAccountId", .string(identity.accountId)), ("eventCategory", "Management"),
        ]).serialized(pretty: false)
        return TrailRecord(eventId: eventId, accountId: identity.accountId, region: region, eventTime: time,
                           eventName: eventName, eventSource: Self.appConfigSource, username: identity.username,
                           accessKeyId: identity.accessKeyId, readOnly: false, resources: resources, document: document)
    }

    /// CloudTrail writes whole seconds: `2026-11-30T09:12:44Z`.
    static func eventTime(_ d: Date) -> String {
        Timestamp.format(Date(timeIntervalSince1970: d.timeIntervalSince1970.rounded(.down)), fractional: false)
    }
}
