import AWSCore
import FlagModel
import Foundation
import Testing
@testable import AppConfigEmulator

/// The emulator's CloudTrail: every mutating AppConfig call served (or refused) is an event
/// naming the caller the way CloudTrail does; reads are not; LookupEvents filters and pages.
@Suite struct CloudTrailTests {
    let creds = Credentials(accessKeyId: testAccount.accessKeyId, secretAccessKey: testAccount.secretAccessKey)

    func core() throws -> (EmulatorCore, app: String, env: String, profile: String) {
        let (e, app, env, profile) = try fixture()
        // Lookups here come faster than CloudTrail's two a second (`theRateLimitIs…` tests that).
        return (EmulatorCore(engine: e, clock: VirtualClock(now: t0, timeScale: 0), persistence: nil,
                             lookupLimiter: LookupRateLimiter(perSecond: 1000)), app, env, profile)
    }

    func lookup(_ c: EmulatorCore, _ body: String, as credentials: Credentials? = nil) async throws -> WireResponse {
        await c.handle(try received(method: "POST", path: "/",
                                    headers: [HTTPHeader("Content-Type", "application/x-amz-json-1.1"),
                                              HTTPHeader("X-Amz-Target", CloudTrailClient.target)],
                                    body: Array(body.utf8), credentials: credentials ?? creds, service: "cloudtrail"))
    }

    func events(_ r: WireResponse) throws -> [JSONValue] { try JSONParser.parse(r.body)["Events"]?.arrayValue ?? [] }

    @Test func writesAreRecordedWithTheirIdsAndReadsAreNot() async throws {
        let (c, app, env, profile) = try core()
        _ = await c.handle(try received(method: "GET", path: "/applications", credentials: creds))
        let created = await c.handle(try received(
            method: "POST", path: "/applications/\(app)/configurationprofiles/\(profile)/hostedconfigurationversions",
            headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Description", "off for INC-7"),
                      HTTPHeader("User-Agent", "Boto3/1.43.11 test")],
            body: Array(flagDoc(false).utf8), credentials: creds))
        #expect(created.status == 201)
        let started = await c.handle(try received(
            method: "POST", path: "/applications/\(app)/environments/\(env)/deployments",
            headers: [HTTPHeader("Content-Type", "application/json")],
            body: Array(#"{"DeploymentStrategyId":"AppConfig.AllAtOnce","ConfigurationProfileId":"\#(profile)","ConfigurationVersion":"2"}"#.utf8),
            credentials: creds))
        #expect(started.status == 201)
        #expect(c.engine.trailCount == 2, "the read is not recorded")

        let all = try events(try await lookup(c, "{}"))
        #expect(all.map { $0["EventName"]?.stringValue } == ["StartDeployment", "CreateHostedConfigurationVersion"])
        let version = try TrailEvent(cloudTrailEvent: try #require(all[1]["CloudTrailEvent"]?.stringValue))
        #expect(version.author == ChangeAuthor(type: "IAMUser", arn: "arn:aws:iam::\(testAccount.accountId):user/test", name: "test", role: nil))
        #expect(version.applicationId == app && version.profileId == profile && version.versionNumber == 2)
        #expect(version.userAgent == "Boto3/1.43.11 test")
        let record = try JSONParser.parse(try #require(all[1]["CloudTrailEvent"]?.stringValue))
        #expect(record["requestParameters"]?["content"]?.stringValue == "HIDDEN_DUE_TO_SECURITY_REASONS",
                "configuration content is never recorded")
        let versionText = all[1]["CloudTrailEvent"]?.stringValue ?? ""
        #expect(!versionText.contains("new_checkout"))
        let deployment = try TrailEvent(cloudTrailEvent: try #require(all[0]["CloudTrailEvent"]?.stringValue))
        #expect(deployment.applicationId == app && deployment.environmentId == env && deployment.deploymentNumber == 1)
    }

    @Test func aRefusedWriteIsRecordedWithItsError() async throws {
        let (c, app, _, profile) = try core()
        let conflict = await c.handle(try received(
            method: "POST", path: "/applications/\(app)/configurationprofiles/\(profile)/hostedconfigurationversions",
            headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Latest-Version-Number", "7")],
            body: Array(flagDoc(false).utf8), credentials: creds))
        #expect(conflict.status == 409)
        let event = try TrailEvent(cloudTrailEvent: try #require(try events(try await lookup(c, "{}")).first?["CloudTrailEvent"]?.stringValue))
        #expect(event.errorCode == "ConflictException" && !event.succeeded)
        #expect(AuditTrail(events: [event]).creationEvents.isEmpty, "a failed write created nothing")
    }

    @Test func anAssumedRoleSessionIsNamedByRoleAndSession() async throws {
        let (c, app, _, _) = try core()
        let session = c.engine.createSession(accountId: testAccount.accountId, roleName: "release-manager", sessionName: "alice",
                                             duration: 3600, now: Date())
        let sessionCreds = Credentials(accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey,
                                       sessionToken: session.sessionToken)
        let r = await c.handle(try received(method: "PATCH", path: "/applications/\(app)",
                                            headers: [HTTPHeader("Content-Type", "application/json")],
                                            body: Array(#"{"Description":"renamed"}"#.utf8), credentials: sessionCreds))
        #expect(r.status == 200)
        let e = try #require(try events(try await lookup(c, #"{"LookupAttributes":[{"AttributeKey":"Username","AttributeValue":"alice"}]}"#)).first)
        #expect(e["Username"]?.stringValue == "alice" && e["AccessKeyId"]?.stringValue == session.accessKeyId)
        let author = try TrailEvent(cloudTrailEvent: try #require(e["CloudTrailEvent"]?.stringValue)).author
        #expect(author.arn == "arn:aws:sts::\(testAccount.accountId):assumed-role/release-manager/alice")
        #expect(author.role == "release-manager" && author.name == "alice" && author.display == "release-manager/alice")
    }

    @Test func lookupPagesNewestFirstAndChecksItsParameters() async throws {
        let (c, app, _, _) = try core()
        for i in 0..<7 {
            c.clock.advance(by: 60)
            _ = await c.handle(try received(method: "PATCH", path: "/applications/\(app)", headers: [HTTPHeader("Content-Type", "application/json")],
                                            body: Array(#"{"Description":"d\#(i)"}"#.utf8), credentials: creds))
        }
        let first = try await lookup(c, #"{"MaxResults":3,"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"UpdateApplication"}]}"#)
        let page = try JSONParser.parse(first.body)
        let token = try #require(page["NextToken"]?.stringValue)
        #expect(try events(first).count == 3)
        let second = try await lookup(c, #"{"MaxResults":3,"NextToken":"\#(token)","LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"UpdateApplication"}]}"#)
        let times = try (events(first) + events(second)).compactMap { $0["EventTime"]?.numberValue?.doubleValue }
        #expect(times.count == 6 && times == times.sorted(by: >))
        let other = try await lookup(c, #"{"NextToken":"\#(token)"}"#)
        let otherType = try JSONParser.parse(other.body)["__type"]?.stringValue
        #expect(otherType == "InvalidNextTokenException")
        let two = try await lookup(c, #"{"LookupAttributes":[{"AttributeKey":"EventName","AttributeValue":"a"},{"AttributeKey":"Username","AttributeValue":"b"}]}"#)
        #expect(try JSONParser.parse(two.body)["__type"]?.stringValue == "InvalidLookupAttributesException")
        let big = try await lookup(c, #"{"MaxResults":51}"#)
        #expect(try JSONParser.parse(big.body)["__type"]?.stringValue == "InvalidMaxResultsException")
        let backwards = try await lookup(c, #"{"StartTime":1790001000,"EndTime":1790000000}"#)
        #expect(try JSONParser.parse(backwards.body)["__type"]?.stringValue == "InvalidTimeRangeException")
        let window = try await lookup(c, #"{"StartTime":\#(t0.timeIntervalSince1970 + 150),"EndTime":\#(t0.timeIntervalSince1970 + 270)}"#)
        #expect(try events(window).count == 2, "events at t0+180 and t0+240")
    }

    @Test func eachAccountAndRegionSeesOnlyItsOwnHistory() async throws {
        let (c, app, _, _) = try core()
        let other = EmulatorAccount(accountId: "210987654321", name: "other", accessKeyId: "AKIDEMOOTHER00000001",
                                    secretAccessKey: "emulator-other-secret-00000000000000001", regions: ["us-east-1"])
        c.engine.addAccount(other)
        _ = await c.handle(try received(method: "PATCH", path: "/applications/\(app)", headers: [HTTPHeader("Content-Type", "application/json")],
                                        body: Array(#"{"Description":"x"}"#.utf8), credentials: creds))
        let otherCreds = Credentials(accessKeyId: other.accessKeyId, secretAccessKey: other.secretAccessKey)
        #expect(try events(try await lookup(c, "{}", as: otherCreds)).isEmpty)
        let elsewhere = await c.handle(try received(method: "POST", path: "/", headers: [HTTPHeader("Content-Type", "application/x-amz-json-1.1"),
                                                                                          HTTPHeader("X-Amz-Target", CloudTrailClient.target)],
                                                    body: Array("{}".utf8), credentials: creds, region: "eu-west-1", service: "cloudtrail"))
        #expect(try events(elsewhere).isEmpty)
        #expect(try events(try await lookup(c, "{}")).count == 1)
    }

    @Test func theRateLimitIsTwoASecondPerAccountAndRegion() {
        let limiter = LookupRateLimiter()
        let now = Date()
        #expect(limiter.admit(accountId: "a", region: "r", now: now) && limiter.admit(accountId: "a", region: "r", now: now))
        #expect(!limiter.admit(accountId: "a", region: "r", now: now), "a third at the same instant is throttled")
        #expect(limiter.admit(accountId: "b", region: "r", now: now), "another account has its own")
        #expect(limiter.admit(accountId: "a", region: "r", now: now.addingTimeInterval(0.5)))
        #expect(limiter.throttledCount == 1)
    }

    @Test func theDemoSeedSaysWhoMadeItsHistory() throws {
        let engine = try Seeds.build(.demo, now: t0)
        let world = engine.snapshot()
        let versions = world.regions.values.reduce(0) { $0 + $1.versions.count }
        let deployments = world.regions.values.reduce(0) { $0 + $1.deployments.count }
        let stops = world.regions.values.reduce(0) { $0 + $1.deployments.filter { $0.stoppedAt != nil || $0.revertedAt != nil }.count }
        #expect(engine.trailCount == versions + deployments + stops)
        let events = try world.trail.map { try TrailEvent(cloudTrailEvent: $0.document) }
        #expect(events.contains { $0.author.isIdentityCenter && $0.author.display.hasSuffix("@example.com") })
        #expect(events.contains { $0.author.role == SeedTrail.ciRole && $0.eventName == "StartDeployment" })
        #expect(events.filter { $0.eventName == "StopDeployment" }.allSatisfy { $0.author.name == SeedTrail.onCall })
    }

    func header(_ r: WireResponse, _ name: String) -> String? { r.headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
}
