import AWSCore
@testable import AppConfigClient
import Foundation
import Testing

@Suite struct HostedVersionTests {
    static let document = #"{"version":"1","flags":{"a":{"name":"A"}},"values":{"a":{"enabled":true}}}"#

    @Test func getReadsTheBodyAsContentAndTheHeadersAsMetadata() async throws {
        let t = FakeTransport { _ in
            HTTPResponse(status: 200, headers: [
                HTTPHeader("Application-Id", "abc1234"), HTTPHeader("Configuration-Profile-Id", "prf1234"),
                HTTPHeader("Version-Number", "7"), HTTPHeader("Description", "enable a"),
                HTTPHeader("Content-Type", "application/json"), HTTPHeader("VersionLabel", "v7-label"),
            ], body: Array(Self.document.utf8))
        }
        let v = try await makeClient(t).getHostedConfigurationVersion(applicationId: "abc1234", profileId: "prf1234",
                                                                        versionNumber: 7)
        #expect(v == HostedConfigurationVersion(
            applicationId: "abc1234", configurationProfileId: "prf1234", versionNumber: 7, description: "enable a",
            contentType: "application/json", versionLabel: "v7-label", content: Data(Self.document.utf8)))
        #expect(t.requests[0].path == "/applications/abc1234/configurationprofiles/prf1234/hostedconfigurationversions/7")
    }

    @Test func createSendsRawContentAndTheLockingHeaders() async throws {
        let t = FakeTransport { req in
            HTTPResponse(status: 201, headers: [
                HTTPHeader("Application-Id", "abc1234"), HTTPHeader("Configuration-Profile-Id", "prf1234"),
                HTTPHeader("Version-Number", "8"), HTTPHeader("Content-Type", "application/json"),
            ], body: req.body)
        }
        let v = try await makeClient(t).createHostedConfigurationVersion(
            applicationId: "abc1234", profileId: "prf1234", content: Data(Self.document.utf8),
            description: "flagdeck: disable a", versionLabel: "v8", latestVersionNumber: 7)
        #expect(v.versionNumber == 8)
        #expect(v.content == Data(Self.document.utf8))
        let req = t.requests[0]
        #expect(req.method == "POST")
        #expect(req.path == "/applications/abc1234/configurationprofiles/prf1234/hostedconfigurationversions")
        #expect(req.body == Array(Self.document.utf8))
        #expect(req.headers.first(named: "Content-Type") == "application/json")
        #expect(req.headers.first(named: "Description") == "flagdeck: disable a")
        #expect(req.headers.first(named: "VersionLabel") == "v8")
        #expect(req.headers.first(named: "Latest-Version-Number") == "7")
        // The optimistic-lock header must be signed, or a proxy could drop it unnoticed.
        let auth = try #require(req.headers.first(named: "Authorization"))
        #expect(auth.contains("latest-version-number"))
    }

    @Test func aStaleLatestVersionNumberIsAConflict() async throws {
        let t = FakeTransport { _ in
            awsError(409, "ConflictException", #"{"Message":"The latest version is 9, not 7"}"#)
        }
        do {
            _ = try await makeClient(t).createHostedConfigurationVersion(
                applicationId: "abc1234", profileId: "prf1234", content: Data("{}".utf8), latestVersionNumber: 7)
            Issue.record("expected a conflict")
        } catch let error as AppConfigError {
            #expect(error.isConflict)
            #expect(error.awsError?.message == "The latest version is 9, not 7")
            #expect(error.awsError?.requestId == "req-1")
        }
    }

    @Test func headerValuesThatCannotGoOnTheWireAreRefusedBeforeSending() async throws {
        let t = FakeTransport { _ in json(201, "{}") }
        await #expect(throws: AppConfigError.self) {
            _ = try await makeClient(t).createHostedConfigurationVersion(
                applicationId: "abc1234", profileId: "prf1234", content: Data("{}".utf8),
                description: "line one\r\nX-Injected: 1")
        }
        await #expect(throws: AppConfigError.self) {
            _ = try await makeClient(t).createHostedConfigurationVersion(
                applicationId: "abc1234", profileId: "prf1234", content: Data("{}".utf8), description: "café")
        }
        #expect(t.requests.isEmpty)
    }

    @Test func aMissingVersionNumberOnCreateIsAnInvalidResponse() async throws {
        let t = FakeTransport { _ in HTTPResponse(status: 201, headers: [], body: []) }
        await #expect(throws: AppConfigError.invalidResponse(operation: "CreateHostedConfigurationVersion",
                                                             message: "no Version-Number header")) {
            _ = try await makeClient(t).createHostedConfigurationVersion(
                applicationId: "abc1234", profileId: "prf1234", content: Data("{}".utf8))
        }
    }
}
