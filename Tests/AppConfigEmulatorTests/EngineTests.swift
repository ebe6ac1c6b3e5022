import Foundation
import Testing
@testable import AppConfigEmulator

@Suite struct EngineTests {
    @Test func idsLookLikeAWS() throws {
        let (e, app, env, profile) = try fixture()
        for id in [app, env, profile] {
            #expect(id.count == 7)
            #expect(id.allSatisfy { $0.isLowercase || $0.isNumber })
        }
        #expect(e.listApplications(scope()).count == 1)
        #expect(e.listApplications(scope(region: "eu-west-1")).isEmpty)  // state is per region
    }

    @Test func optimisticLocking() throws {
        let (e, app, _, profile) = try fixture()
        let v2 = try e.createHostedVersion(scope(), applicationId: app, profileId: profile, content: Data(flagDoc(false).utf8),
                                           contentType: "application/json", description: "off", latestVersionNumber: 1, versionLabel: "v2")
        #expect(v2.versionNumber == 2)
        let error = #expect(throws: APIError.self) {
            try e.createHostedVersion(scope(), applicationId: app, profileId: profile, content: Data(flagDoc(true).utf8),
                                      contentType: "application/json", description: nil, latestVersionNumber: 1, versionLabel: nil)
        }
        #expect(error?.code == "ConflictException" && error?.status == 409)
        // Numbers are never reused after a delete.
        try e.deleteHostedVersion(scope(), applicationId: app, profileId: profile, number: 2)
        let v3 = try e.createHostedVersion(scope(), applicationId: app, profileId: profile, content: Data(flagDoc(true).utf8),
                                           contentType: "application/json", description: nil, latestVersionNumber: 1, versionLabel: nil)
        #expect(v3.versionNumber == 3)
    }

    @Test func featureFlagValidation() throws {
        let (e, app, _, profile) = try fixture()
        let bad = #"{"version":1,"flags":{}}"#
        let error = #expect(throws: APIError.self) {
            try e.createHostedVersion(scope(), applicationId: app, profileId: profile, content: Data(bad.utf8),
                                      contentType: "application/json", description: nil, latestVersionNumber: nil, versionLabel: nil)
        }
        #expect(error?.code == "BadRequestException")
        #expect(error?.extra.contains { $0.0 == "Details" } == true)
        let notJSON = #expect(throws: APIError.self) {
            try e.createHostedVersion(scope(), applicationId: app, profileId: profile, content: Data("{".utf8),
                                      contentType: "application/json", description: nil, latestVersionNumber: nil, versionLabel: nil)
        }
        #expect(notJSON?.code == "BadRequestException")
    }

    @Test func timestampsStampedAndKept() throws {
        let (e, app, _, profile) = try fixture()
        let later = t0.addingTimeInterval(86_400)
        let doc2 = #"{"version":"1","flags":{"new_checkout":{"name":"New checkout"},"other":{"name":"Other"}},"values":{"new_checkout":{"enabled":true},"other":{"enabled":false}}}"#
        let v = try e.createHostedVersion(scope(later), applicationId: app, profileId: profile, content: Data(doc2.utf8),
                                          contentType: "application/json", description: nil, latestVersionNumber: nil, versionLabel: nil)
        let text = String(decoding: v.content, as: UTF8.self)
        // new_checkout unchanged: keeps the first version's stamps; other is new.
        #expect(text.contains(#""new_checkout":{"name":"New checkout","_createdAt":"\#(Timestamp.format(t0))","_updatedAt":"\#(Timestamp.format(t0))"}"#))
        #expect(text.contains(#""other":{"name":"Other","_createdAt":"\#(Timestamp.format(later))""#))
    }

    @Test func concurrentDeploymentConflicts() throws {
        let (e, app, env, profile) = try fixture()
        let d1 = try e.startDeployment(scope(), applicationId: app, environmentId: env, strategyId: "AppConfig.Linear20PercentEvery6Minutes",
                                       profileId: profile, configurationVersion: "1", description: nil, kmsKeyIdentifier: nil)
        #expect(d1.deploymentNumber == 1)
        #expect(e.environmentState(scope(), try e.getEnvironment(scope(), applicationId: app, id: env)) == "DEPLOYING")
        let error = #expect(throws: APIError.self) {
            try e.startDeployment(scope(t0.addingTimeInterval(59 * 60)), applicationId: app, environmentId: env, strategyId: "AppConfig.AllAtOnce",
                                  profileId: profile, configurationVersion: "1", description: nil, kmsKeyIdentifier: nil)
        }
        #expect(error?.code == "ConflictException")
        let d2 = try e.startDeployment(scope(t0.addingTimeInterval(3600)), applicationId: app, environmentId: env, strategyId: "AppConfig.AllAtOnce",
                                       profileId: profile, configurationVersion: "1", description: nil, kmsKeyIdentifier: nil)
        #expect(d2.deploymentNumber == 2)
        let list = try e.listDeployments(scope(), applicationId: app, environmentId: env)
        #expect(list.map(\.deploymentNumber) == [2, 1])
    }

    @Test func stopRollsBackInProgress() throws {
        let (e, app, env, profile) = try fixture()
        _ = try e.startDeployment(scope(), applicationId: app, environmentId: env, strategyId: "AppConfig.Canary10Percent20Minutes",
                                  profileId: profile, configurationVersion: "1", description: nil, kmsKeyIdentifier: nil)
        let s = scope(t0.addingTimeInterval(5 * 60))
        let d = try e.stopDeployment(s, applicationId: app, environmentId: env, number: 1, allowRevert: false)
        #expect(DeploymentMath.progress(d, at: s.now).state == "ROLLED_BACK")
        #expect(e.environmentState(s, try e.getEnvironment(s, applicationId: app, id: env)) == "ROLLED_BACK")
        // Stopping again is an error.
        #expect(throws: APIError.self) { try e.stopDeployment(s, applicationId: app, environmentId: env, number: 1, allowRevert: true) }
    }

    @Test func revertRules() throws {
        let (e, app, env, profile) = try fixture()
        _ = try e.startDeployment(scope(), applicationId: app, environmentId: env, strategyId: "AppConfig.AllAtOnce",
                                  profileId: profile, configurationVersion: "1", description: nil, kmsKeyIdentifier: nil)
        let done = scope(t0.addingTimeInterval(600))  // completes at +10 min
        let noRevert = #expect(throws: APIError.self) {
            try e.stopDeployment(done, applicationId: app, environmentId: env, number: 1, allowRevert: false)
        }
        #expect(noRevert?.code == "BadRequestException")
        let tooLate = scope(t0.addingTimeInterval(600 + 72 * 3600 + 1))
        #expect(throws: APIError.self) { try e.stopDeployment(tooLate, applicationId: app, environmentId: env, number: 1, allowRevert: true) }
        let inTime = scope(t0.addingTimeInterval(600 + 72 * 3600))
        let d = try e.stopDeployment(inTime, applicationId: app, environmentId: env, number: 1, allowRevert: true)
        let p = DeploymentMath.progress(d, at: inTime.now)
        #expect(p.state == "REVERTED")
        #expect(p.events.last?.eventType == "REVERT_COMPLETED")
        #expect(e.environmentState(inTime, try e.getEnvironment(inTime, applicationId: app, id: env)) == "REVERTED")
    }

    @Test func notFoundAndPredefinedStrategies() throws {
        let (e, app, _, _) = try fixture()
        let nf = #expect(throws: APIError.self) { try e.getApplication(scope(), id: "zzzzzzz") }
        #expect(nf?.code == "ResourceNotFoundException" && nf?.status == 404)
        #expect(throws: APIError.self) { try e.getEnvironment(scope(), applicationId: app, id: "nope123") }
        let ids = e.listStrategies(scope()).map(\.id)
        #expect(ids.prefix(4) == ["AppConfig.AllAtOnce", "AppConfig.Linear50PercentEvery30Seconds", "AppConfig.Canary10Percent20Minutes", "AppConfig.Linear20PercentEvery6Minutes"])
        let canary = try e.getStrategy(scope(region: "ap-south-1"), id: "AppConfig.Canary10Percent20Minutes")
        #expect(canary.growthType == "EXPONENTIAL" && canary.finalBakeTimeInMinutes == 10)
    }

    @Test func pagination() throws {
        let items = Array(0..<120)
        let p1 = try Pagination.page(items, maxResults: "50", nextToken: nil)
        #expect(p1.items.count == 50 && p1.next != nil)
        let p2 = try Pagination.page(items, maxResults: "50", nextToken: p1.next)
        let p3 = try Pagination.page(items, maxResults: "50", nextToken: p2.next)
        #expect(p3.items == Array(100..<120) && p3.next == nil)
        #expect(try Pagination.page(items, maxResults: nil, nextToken: nil).items.count == 50)
        for bad in ["0", "51", "x"] {
            let e = #expect(throws: APIError.self) { try Pagination.page(items, maxResults: bad, nextToken: nil) }
            #expect(e?.code == "BadRequestException")
        }
        #expect(throws: APIError.self) { try Pagination.page(items, maxResults: nil, nextToken: "garbage") }
    }

    @Test func profileTypeFilter() throws {
        let (e, app, _, _) = try fixture()
        _ = try e.createProfile(scope(), applicationId: app, name: "settings", description: nil, locationUri: "hosted",
                                retrievalRoleArn: nil, validators: [], type: "AWS.Freeform", kmsKeyIdentifier: nil)
        #expect(try e.listProfiles(scope(), applicationId: app, type: nil).count == 2)
        #expect(try e.listProfiles(scope(), applicationId: app, type: "AWS.AppConfig.FeatureFlags").map(\.name) == ["flags"])
    }
}
