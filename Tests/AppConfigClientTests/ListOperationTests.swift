import AWSCore
@testable import AppConfigClient
import Foundation
import Testing

@Suite struct ListOperationTests {
    @Test func pagesFollowNextTokenAndSendMaxResults() async throws {
        let t = FakeTransport { req in
            switch req.query["next_token"] {
            case nil: return json(200, #"{"Items":[{"Id":"app0001","Name":"checkout"}],"NextToken":"t1"}"#)
            case "t1": return json(200, #"{"Items":[{"Id":"app0002","Name":"search","Description":"d"}]}"#)
            default: Issue.record("unexpected token"); return json(500, "{}")
            }
        }
        let apps = try await makeClient(t, pageSize: 1).allApplications()
        #expect(apps == [Application(id: "app0001", name: "checkout"),
                         Application(id: "app0002", name: "search", description: "d")])
        #expect(t.requests.count == 2)
        #expect(t.requests.allSatisfy { $0.method == "GET" && $0.path == "/applications" })
        #expect(t.requests[0].query == ["max_results": "1"])
        #expect(t.requests[1].query == ["max_results": "1", "next_token": "t1"])
        let auth = try #require(t.requests[0].headers.first(named: "Authorization"))
        #expect(auth.contains("/eu-west-1/appconfig/aws4_request"))
        #expect(t.requests[0].url.hasPrefix("http://appconfig.test:4566/applications?"))
    }

    @Test func pageSizeIsClampedToTheServiceLimit() async throws {
        let t = FakeTransport { _ in json(200, #"{"Items":[]}"#) }
        _ = try await makeClient(t).listEnvironments(applicationId: "abc1234", pageSize: 500).collect()
        #expect(t.requests[0].query["max_results"] == "50")
        #expect(t.requests[0].path == "/applications/abc1234/environments")
    }

    @Test func stoppingEarlySendsNoFurtherRequests() async throws {
        let t = FakeTransport { _ in json(200, #"{"Items":[{"DeploymentNumber":9}],"NextToken":"more"}"#) }
        let client = makeClient(t)
        for try await page in client.listDeployments(applicationId: "abc1234", environmentId: "env1234") {
            #expect(page.map(\.deploymentNumber) == [9])
            break
        }
        #expect(t.requests.count == 1)
    }

    @Test func aRepeatedNextTokenStopsPagingWithAnError() async throws {
        let t = FakeTransport { _ in json(200, #"{"Items":[],"NextToken":"same"}"#) }
        await #expect(throws: AppConfigError.invalidResponse(operation: "ListDeploymentStrategies",
                                                             message: "NextToken same repeated")) {
            _ = try await makeClient(t).allDeploymentStrategies()
        }
        #expect(t.requests.count == 2)
    }

    @Test func profilesAreFilteredToFeatureFlagsByDefault() async throws {
        let t = FakeTransport { _ in
            json(200, #"{"Items":[{"ApplicationId":"abc1234","Id":"prf1234","Name":"flags","LocationUri":"hosted","Type":"AWS.AppConfig.FeatureFlags","ValidatorTypes":["JSON_SCHEMA"]}]}"#)
        }
        let client = makeClient(t)
        let profiles = try await client.allConfigurationProfiles(applicationId: "abc1234")
        #expect(profiles.first?.type == .featureFlags)
        #expect(profiles.first?.validatorTypes == [.jsonSchema])
        #expect(t.requests[0].path == "/applications/abc1234/configurationprofiles")
        #expect(t.requests[0].query == ["type": "AWS.AppConfig.FeatureFlags"])
        _ = try await client.allConfigurationProfiles(applicationId: "abc1234", type: nil)
        #expect(t.requests[1].query == [:])
    }

    @Test func hostedVersionListTakesALabelFilter() async throws {
        let t = FakeTransport { _ in
            json(200, #"{"Items":[{"ApplicationId":"abc1234","ConfigurationProfileId":"prf1234","VersionNumber":3,"ContentType":"application/json","VersionLabel":"v2.1"}]}"#)
        }
        let versions = try await makeClient(t).allHostedConfigurationVersions(
            applicationId: "abc1234", profileId: "prf1234", versionLabel: "v2*")
        #expect(versions.map(\.versionNumber) == [3])
        #expect(versions.first?.versionLabel == "v2.1")
        #expect(t.requests[0].path == "/applications/abc1234/configurationprofiles/prf1234/hostedconfigurationversions")
        #expect(t.requests[0].query == ["version_label": "v2*"])
    }

    @Test func missingOptionalListsDecodeAsEmpty() async throws {
        let t = FakeTransport { _ in json(200, #"{"Items":[{"ApplicationId":"a","Id":"e","Name":"prod"}]}"#) }
        let envs = try await makeClient(t).allEnvironments(applicationId: "a")
        #expect(envs == [Environment(applicationId: "a", id: "e", name: "prod")])
        let empty = FakeTransport { _ in json(200, "{}") }
        #expect(try await makeClient(empty).allApplications().isEmpty)
    }
}
