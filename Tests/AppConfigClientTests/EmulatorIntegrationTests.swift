import AWSCore
import AppConfigClient
import AppConfigEmulator
import Foundation
import Testing

/// The client against the real HTTP stack and the in-process emulator:
/// signing, paths, headers and shapes have to agree with a server, not just
/// with the fake transport.
@Suite(.serialized) struct EmulatorIntegrationTests {
    static let flags = #"{"version":"1","flags":{"new_checkout":{"name":"New checkout"}},"values":{"new_checkout":{"enabled":true}}}"#
    static let flagsOff = #"{"version":"1","flags":{"new_checkout":{"name":"New checkout"}},"values":{"new_checkout":{"enabled":false}}}"#

    /// Starts a frozen-clock emulator, hands a client for its default account to `body`, always stops it.
    func withEmulator(readOnly: Bool = false, secret: String? = nil,
                      _ body: (AppConfigClient, AppConfigEmulator) async throws -> Void) async throws {
        let emulator = try await AppConfigEmulator.start(seed: .empty, host: "127.0.0.1", port: 0, timeScale: 0)
        let transport = AsyncHTTPTransport()
        do {
            let account = try #require(emulator.accounts.first)
            let aws = AWSClient(
                credentials: StaticCredentialProvider(Credentials(accessKeyId: account.accessKeyId,
                                                                  secretAccessKey: secret ?? account.secretAccessKey)),
                transport: transport, endpointOverride: emulator.endpoint, readOnly: readOnly,
                retrier: Retrier(policy: RetryPolicy(maxAttempts: 1)))
            try await body(AppConfigClient(aws: aws, region: account.regions.first ?? "us-east-1"), emulator)
        } catch {
            try? await transport.shutdown()
            try? await emulator.stop()
            throw error
        }
        try await transport.shutdown()
        try await emulator.stop()
    }

    @Test func setUpEditDeployStopAndRevert() async throws {
        try await withEmulator { client, emulator in
            let app = try await client.createApplication(name: "checkout", description: "payments")
            #expect(try await client.getApplication(id: app.id) == app)
            let env = try await client.createEnvironment(applicationId: app.id, name: "prod")
            #expect(env.state == .readyForDeployment)
            let profile = try await client.createConfigurationProfile(applicationId: app.id, name: "flags")
            _ = try await client.createConfigurationProfile(applicationId: app.id, name: "settings", type: .freeform)
            #expect(try await client.allConfigurationProfiles(applicationId: app.id).map(\.name) == ["flags"])
            #expect(try await client.allConfigurationProfiles(applicationId: app.id, type: nil).count == 2)
            #expect(try await client.getConfigurationProfile(applicationId: app.id, profileId: profile.id).type
                    == .featureFlags)

            // Hosted versions with optimistic locking.
            let v1 = try await client.createHostedConfigurationVersion(
                applicationId: app.id, profileId: profile.id, content: Data(Self.flags.utf8),
                description: "first", versionLabel: "v1-label")
            #expect(v1.versionNumber == 1)
            let v2 = try await client.createHostedConfigurationVersion(
                applicationId: app.id, profileId: profile.id, content: Data(Self.flagsOff.utf8),
                description: "turn off", latestVersionNumber: 1)
            #expect(v2.versionNumber == 2)
            do {
                _ = try await client.createHostedConfigurationVersion(
                    applicationId: app.id, profileId: profile.id, content: Data(Self.flags.utf8), latestVersionNumber: 1)
                Issue.record("a stale Latest-Version-Number was accepted")
            } catch let e as AppConfigError {
                #expect(e.isConflict, "\(e)")
            }
            do {
                _ = try await client.createHostedConfigurationVersion(
                    applicationId: app.id, profileId: profile.id, content: Data(#"{"version":1}"#.utf8))
                Issue.record("an invalid feature-flag document was accepted")
            } catch let e as AppConfigError {
                guard case .badRequest(let details, _) = e else { Issue.record("got \(e)"); return }
                // The reason the service gives travels in the error body, not in AWSError.
                #expect(details.reason == "InvalidConfiguration")
                #expect(!details.invalidConfiguration.isEmpty)
            }
            let got = try await client.getHostedConfigurationVersion(applicationId: app.id, profileId: profile.id,
                                                                     versionNumber: 1)
            // AppConfig stamps _createdAt/_updatedAt into stored documents, so compare the flag, not the bytes.
            let doc = try #require(try JSONSerialization.jsonObject(with: got.content) as? [String: Any])
            let value = (doc["values"] as? [String: Any])?["new_checkout"] as? [String: Any]
            #expect(value?["enabled"] as? Bool == true)
            #expect(got.description == "first" && got.versionLabel == "v1-label")
            #expect(got.contentType?.hasPrefix("application/json") == true)
            #expect(got.applicationId == app.id && got.configurationProfileId == profile.id)
            var pages = 0
            var numbers: [Int] = []
            for try await page in client.listHostedConfigurationVersions(applicationId: app.id, profileId: profile.id,
                                                                         pageSize: 1) {
                pages += 1
                numbers += page.map(\.versionNumber)
            }
            #expect(Set(numbers) == [1, 2] && pages >= 2)

            // Deploy v1 all at once; a second deployment meanwhile is a conflict.
            let d1 = try await client.startDeployment(applicationId: app.id, environmentId: env.id,
                                                      profileId: profile.id, configurationVersion: "1",
                                                      description: "flagdeck: enable")
            #expect(d1.deploymentNumber == 1 && d1.state?.isFinal == false)
            #expect(d1.deploymentStrategyId == DeploymentStrategy.allAtOnceId)
            do {
                _ = try await client.startDeployment(applicationId: app.id, environmentId: env.id,
                                                     profileId: profile.id, configurationVersion: "2")
                Issue.record("a concurrent deployment was accepted")
            } catch let e as AppConfigError {
                #expect(e.isConflict, "\(e)")
            }
            emulator.clock.advance(by: 11 * 60)
            let done = try await client.getDeployment(applicationId: app.id, environmentId: env.id, deploymentNumber: 1)
            #expect(done.state == .complete)
            #expect(done.completedAt != nil && done.startedAt != nil)
            #expect(done.eventLog.contains { $0.eventType == .deploymentCompleted })
            #expect(done.eventLog.contains { $0.eventType == .deploymentStarted && $0.triggeredBy == .user })
            #expect(done.hostedVersionNumber == 1 && done.configurationProfileId == profile.id)

            // A slow rollout of v2, stopped half way: rolled back.
            let d2 = try await client.startDeployment(applicationId: app.id, environmentId: env.id,
                                                      profileId: profile.id, configurationVersion: "2",
                                                      strategyId: "AppConfig.Linear20PercentEvery6Minutes")
            emulator.clock.advance(by: 7 * 60)
            let rolling = try await client.getDeployment(applicationId: app.id, environmentId: env.id,
                                                         deploymentNumber: d2.deploymentNumber)
            #expect(rolling.state == .deploying)
            #expect((rolling.percentageComplete ?? 0) > 0 && (rolling.percentageComplete ?? 100) < 100)
            let stopped = try await client.stopDeployment(applicationId: app.id, environmentId: env.id,
                                                          deploymentNumber: d2.deploymentNumber)
            #expect([AppConfigClient.DeploymentState.rollingBack, .rolledBack].contains(stopped.state ?? .deploying), "\(String(describing: stopped.state))")

            // v2 all at once, completed, then reverted.
            emulator.clock.advance(by: 60 * 60)
            let d3 = try await client.startDeployment(applicationId: app.id, environmentId: env.id,
                                                      profileId: profile.id, configurationVersion: "2")
            emulator.clock.advance(by: 11 * 60)
            let reverted = try await client.stopDeployment(applicationId: app.id, environmentId: env.id,
                                                           deploymentNumber: d3.deploymentNumber, allowRevert: true)
            #expect(reverted.state == .reverted)

            let history = try await client.allDeployments(applicationId: app.id, environmentId: env.id)
            #expect(history.map(\.deploymentNumber) == [3, 2, 1])
            #expect(history.map(\.state) == [.reverted, .rolledBack, .complete])
            #expect(history.allSatisfy { $0.state?.isFinal == true })
        }
    }

    @Test func listsPageThroughEverything() async throws {
        try await withEmulator { client, _ in
            for i in 0..<7 { _ = try await client.createApplication(name: "app-\(i)") }
            var pageSizes: [Int] = []
            for try await page in client.listApplications(pageSize: 3) { pageSizes.append(page.count) }
            #expect(pageSizes == [3, 3, 1])
            #expect(Set(try await client.allApplications().map(\.name)) == Set((0..<7).map { "app-\($0)" }))

            let strategies = try await client.allDeploymentStrategies()
            #expect(strategies.contains { $0.id == DeploymentStrategy.allAtOnceId })
            let custom = try await client.createDeploymentStrategy(
                name: "slow", deploymentDurationInMinutes: 10, growthFactor: 25, growthType: .exponential,
                finalBakeTimeInMinutes: 5)
            let fetched = try await client.getDeploymentStrategy(id: custom.id)
            #expect(fetched.growthType == .exponential && fetched.growthFactor == 25
                    && fetched.deploymentDurationInMinutes == 10 && fetched.finalBakeTimeInMinutes == 5)
        }
    }

    @Test func errorsAreTyped() async throws {
        try await withEmulator { client, _ in
            do {
                _ = try await client.getApplication(id: "zzzz999")
                Issue.record("expected not found")
            } catch let e as AppConfigError {
                #expect(e.isNotFound, "\(e)")
                #expect(e.awsError?.statusCode == 404)
            }
            let app = try await client.createApplication(name: "a")
            do {
                _ = try await client.getDeployment(applicationId: app.id, environmentId: "nope123", deploymentNumber: 1)
                Issue.record("expected not found")
            } catch let e as AppConfigError {
                #expect(e.isNotFound, "\(e)")
            }
        }
    }

    @Test func aWrongSecretIsRejectedByTheServer() async throws {
        try await withEmulator(secret: "not-the-secret") { client, _ in
            do {
                _ = try await client.allApplications()
                Issue.record("expected an auth failure")
            } catch let e as AppConfigError {
                guard case .other(let aws) = e else { Issue.record("got \(e)"); return }
                #expect(aws.isAuthFailure, "\(aws)")
            }
        }
    }

    @Test func readOnlyReadsButNeverWrites() async throws {
        try await withEmulator(readOnly: true) { client, emulator in
            let apps = try await client.allApplications()
            #expect(apps.isEmpty)
            await #expect(throws: ReadOnlyViolation.self) { _ = try await client.createApplication(name: "x") }
            #expect(emulator.operationCounts["CreateApplication"] == nil)
        }
    }
}
