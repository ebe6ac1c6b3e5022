import AWSCore
import FlagModel
import Foundation
import Testing
@testable import AppConfigEmulator

/// AppConfigData through the signed pipeline, and the Agent API on top of it.
@Suite struct DataPlaneTests {
    let creds = Credentials(accessKeyId: testAccount.accessKeyId, secretAccessKey: testAccount.secretAccessKey)

    struct World {
        let core: EmulatorCore
        let clock: VirtualClock
        let app: String, env: String, profile: String
    }

    /// The fixture with version 1 (flag on) deployed and complete, the clock frozen after it.
    func world() throws -> World {
        let (e, app, env, profile) = try fixture()
        _ = try e.startDeployment(scope(), applicationId: app, environmentId: env, strategyId: "AppConfig.AllAtOnce", profileId: profile,
                                  configurationVersion: "1", description: nil, kmsKeyIdentifier: nil)
        let clock = VirtualClock(now: t0.addingTimeInterval(3600), timeScale: 0)
        return World(core: EmulatorCore(engine: e, clock: clock, persistence: nil), clock: clock, app: app, env: env, profile: profile)
    }

    func header(_ r: WireResponse, _ name: String) -> String? { r.headers.first { $0.0.lowercased() == name.lowercased() }?.1 }
    func body(_ r: WireResponse) -> String { String(decoding: r.body, as: UTF8.self) }

    func start(_ w: World, _ fields: String) async throws -> WireResponse {
        await w.core.handle(try received(method: "POST", path: "/configurationsessions", headers: [HTTPHeader("Content-Type", "application/json")],
                                         body: Array("{\(fields)}".utf8), credentials: creds))
    }

    func token(_ w: World, minimum: Int? = nil) async throws -> String {
        let extra = minimum.map { #","RequiredMinimumPollIntervalInSeconds":\#($0)"# } ?? ""
        let r = try await start(w, #""ApplicationIdentifier":"checkout","EnvironmentIdentifier":"prod","ConfigurationProfileIdentifier":"flags""# + extra)
        #expect(r.status == 201)
        return try #require(JSONParser.parse(r.body)["InitialConfigurationToken"]?.stringValue)
    }

    func latest(_ w: World, _ token: String) async throws -> WireResponse {
        await w.core.handle(try received(method: "GET", path: "/configuration", query: [QueryItem("configuration_token", token)], credentials: creds))
    }

    func problem(_ r: WireResponse) throws -> String? {
        try JSONParser.parse(r.body)["Details"]?["InvalidParameters"]?["ConfigurationToken"]?["Problem"]?.stringValue
    }

    @Test func sessionReturnsTheRetrievalFormatOnceThenEmptyUntilADeploymentChangesIt() async throws {
        let w = try world()
        let first = try await latest(w, try await token(w))
        #expect(first.status == 200)
        #expect(body(first) == #"{"new_checkout":{"enabled":true}}"#)
        #expect(header(first, "Content-Type") == "application/json")
        #expect(header(first, "Next-Poll-Interval-In-Seconds") == "60")
        let next = try #require(header(first, "Next-Poll-Configuration-Token"))
        let unchanged = try await latest(w, next)
        #expect(unchanged.status == 200 && unchanged.body.isEmpty && header(unchanged, "Version-Label") == nil)

        // A disable deployed AllAtOnce reaches the session at its next poll.
        let e = w.core.engine
        _ = try e.createHostedVersion(scope(w.clock.now()), applicationId: w.app, profileId: w.profile, content: Data(flagDoc(false).utf8),
                                      contentType: "application/json", description: nil, latestVersionNumber: nil, versionLabel: "kill")
        _ = try e.startDeployment(scope(w.clock.now()), applicationId: w.app, environmentId: w.env, strategyId: "AppConfig.AllAtOnce",
                                  profileId: w.profile, configurationVersion: "2", description: nil, kmsKeyIdentifier: nil)
        w.clock.advance(by: 1)
        let off = try await latest(w, try #require(header(unchanged, "Next-Poll-Configuration-Token")))
        #expect(body(off) == #"{"new_checkout":{"enabled":false}}"#)
        #expect(header(off, "Version-Label") == "kill")
        #expect(w.core.stats.snapshot().operations["GetLatestConfiguration"] == 3)
    }

    @Test func tokensAreSingleUseAndExpireAfterADay() async throws {
        let w = try world()
        let t = try await token(w)
        _ = try await latest(w, t)
        let reused = try await latest(w, t)
        #expect(reused.status == 400 && header(reused, "x-amzn-ErrorType") == "BadRequestException")
        #expect(try problem(reused) == "Expired")
        #expect(try JSONParser.parse(reused.body)["Reason"]?.stringValue == "InvalidParameters")

        let old = try await token(w)
        w.clock.advance(by: 24 * 3600 + 1)
        let expired = try await latest(w, old)
        #expect(try expired.status == 400 && problem(expired) == "Expired")

        let forged = try await latest(w, "AYADeNotAToken")
        #expect(try forged.status == 400 && problem(forged) == "Corrupted")
    }

    @Test func requiredMinimumPollIntervalIsValidatedAndEnforced() async throws {
        let w = try world()
        let tooShort = try await start(w, #""ApplicationIdentifier":"checkout","EnvironmentIdentifier":"prod","ConfigurationProfileIdentifier":"flags","RequiredMinimumPollIntervalInSeconds":14"#)
        #expect(tooShort.status == 400 && body(tooShort).contains("requiredMinimumPollIntervalInSeconds"))
        let first = try await latest(w, try await token(w, minimum: 15))
        #expect(header(first, "Next-Poll-Interval-In-Seconds") == "15")
        let next = try #require(header(first, "Next-Poll-Configuration-Token"))
        w.clock.advance(by: 10)
        let early = try await latest(w, next)
        #expect(try early.status == 400 && problem(early) == "PollIntervalNotSatisfied")
        w.clock.advance(by: 5)
        #expect(try await latest(w, next).status == 200)  // the early call did not use the token up
    }

    @Test func badIdentifiersAndOtherAccountsAreRefused() async throws {
        let w = try world()
        let missing = try await start(w, #""ApplicationIdentifier":"nope","EnvironmentIdentifier":"prod","ConfigurationProfileIdentifier":"flags""#)
        #expect(missing.status == 404 && header(missing, "x-amzn-ErrorType") == "ResourceNotFoundException")
        #expect(try JSONParser.parse(missing.body)["ResourceType"]?.stringValue == "Application")
        let noProfile = try await start(w, #""ApplicationIdentifier":"checkout","EnvironmentIdentifier":"prod""#)
        #expect(noProfile.status == 400 && body(noProfile).contains("configurationProfileIdentifier"))
        let noToken = await w.core.handle(try received(method: "GET", path: "/configuration", credentials: creds))
        #expect(noToken.status == 400)
    }

    @Test func agentAnswersByNameFiltersFlagsAndCachesForItsPollInterval() async throws {
        let w = try world()
        let agent = AgentAPIService(core: w.core, accountId: testAccount.accountId, region: "us-east-1", pollInterval: 45)
        func get(_ path: String, _ headers: [(String, String)] = []) async -> WireResponse {
            let parts = path.split(separator: "?", maxSplits: 1).map(String.init)
            return await agent.handle(ReceivedRequest(method: "GET", rawPath: parts[0], rawQuery: parts.count > 1 ? parts[1] : "",
                                                      headers: headers, body: []))
        }
        let path = "/applications/checkout/environments/prod/configurations/flags"
        let on = await get(path + "?flag=new_checkout")
        #expect(on.status == 200 && body(on) == #"{"new_checkout":{"enabled":true}}"#)
        #expect(header(on, "Configuration-Version") == "1")
        let unknown = await get(path + "?flag=nope")
        #expect(unknown.status == 400 && body(unknown).contains("no flag \"nope\""))
        #expect(await get("/applications/checkout/environments/qa/configurations/flags").status == 404)
        #expect(await get("/nothing/here").status == 404)
        #expect(await get(path, [("context", "broken")]).status == 400)

        _ = try w.core.engine.createHostedVersion(scope(w.clock.now()), applicationId: w.app, profileId: w.profile,
                                                  content: Data(flagDoc(false).utf8), contentType: "application/json",
                                                  description: nil, latestVersionNumber: nil, versionLabel: nil)
        _ = try w.core.engine.startDeployment(scope(w.clock.now()), applicationId: w.app, environmentId: w.env, strategyId: "AppConfig.AllAtOnce",
                                              profileId: w.profile, configurationVersion: "2", description: nil, kmsKeyIdentifier: nil)
        w.clock.advance(by: 30)
        #expect(body(await get(path)) == #"{"new_checkout":{"enabled":true}}"#)  // still the cached poll
        w.clock.advance(by: 15)
        #expect(body(await get(path)) == #"{"new_checkout":{"enabled":false}}"#)

        // Asked again after its token expired (25 h) or was forgotten (3 days), or after a
        // reset, the Agent starts a new session instead of failing.
        for gap: TimeInterval in [25 * 3600, 3 * 24 * 3600] {
            w.clock.advance(by: gap)
            #expect(await get(path).status == 200)
        }
        w.core.dataPlane.reset()
        w.clock.advance(by: 60)
        #expect(await get(path).status == 200)
    }
}
