import FlagModel
import Foundation
import Testing
@testable import AppConfigEmulator

/// Which version a reader sees, deployment state by deployment state (DESIGN.md's semantics).
@Suite struct ServedVersionTests {
    func served(_ e: EmulatorEngine, _ f: (app: String, env: String, profile: String), at t: Date, bucket: Double) throws -> Int? {
        try e.servedVersion(scope(t), applicationId: f.app, environmentId: f.env, profileId: f.profile, bucket: bucket)?.versionNumber
    }

    func deploy(_ e: EmulatorEngine, _ f: (app: String, env: String, profile: String), version: Int, strategy: String, at t: Date) throws -> Int {
        try e.startDeployment(scope(t), applicationId: f.app, environmentId: f.env, strategyId: strategy, profileId: f.profile,
                              configurationVersion: String(version), description: nil, kmsKeyIdentifier: nil).deploymentNumber
    }

    /// The fixture serving version 1 (deployed at t0), with version 2 (the flag off) created.
    func servingOneWithTwoCreated() throws -> (EmulatorEngine, (app: String, env: String, profile: String)) {
        let (e, app, env, profile) = try fixture()
        let f = (app: app, env: env, profile: profile)
        _ = try deploy(e, f, version: 1, strategy: "AppConfig.AllAtOnce", at: t0)
        _ = try e.createHostedVersion(scope(), applicationId: f.app, profileId: f.profile, content: Data(flagDoc(false).utf8),
                                      contentType: "application/json", description: nil, latestVersionNumber: nil, versionLabel: "off")
        return (e, f)
    }

    @Test func nothingDeployedServesNothingThenBakingAndCompleteServeTheNewVersion() throws {
        let (e, app, env, profile) = try fixture()
        let f = (app, env, profile)
        #expect(try served(e, f, at: t0, bucket: 0) == nil)
        _ = try deploy(e, f, version: 1, strategy: "AppConfig.AllAtOnce", at: t0)
        #expect(try served(e, f, at: t0.addingTimeInterval(1), bucket: 99) == 1)  // BAKING
        #expect(try served(e, f, at: t0.addingTimeInterval(3600), bucket: 99) == 1)  // COMPLETE
    }

    @Test func deployingAtNPercentServesTheNewVersionBelowTheBucketAndRollbackRestores() throws {
        let (e, f) = try servingOneWithTwoCreated()
        let linear = try e.createStrategy(scope(), name: "linear", description: nil, durationMinutes: 10, finalBakeMinutes: 0,
                                          growthFactor: 20, growthType: "LINEAR", replicateTo: nil)
        let start = t0.addingTimeInterval(3600)
        let number = try deploy(e, f, version: 2, strategy: linear.id, at: start)
        let at20 = start.addingTimeInterval(60)  // first step: 20%
        #expect(try served(e, f, at: at20, bucket: 19.99) == 2)
        #expect(try served(e, f, at: at20, bucket: 20) == 1)
        let at60 = start.addingTimeInterval(5 * 60)  // third step: 60%
        #expect(try served(e, f, at: at60, bucket: 59) == 2)
        #expect(try served(e, f, at: at60, bucket: 61) == 1)
        _ = try e.stopDeployment(scope(at60), applicationId: f.app, environmentId: f.env, number: number, allowRevert: false)
        #expect(try served(e, f, at: at60.addingTimeInterval(1), bucket: 0) == 1)  // ROLLED_BACK
    }

    @Test func revertedDeploymentRestoresThePreviousVersion() throws {
        let (e, f) = try servingOneWithTwoCreated()
        let start = t0.addingTimeInterval(3600)
        let number = try deploy(e, f, version: 2, strategy: "AppConfig.AllAtOnce", at: start)
        let complete = start.addingTimeInterval(3600)
        #expect(try served(e, f, at: complete, bucket: 50) == 2)
        _ = try e.stopDeployment(scope(complete), applicationId: f.app, environmentId: f.env, number: number, allowRevert: true)
        #expect(try served(e, f, at: complete.addingTimeInterval(1), bucket: 50) == 1)
    }

    @Test func bucketsAreStableAndSpreadEvenly() {
        let ids = (0..<2000).map { _ in UUID().uuidString.lowercased() }
        #expect(ids.allSatisfy { RolloutBucket.of($0) == RolloutBucket.of($0) && (0..<100).contains(RolloutBucket.of($0)) })
        let below20 = ids.filter { RolloutBucket.of($0) < 20 }.count
        #expect((320...480).contains(below20), "about 20% of 2000 sessions, got \(below20)")
    }

    @Test func resolvesByIdOrNameAndSaysWhatIsMissing() throws {
        let (e, app, env, profile) = try fixture()
        let byName = try e.resolveConfiguration(scope(), application: "checkout", environment: "prod", profile: "flags")
        #expect(byName.applicationId == app && byName.environmentId == env && byName.profileId == profile)
        let byId = try e.resolveConfiguration(scope(), application: app, environment: env, profile: profile)
        #expect(byId == byName)
        do {
            _ = try e.resolveConfiguration(scope(), application: "checkout", environment: "nope", profile: "flags")
            Issue.record("expected a 404")
        } catch let error as APIError {
            #expect(error.status == 404 && error.message == "Environment nope not found")
            #expect(error.extra.first { $0.0 == "ResourceType" }?.1 == "Environment")
        }
    }
}
