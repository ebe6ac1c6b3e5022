import AWSCore
import FlagModel
import Foundation
import Testing
@testable import AppConfigEmulator

/// The emulator over real HTTP, signed by AWSCore — the way the client and scanner tests use it.
@Suite struct InProcessHTTPTests {
    func send(_ emulator: AppConfigEmulator, _ transport: AsyncHTTPTransport, account: EmulatorAccount, region: String = "us-east-1",
              method: String = "GET", path: String, query: [QueryItem] = [], headers: [HTTPHeader] = [], body: [UInt8] = []) async throws -> HTTPResponse {
        let endpoint = try Endpoint(url: emulator.endpoint)
        let req = AWSRequest(service: "appconfig", region: region, method: method, endpoint: endpoint, path: path, query: query, headers: headers, body: body)
        let signed = SigV4Signer().sign(req, credentials: Credentials(accessKeyId: account.accessKeyId, secretAccessKey: account.secretAccessKey), date: Date())
        return try await transport.send(signed.request)
    }

    @Test func demoSeedOverHTTP() async throws {
        let emulator = try await AppConfigEmulator.start(seed: .demo, port: 0, timeScale: 0)
        do {
            try await AsyncHTTPTransport.with { transport in
                let payments = try #require(emulator.account("payments-prod"))
                let r = try await send(emulator, transport, account: payments, path: "/applications", query: [QueryItem("max_results", "2")])
                #expect(r.status == 200)
                let page = try JSONParser.parse(r.body)
                #expect(page["Items"]?.arrayValue?.count == 2)
                let token = try #require(page["NextToken"]?.stringValue)
                let r2 = try await send(emulator, transport, account: payments, path: "/applications", query: [QueryItem("next_token", token)])
                #expect(try JSONParser.parse(r2.body)["Items"]?.arrayValue?.count == 1)

                // eu-west-1 is a separate region with the same three apps.
                let eu = try await send(emulator, transport, account: payments, region: "eu-west-1", path: "/applications")
                #expect(try JSONParser.parse(eu.body)["Items"]?.arrayValue?.compactMap { $0["Name"]?.stringValue } == ["checkout", "payments-api", "fraud-detection"])

                // Create a version through HTTP with the optimistic lock header.
                let apps = try JSONParser.parse(r.body)["Items"]!.arrayValue!
                let app = try #require(apps.first { $0["Name"]?.stringValue == "checkout" }?["Id"]?.stringValue)
                let profiles = try await send(emulator, transport, account: payments, path: "/applications/\(app)/configurationprofiles",
                                              query: [QueryItem("type", "AWS.AppConfig.FeatureFlags")])
                let profile = try #require(JSONParser.parse(profiles.body)["Items"]?.arrayValue?.first?["Id"]?.stringValue)
                let versions = try await send(emulator, transport, account: payments,
                                              path: "/applications/\(app)/configurationprofiles/\(profile)/hostedconfigurationversions",
                                              query: [QueryItem("max_results", "1")])
                let latest = try #require(JSONParser.parse(versions.body)["Items"]?.arrayValue?.first?["VersionNumber"]?.numberValue?.intValue)
                let created = try await send(emulator, transport, account: payments, method: "POST",
                                             path: "/applications/\(app)/configurationprofiles/\(profile)/hostedconfigurationversions",
                                             headers: [HTTPHeader("Content-Type", "application/json"), HTTPHeader("Latest-Version-Number", String(latest))],
                                             body: Array(flagDoc(false).utf8))
                #expect(created.status == 201)
                #expect(created.headers.first(named: "Version-Number") == String(latest + 1))
            }
            #expect(emulator.operationCounts["ListApplications"] == 3)
        } catch {
            try await emulator.stop()
            throw error
        }
        try await emulator.stop()
    }

    @Test func stateFileSurvivesRestart() async throws {
        let dir = FileManager.default.temporaryDirectory.appendingPathComponent("emu-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: dir, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: dir) }
        let path = dir.appendingPathComponent("state.json").path

        let first = try await AppConfigEmulator.start(seed: .empty, port: 0, timeScale: 0, now: t0, credentials: [testAccount], stateFile: path)
        try await AsyncHTTPTransport.with { transport in
            let r = try await send(first, transport, account: testAccount, method: "POST", path: "/applications",
                                   headers: [HTTPHeader("Content-Type", "application/json")], body: Array(#"{"Name":"kept"}"#.utf8))
            #expect(r.status == 201)
        }
        try await first.stop()

        let second = try await AppConfigEmulator.start(seed: .demo, port: 0, timeScale: 0, stateFile: path)
        #expect(second.restoredFromState)
        #expect(second.clock.now() == t0)
        #expect(second.engine.listApplications(Scope(accountId: testAccount.accountId, region: "us-east-1", now: t0)).map(\.name) == ["kept"])
        try await second.stop()
    }
}
