import Foundation
import Testing
@testable import FlagModel

/// Who made a change: CloudTrail records read into identities, and joined to the scan's
/// deployments and versions by account, region, ids and numbers.
@Suite struct AuditTrailTests {
    static let t = Date(timeIntervalSince1970: 1_795_000_000)

    func record(_ identity: String, name: String = "StartDeployment", request: String, response: String = "null",
                error: String? = nil) -> String {
        """
        {"eventVersion":"1.09","userIdentity":\(identity),"eventTime":"2026-11-18T09:46:40Z","eventSource":"appconfig.amazonaws.com",
         "eventName":"\(name)","awsRegion":"eu-west-1","sourceIPAddress":"198.51.100.4","userAgent":"aws-cli/2.22.4 md/x",
         \(error.map { #""errorCode":"\#($0)","# } ?? "")
         "requestParameters":\(request),"responseElements":\(response),"eventID":"ev-1","recipientAccountId":"111122223333"}
        """
    }

    let user = #"{"type":"IAMUser","principalId":"AIDA1","arn":"arn:aws:iam::111122223333:user/jane","accountId":"111122223333","accessKeyId":"AKIAEXAMPLE","userName":"jane"}"#
    let sso = #"{"type":"AssumedRole","principalId":"AROA1:li.wei@example.com","arn":"arn:aws:sts::111122223333:assumed-role/AWSReservedSSO_PowerUser_0a1b2c3d/li.wei@example.com","accountId":"111122223333","accessKeyId":"ASIAEXAMPLE","sessionContext":{"sessionIssuer":{"type":"Role","arn":"arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_PowerUser_0a1b2c3d","userName":"AWSReservedSSO_PowerUser_0a1b2c3d"}}}"#

    @Test func identitiesAreNamedAsAPersonWouldLookForThem() throws {
        let jane = try TrailEvent(cloudTrailEvent: record(user, request: "{}")).author
        #expect(jane.display == "jane" && jane.type == "IAMUser")
        let li = try TrailEvent(cloudTrailEvent: record(sso, request: "{}")).author
        #expect(li.display == "li.wei@example.com" && li.permissionSet == "PowerUser" && li.isIdentityCenter)
        let ci = ChangeAuthor(userIdentity: try JSONParser.parse(
            #"{"type":"AssumedRole","arn":"arn:aws:sts::1:assumed-role/deployer/build-4411"}"#))
        #expect(ci.display == "deployer/build-4411" && ci.role == "deployer" && !ci.isIdentityCenter)
        #expect(ChangeAuthor(userIdentity: try JSONParser.parse(#"{"type":"Root","arn":"arn:aws:iam::1:root"}"#)).display == "root")
        #expect(ChangeAuthor.shortAgent("Mozilla/5.0 (X11)") == "console (browser)")
    }

    @Test func noPartOfAKeyIsKept() throws {
        let event = try TrailEvent(cloudTrailEvent: record(user, request: "{}"))
        let encoded = String(decoding: try JSONEncoder().encode(event), as: UTF8.self)
        #expect(!encoded.contains("AKIAEXAMPLE"))
    }

    @Test func idsComeFromTheResponseElseTheRequest() throws {
        let start = try TrailEvent(cloudTrailEvent: record(user, request: #"{"applicationId":"app1","environmentId":"env1","configurationVersion":"3"}"#,
                                                           response: #"{"applicationId":"app1","environmentId":"env1","deploymentNumber":12}"#))
        #expect(start.applicationId == "app1" && start.environmentId == "env1" && start.deploymentNumber == 12)
        let stop = try TrailEvent(cloudTrailEvent: record(user, name: "StopDeployment",
                                                          request: #"{"applicationId":"app1","environmentId":"env1","deploymentNumber":"12"}"#))
        #expect(stop.deploymentNumber == 12)
        #expect(throws: TrailEvent.ParseError.self) { try TrailEvent(cloudTrailEvent: #"{"eventName":"x"}"#) }
        #expect(throws: TrailEvent.ParseError.self) { try TrailEvent(cloudTrailEvent: "not json") }
    }

    func deployment(_ number: Int, env: String = "prod", ids: Bool = true) -> DeploymentRecord {
        var d = DeploymentRecord(environment: EnvironmentID(accountName: "payments-prod", accountId: "111122223333", region: "eu-west-1",
                                                            applicationName: "checkout", environmentName: env),
                                 profileName: "flags", deploymentNumber: number, state: .complete, percentageComplete: 100,
                                 startedAt: Self.t, completedAt: Self.t, configurationVersion: number, strategyName: "AppConfig.AllAtOnce",
                                 description: nil, changes: [FlagChange(key: "express_pay", kind: .changed, stateAfter: .off, detail: "on → off")])
        if ids {
            d.applicationId = "app1"
            d.environmentId = "env-\(env)"
            d.profileId = "prof1"
        }
        return d
    }

    func event(_ name: String, deployment: Int? = nil, version: Int? = nil, env: String = "prod", by author: String = "jane",
               error: String? = nil, id: String = UUID().uuidString) -> TrailEvent {
        TrailEvent(eventId: id, eventName: name, time: Self.t, accountId: "111122223333", region: "eu-west-1",
                   author: ChangeAuthor(type: "IAMUser", arn: nil, name: author, role: nil), applicationId: "app1",
                   environmentId: env, profileId: "prof1", deploymentNumber: deployment, versionNumber: version, errorCode: error)
    }

    @Test func deploymentsAndVersionsAreJoinedByAccountRegionIdsAndNumbers() {
        var result = ScanResult(scannedAt: Self.t, snapshot: FleetSnapshot(asOf: Self.t, environments: [], rows: []),
                                deployments: [deployment(4), deployment(4, env: "dev"), deployment(5, ids: false)], errors: [])
        result.profiles = [ProfileRef(accountId: "111122223333", region: "eu-west-1", applicationName: "checkout", profileId: "prof1", profileName: "flags")]
        result.versions = [VersionRecord(profile: result.profiles[0], versionNumber: 4,
                                         changes: [FlagChange(key: "express_pay", kind: .changed, stateAfter: .off, detail: "on → off")])]
        let trail = AuditTrail(events: [
            event("StartDeployment", deployment: 4, env: "env-prod", by: "jane"),
            event("StartDeployment", deployment: 4, env: "env-dev", by: "omar", error: "ConflictException"),
            event("StopDeployment", deployment: 4, env: "env-prod", by: "oncall"),
            event("CreateHostedConfigurationVersion", version: 4, by: "li"),
            event("CreateHostedConfigurationVersion", version: 9, by: "nobody-deployed-it"),
        ])
        let notes = [JournalNote(target: "payments-prod/eu-west-1/checkout/prod", profile: "flags", deploymentNumber: 4,
                                 newVersion: 4, actor: "alice", reason: "INC-42", flag: "checkout/flags/express_pay")]
        let rows = AuditLog.rows(result, trail: trail, notes: notes)
        #expect(rows.count == 5, "3 deployments and 2 version creations")
        let prod = rows.first { $0.environment == "prod" && $0.deploymentNumber == 4 }
        #expect(prod?.whoText == "jane" && prod?.stoppedBy?.author.name == "oncall" && prod?.note?.reason == "INC-42")
        #expect(rows.first { $0.environment == "dev" }?.whoText == "—", "a failed StartDeployment started nothing")
        #expect(rows.first { $0.deploymentNumber == 5 }?.whoText == "—", "no ids: nothing to join on, not a guess")
        let v4 = rows.first { $0.kind == .version && $0.version == 4 }
        #expect(v4?.whoText == "li" && v4?.changes?.first?.key == "express_pay" && v4?.note?.actor == "alice")
        let v9 = rows.first { $0.kind == .version && $0.version == 9 }
        #expect(v9?.changes == nil && v9?.place == "payments-prod/eu-west-1/checkout")

        let flag = AuditFilter(flag: FlagID(application: "checkout", profile: "flags", key: "express_pay"))
        #expect(rows.filter(flag.matches).count == 5, "the three deployments and v4 changed it; v9's changes are unknown: kept")
        #expect(rows.filter(AuditFilter(flag: FlagID(application: "checkout", profile: "flags", key: "other")).matches).map(\.version) == [9])
        #expect(rows.filter(AuditFilter(account: "payments-prod").matches).count == 5)
        #expect(rows.filter(AuditFilter(account: "111122223333").matches).count == 5)
        #expect(rows.filter(AuditFilter(since: Self.t.addingTimeInterval(1)).matches).isEmpty)
    }

    @Test func whyWhoIsUnknownIsSaid() {
        let d = deployment(4)
        #expect(AuditLog.attribution(of: d, in: .off) == .off)
        #expect(AuditLog.attribution(of: d, in: .loading) == .loading)
        let denied = AuditTrail(gaps: [AuditTrail.Gap(accountId: "111122223333", region: "eu-west-1", message: "AccessDenied")])
        #expect(AuditLog.attribution(of: d, in: denied) == .unreadable("AccessDenied"))
        #expect(AuditLog.attribution(of: d, in: AuditTrail()) == .notFound)
        #expect(AuditRow.Attribution.unreadable("x").text == "no CloudTrail access")
    }
}
