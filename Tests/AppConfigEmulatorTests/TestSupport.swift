import AWSCore
import Foundation
@testable import AppConfigEmulator

let testAccount = EmulatorAccount(accountId: "123456789012", name: "test", accessKeyId: "AKIDEMOTEST000000001",
                                  secretAccessKey: "emulator-test-secret-000000000000000001", regions: ["us-east-1"])
let t0 = Date(timeIntervalSince1970: 1_790_000_000)  // 2026-09-21T…

func scope(_ now: Date = t0, region: String = "us-east-1") -> Scope {
    Scope(accountId: testAccount.accountId, region: region, now: now)
}

/// An engine with one app, one env, one feature-flag profile and one version.
func fixture() throws -> (EmulatorEngine, app: String, env: String, profile: String) {
    let e = EmulatorEngine(accounts: [testAccount])
    let app = try e.createApplication(scope(), name: "checkout", description: nil)
    let env = try e.createEnvironment(scope(), applicationId: app.id, name: "prod", description: nil, monitors: [])
    let p = try e.createProfile(scope(), applicationId: app.id, name: "flags", description: nil, locationUri: "hosted",
                                retrievalRoleArn: nil, validators: [], type: "AWS.AppConfig.FeatureFlags", kmsKeyIdentifier: nil)
    _ = try e.createHostedVersion(scope(), applicationId: app.id, profileId: p.id, content: Data(flagDoc(true).utf8),
                                  contentType: "application/json", description: nil, latestVersionNumber: nil, versionLabel: nil)
    return (e, app.id, env.id, p.id)
}

func flagDoc(_ on: Bool) -> String {
    #"{"version":"1","flags":{"new_checkout":{"name":"New checkout"}},"values":{"new_checkout":{"enabled":\#(on)}}}"#
}

/// Signs like an SDK (AWSCore's signer) and hands the result to the pipeline as received.
func received(method: String, path: String, query: [QueryItem] = [], headers: [HTTPHeader] = [], body: [UInt8] = [],
              credentials: Credentials, region: String = "us-east-1", service: String = "appconfig", date: Date = Date()) throws -> ReceivedRequest {
    let endpoint = try Endpoint(url: "http://127.0.0.1:4590")
    let req = AWSRequest(service: service, region: region, method: method, endpoint: endpoint, path: path, query: query, headers: headers, body: body)
    let signed = SigV4Signer().sign(req, credentials: credentials, date: date)
    let url = signed.request.url
    let afterHost = url.dropFirst("http://127.0.0.1:4590".count)
    let parts = afterHost.split(separator: "?", maxSplits: 1, omittingEmptySubsequences: false)
    return ReceivedRequest(method: method, rawPath: String(parts[0]), rawQuery: parts.count > 1 ? String(parts[1]) : "",
                           headers: signed.request.headers.map { ($0.name.lowercased(), $0.value) }, body: body)
}
