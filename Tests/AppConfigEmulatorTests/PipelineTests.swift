import AWSCore
import FlagModel
import Foundation
import Testing
@testable import AppConfigEmulator

@Suite struct PipelineTests {
    func core(_ engine: EmulatorEngine? = nil) throws -> EmulatorCore {
        let e = try engine ?? fixture().0
        return EmulatorCore(engine: e, clock: VirtualClock(now: t0, timeScale: 0), persistence: nil)
    }

    let creds = Credentials(accessKeyId: testAccount.accessKeyId, secretAccessKey: testAccount.secretAccessKey)

    func json(_ r: WireResponse) throws -> JSONValue { try JSONParser.parse(r.body) }
    func header(_ r: WireResponse, _ name: String) -> String? { r.headers.first { $0.0.lowercased() == name.lowercased() }?.1 }

    @Test func acceptsValidSignature() async throws {
        let c = try core()
        let r = await c.handle(try received(method: "GET", path: "/applications", query: [QueryItem("max_results", "1")], credentials: creds))
        #expect(r.status == 200)
        #expect(try json(r)["Items"]?.arrayValue?.count == 1)
        #expect(c.stats.snapshot().operations["ListApplications"] == 1)
    }

    @Test func rejectsBadSignatureUnknownKeyAndMissingAuth() async throws {
        let c = try core()
        var tampered = try received(method: "GET", path: "/applications", credentials: creds)
        tampered.rawQuery = "max_results=2"
        let bad = await c.handle(tampered)
        #expect(bad.status == 403 && header(bad, "x-amzn-ErrorType") == "SignatureDoesNotMatch")

        let wrongSecret = Credentials(accessKeyId: testAccount.accessKeyId, secretAccessKey: "wrong")
        let bad2 = await c.handle(try received(method: "GET", path: "/applications", credentials: wrongSecret))
        #expect(header(bad2, "x-amzn-ErrorType") == "SignatureDoesNotMatch")

        let unknown = Credentials(accessKeyId: "AKIDEMOUNKNOWN000000", secretAccessKey: "x")
        let u = await c.handle(try received(method: "GET", path: "/applications", credentials: unknown))
        #expect(u.status == 403 && header(u, "x-amzn-ErrorType") == "UnrecognizedClientException")

        let none = await c.handle(ReceivedRequest(method: "GET", rawPath: "/applications", rawQuery: "", headers: [], body: []))
        #expect(none.status == 403 && header(none, "x-amzn-ErrorType") == "MissingAuthenticationTokenException")

        let skewed = await c.handle(try received(method: "GET", path: "/applications", credentials: creds, date: Date().addingTimeInterval(-3600)))
        #expect(skewed.status == 403)
    }

    @Test func stsAssumeRoleThenUseSession() async throws {
        let c = try core()
        let form = PercentEncoding.formEncode([QueryItem("Action", "AssumeRole"), QueryItem("Version", "2011-06-15"),
                                               QueryItem("RoleArn", "arn:aws:iam::\(testAccount.accountId):role/Reader"),
                                               QueryItem("RoleSessionName", "flagdeck")])
        let r = await c.handle(try received(method: "POST", path: "/", headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                                            body: Array(form.utf8), credentials: creds, service: "sts"))
        #expect(r.status == 200)
        let xml = String(decoding: r.body, as: UTF8.self)
        func tag(_ name: String) -> String? {
            guard let a = xml.range(of: "<\(name)>"), let b = xml.range(of: "</\(name)>") else { return nil }
            return String(xml[a.upperBound..<b.lowerBound])
        }
        let akid = try #require(tag("AccessKeyId"))
        #expect(akid.hasPrefix("ASIA") && akid.count == 20)
        let session = Credentials(accessKeyId: akid, secretAccessKey: try #require(tag("SecretAccessKey")), sessionToken: tag("SessionToken"))
        let ok = await c.handle(try received(method: "GET", path: "/applications", credentials: session))
        #expect(ok.status == 200)

        // Without the token: invalid. After expiry: expired.
        let noToken = Credentials(accessKeyId: session.accessKeyId, secretAccessKey: session.secretAccessKey)
        let r2 = await c.handle(try received(method: "GET", path: "/applications", credentials: noToken))
        #expect(header(r2, "x-amzn-ErrorType") == "UnrecognizedClientException")
        c.clock.advance(by: 3601)
        let r3 = await c.handle(try received(method: "GET", path: "/applications", credentials: session))
        #expect(r3.status == 403 && header(r3, "x-amzn-ErrorType") == "ExpiredTokenException")

        // Unknown account: AccessDenied in STS's XML error shape.
        let form2 = PercentEncoding.formEncode([QueryItem("Action", "AssumeRole"), QueryItem("Version", "2011-06-15"),
                                                QueryItem("RoleArn", "arn:aws:iam::999999999999:role/Reader"), QueryItem("RoleSessionName", "x1")])
        let denied = await c.handle(try received(method: "POST", path: "/", headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
                                                 body: Array(form2.utf8), credentials: creds, service: "sts"))
        #expect(denied.status == 403 && String(decoding: denied.body, as: UTF8.self).contains("<Code>AccessDenied</Code>"))
    }

    @Test func hostedVersionWireShape() async throws {
        let (e, app, _, profile) = try fixture()
        let c = try core(e)
        let r = await c.handle(try received(method: "POST", path: "/applications/\(app)/configurationprofiles/\(profile)/hostedconfigurationversions",
                                            headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Latest-Version-Number", "1"),
                                                      HTTPHeader("Description", "turn off"), HTTPHeader("VersionLabel", "v2-off")],
                                            body: Array(flagDoc(false).utf8), credentials: creds))
        #expect(r.status == 201)
        #expect(header(r, "Version-Number") == "2")
        #expect(header(r, "VersionLabel") == "v2-off")
        #expect(header(r, "Application-Id") == app)
        let conflict = await c.handle(try received(method: "POST", path: "/applications/\(app)/configurationprofiles/\(profile)/hostedconfigurationversions",
                                                   headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Latest-Version-Number", "1")],
                                                   body: Array(flagDoc(true).utf8), credentials: creds))
        #expect(conflict.status == 409 && header(conflict, "x-amzn-ErrorType") == "ConflictException")
    }

    @Test func faultsAreDeterministic() async throws {
        let c = try core()
        c.faults.set(FaultConfig(throttlePercent: 100))
        let r = await c.handle(try received(method: "GET", path: "/applications", credentials: creds))
        #expect(r.status == 400 && header(r, "x-amzn-ErrorType") == "ThrottlingException")
        c.faults.set(FaultConfig(errorPercent: 50))
        var statuses: [Int] = []
        for _ in 0..<4 { statuses.append(await c.handle(try received(method: "GET", path: "/applications", credentials: creds)).status) }
        #expect(statuses.filter { $0 == 500 }.count == 2)
        c.faults.set(FaultConfig(errorPercent: 100, accounts: ["000000000000"]))
        #expect(await c.handle(try received(method: "GET", path: "/applications", credentials: creds)).status == 200)
    }

    @Test func adminClock() async throws {
        let c = try core()
        let put = await c.handle(ReceivedRequest(method: "PUT", rawPath: "/_emulator/clock", rawQuery: "", headers: [],
                                                 body: Array(#"{"advanceSeconds": 3600}"#.utf8)))
        #expect(put.status == 200)
        #expect(c.clock.now() == t0.addingTimeInterval(3600))
        let set = await c.handle(ReceivedRequest(method: "PUT", rawPath: "/_emulator/clock", rawQuery: "", headers: [],
                                                 body: Array(#"{"now": "2026-01-02T03:04:05Z"}"#.utf8)))
        #expect(set.status == 200)
        #expect(Timestamp.format(c.clock.now(), fractional: false) == "2026-01-02T03:04:05Z")
        let accounts = await c.handle(ReceivedRequest(method: "GET", rawPath: "/_emulator/accounts", rawQuery: "", headers: [], body: []))
        #expect(try json(accounts).arrayValue?.first?["accessKeyId"]?.stringValue == testAccount.accessKeyId)
    }
}
