import AWSCore
@testable import AppConfigClient
import Foundation
import Testing

@Suite struct DeploymentTests {
    static let deploymentJSON = #"""
    {"ApplicationId":"abc1234","EnvironmentId":"env1234","DeploymentStrategyId":"AppConfig.AllAtOnce",
     "ConfigurationProfileId":"prf1234","DeploymentNumber":4,"ConfigurationName":"flags",
     "ConfigurationLocationUri":"hosted","ConfigurationVersion":"7","Description":"flagdeck: disable a",
     "DeploymentDurationInMinutes":15,"GrowthType":"LINEAR","GrowthFactor":25.0,"FinalBakeTimeInMinutes":10,
     "State":"COMPLETE","PercentageComplete":100.0,
     "StartedAt":"2021-09-17T21:59:03.888Z","CompletedAt":"2021-09-17T22:24:03Z",
     "EventLog":[
       {"EventType":"DEPLOYMENT_COMPLETED","TriggeredBy":"APPCONFIG","Description":"done","OccurredAt":"2021-09-17T22:24:03.000Z"},
       {"EventType":"PERCENTAGE_UPDATED","TriggeredBy":"APPCONFIG","OccurredAt":1631916243.5},
       {"EventType":"SOMETHING_NEW","TriggeredBy":"USER","Description":"started","OccurredAt":"2021-09-17T21:59:03.888123+00:00"}
     ]}
    """#

    @Test func getDeploymentDecodesEventLogAndTimestamps() async throws {
        let t = FakeTransport { _ in json(200, Self.deploymentJSON) }
        let d = try await makeClient(t).getDeployment(applicationId: "abc1234", environmentId: "env1234",
                                                      deploymentNumber: 4)
        #expect(t.requests[0].path == "/applications/abc1234/environments/env1234/deployments/4")
        #expect(d.deploymentStrategyId == "AppConfig.AllAtOnce")
        #expect(d.state == .complete && d.state?.isFinal == true)
        #expect(d.hostedVersionNumber == 7)
        #expect(d.growthType == .linear && d.growthFactor == 25)
        #expect(d.startedAt == Date(timeIntervalSince1970: 1_631_915_943.888))
        #expect(d.completedAt == Date(timeIntervalSince1970: 1_631_917_443))
        #expect(d.eventLog.map(\.eventType?.rawValue) == ["DEPLOYMENT_COMPLETED", "PERCENTAGE_UPDATED", "SOMETHING_NEW"])
        #expect(d.eventLog[1].occurredAt == Date(timeIntervalSince1970: 1_631_916_243.5))
        #expect(abs(d.eventLog[2].occurredAt!.timeIntervalSince1970 - 1_631_915_943.888123) < 1e-5)
        #expect(d.appliedExtensions.isEmpty)
    }

    @Test func aDeploymentSurvivesTheStoreRoundTrip() throws {
        let decoded = try AppConfigJSON.decoder().decode(AppConfigClient.Deployment.self, from: Data(Self.deploymentJSON.utf8))
        let again = try AppConfigJSON.decoder().decode(AppConfigClient.Deployment.self, from: AppConfigJSON.encoder().encode(decoded))
        // Sub-millisecond digits are not kept: the service writes milliseconds.
        var expected = decoded
        expected.eventLog[2].occurredAt = Date(timeIntervalSince1970: 1_631_915_943.888)
        #expect(again == expected)
    }

    @Test func listDeploymentsDecodesSummaries() async throws {
        let t = FakeTransport { _ in
            json(200, #"{"Items":[{"DeploymentNumber":5,"ConfigurationName":"flags","ConfigurationVersion":"8","State":"DEPLOYING","PercentageComplete":25.0,"StartedAt":"2026-01-01T00:00:00Z"},{"DeploymentNumber":4,"State":"ROLLED_BACK"}]}"#)
        }
        let items = try await makeClient(t).allDeployments(applicationId: "abc1234", environmentId: "env1234")
        #expect(items.map(\.deploymentNumber) == [5, 4])
        #expect(items[0].state == .deploying && items[0].state?.isFinal == false)
        #expect(items[1].state?.isFinal == true)
        #expect(t.requests[0].path == "/applications/abc1234/environments/env1234/deployments")
    }

    @Test func startDeploymentSendsTheModelsBody() async throws {
        let t = FakeTransport { _ in json(201, Self.deploymentJSON) }
        _ = try await makeClient(t).startDeployment(
            applicationId: "abc1234", environmentId: "env1234", profileId: "prf1234", configurationVersion: "7",
            description: "flagdeck: disable a")
        let req = t.requests[0]
        #expect(req.method == "POST")
        #expect(req.path == "/applications/abc1234/environments/env1234/deployments")
        #expect(req.headers.first(named: "Content-Type") == "application/json")
        #expect(req.bodyJSON as NSDictionary == [
            "DeploymentStrategyId": "AppConfig.AllAtOnce", "ConfigurationProfileId": "prf1234",
            "ConfigurationVersion": "7", "Description": "flagdeck: disable a",
        ] as NSDictionary)
    }

    @Test func stopDeploymentUsesDeleteAndTheAllowRevertHeader() async throws {
        let t = FakeTransport { _ in json(202, Self.deploymentJSON.replacingOccurrences(of: "COMPLETE", with: "REVERTED")) }
        let client = makeClient(t)
        let d = try await client.stopDeployment(applicationId: "abc1234", environmentId: "env1234",
                                                deploymentNumber: 4, allowRevert: true)
        #expect(d.state == .reverted)
        _ = try await client.stopDeployment(applicationId: "abc1234", environmentId: "env1234", deploymentNumber: 4)
        #expect(t.requests.map(\.method) == ["DELETE", "DELETE"])
        #expect(t.requests[0].path == "/applications/abc1234/environments/env1234/deployments/4")
        #expect(t.requests[0].headers.first(named: "Allow-Revert") == "true")
        #expect(t.requests[1].headers.first(named: "Allow-Revert") == nil)
        #expect(t.requests[0].body.isEmpty)
    }

    @Test func strategiesUseTheirIdInThePath() async throws {
        let t = FakeTransport { _ in
            json(200, #"{"Id":"AppConfig.AllAtOnce","Name":"AppConfig.AllAtOnce","DeploymentDurationInMinutes":0,"GrowthType":"LINEAR","GrowthFactor":100.0,"FinalBakeTimeInMinutes":10,"ReplicateTo":"NONE"}"#)
        }
        let s = try await makeClient(t).getDeploymentStrategy(id: DeploymentStrategy.allAtOnceId)
        #expect(s.growthFactor == 100 && s.replicateTo == ReplicateTo.none)
        #expect(t.requests[0].path == "/deploymentstrategies/AppConfig.AllAtOnce")
    }

    @Test func createCallsSendJSONBodiesWithModelMemberNames() async throws {
        let t = FakeTransport { req in
            switch req.path {
            case "/applications": return json(201, #"{"Id":"abc1234","Name":"checkout"}"#)
            case "/applications/abc1234/environments":
                return json(201, #"{"ApplicationId":"abc1234","Id":"env1234","Name":"prod","State":"READY_FOR_DEPLOYMENT"}"#)
            case "/applications/abc1234/configurationprofiles":
                return json(201, #"{"ApplicationId":"abc1234","Id":"prf1234","Name":"flags","LocationUri":"hosted","Type":"AWS.AppConfig.FeatureFlags"}"#)
            default:
                return json(201, #"{"Id":"str1234","Name":"slow","DeploymentDurationInMinutes":10,"GrowthFactor":20.0}"#)
            }
        }
        let c = makeClient(t)
        _ = try await c.createApplication(name: "checkout", tags: ["team": "pay"])
        let env = try await c.createEnvironment(applicationId: "abc1234", name: "prod",
                                                monitors: [Monitor(alarmArn: "arn:alarm")])
        let profile = try await c.createConfigurationProfile(applicationId: "abc1234", name: "flags")
        _ = try await c.createDeploymentStrategy(name: "slow", deploymentDurationInMinutes: 10, growthFactor: 20,
                                                 growthType: .linear)
        #expect(env.state == .readyForDeployment)
        #expect(profile.type == .featureFlags)
        let bodies = t.requests.map { $0.bodyJSON as NSDictionary }
        #expect(bodies[0] == ["Name": "checkout", "Tags": ["team": "pay"]] as NSDictionary)
        #expect(bodies[1] == ["Name": "prod", "Monitors": [["AlarmArn": "arn:alarm"]]] as NSDictionary)
        #expect(bodies[2] == ["Name": "flags", "LocationUri": "hosted", "Type": "AWS.AppConfig.FeatureFlags"] as NSDictionary)
        #expect(bodies[3] == ["Name": "slow", "DeploymentDurationInMinutes": 10, "GrowthFactor": 20,
                              "GrowthType": "LINEAR"] as NSDictionary)
        #expect(t.requests.allSatisfy { $0.method == "POST" })
        #expect(t.requests[3].path == "/deploymentstrategies")
    }
}
