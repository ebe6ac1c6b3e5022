@testable import FlagDeckRuntime
import FlagModel
import FleetScanner
import FleetStore
import Foundation
import TeamStore
import Testing

/// One laptop's scan warms the next one's: what one cached goes to the team store, a
/// laptop that never saw a profile reads it from there (and keeps it), and code references
/// are the newest of either side. Needs the private cluster scripts/test.sh starts.
@Suite(.enabled(if: ProcessInfo.processInfo.environment["FLAGDECK_TEST_POSTGRES"] != nil,
                "needs FLAGDECK_TEST_POSTGRES (scripts/test.sh starts a private cluster)"))
struct SharedScanCacheTests {
    /// Ids of this run's own: the team store is shared with other tests.
    let account = String(UInt64.random(in: 100_000_000_000...999_999_999_999))

    func version(_ n: Int) -> CachedVersion {
        CachedVersion(key: VersionKey(accountId: account, region: "eu-west-1", applicationId: "app1", profileId: "prf1",
                                      versionNumber: n),
                      content: Data("{\"version\":\"1\",\"flags\":{},\"values\":{}}".utf8), contentType: "application/json",
                      description: "v\(n)", versionLabel: nil, fetchedAt: Date(timeIntervalSince1970: 1_795_000_000))
    }

    func deployment(_ n: Int, _ state: String, storedAt: Double) -> CachedDeployment {
        CachedDeployment(key: DeploymentKey(accountId: account, region: "eu-west-1", applicationId: "app1", environmentId: "env1",
                                            deploymentNumber: n),
                         state: state, record: Data("{\"n\":\(n)}".utf8), storedAt: Date(timeIntervalSince1970: storedAt),
                         completedAt: Date(timeIntervalSince1970: 1_795_000_000))
    }

    @Test func aSecondLaptopReadsWhatTheFirstFetchedAndKeepsIt() async throws {
        let team = try await testTeamStore()
        defer { team.close() }
        try await withStore { alicesLaptop in
            try await withStore { bobsLaptop in
                let alice = SharedScanCache(local: alicesLaptop, team: team)
                try await alice.storeVersions([version(1), version(2)])
                try await alice.storeDeployments([deployment(1, "COMPLETE", storedAt: 1_795_000_100)])

                let bob = SharedScanCache(local: bobsLaptop, team: team)
                let versions = try await bob.cachedVersions(accountId: account, region: "eu-west-1", applicationId: "app1",
                                                            profileId: "prf1")
                #expect(versions.keys.sorted() == [1, 2] && versions[2] == version(2))
                let deployments = try await bob.cachedDeployments(accountId: account, region: "eu-west-1", applicationId: "app1",
                                                                  environmentId: "env1")
                #expect(deployments[1]?.state == "COMPLETE" && deployments[1]?.record == Data("{\"n\":1}".utf8))
                // Kept on Bob's laptop: the next scan does not ask the team store.
                #expect(try await bobsLaptop.cachedVersions(accountId: account, region: "eu-west-1", applicationId: "app1",
                                                            profileId: "prf1").count == 2)
            }
        }
    }

    @Test func aNewerSightingWinsAndVersionsNeverChange() async throws {
        let team = try await testTeamStore()
        defer { team.close() }
        try await team.storeDeployments([deployment(1, "REVERTED", storedAt: 1_795_000_200)])
        try await team.storeDeployments([deployment(1, "COMPLETE", storedAt: 1_795_000_100)])  // an older sighting arrives late
        #expect(try await team.cachedDeployments(accountId: account, region: "eu-west-1", applicationId: "app1",
                                                 environmentId: "env1")[1]?.state == "REVERTED")
        var changed = version(1)
        changed.content = Data("tampered".utf8)
        try await team.storeVersions([version(1)])
        try await team.storeVersions([changed])
        #expect(try await team.cachedVersions(accountId: account, region: "eu-west-1", applicationId: "app1",
                                              profileId: "prf1")[1] == version(1))
        await #expect(throws: FleetStoreError.self) {
            try await team.storeDeployments([deployment(2, "DEPLOYING", storedAt: 1_795_000_300)])
        }
    }

    @Test func codeReferencesAreTheNewestOfEitherSide() async throws {
        let team = try await testTeamStore()
        defer { team.close() }
        let repository = "/src/checkout-" + account
        let source = CodeReferenceSource(path: repository, applications: ["checkout"])
        func scan(_ commit: String, at t: Double, lines: [Int]) -> RepositoryScan {
            RepositoryScan(repository: repository, commit: commit, scannedAt: Date(timeIntervalSince1970: t),
                           references: lines.map { CodeReference(repository: repository, commit: commit, path: "app.py", line: $0,
                                                                 text: "flags.get('new_checkout')", key: "new_checkout",
                                                                 alias: "new_checkout", form: .exact) },
                           filesScanned: 10)
        }
        try await withStore { laptop in
            try await laptop.saveCodeReferences(scan("old", at: 1_795_000_000, lines: [1, 2]))
            try await team.publishCodeReferences(scan("new", at: 1_795_000_500, lines: [7]), source: source)
            try await team.publishCodeReferences(scan("older", at: 1_794_000_000, lines: []), source: source)  // ignored: older
            let scans = try await CodeReferenceEffects.scans(local: laptop, team: team).filter { $0.repository == repository }
            #expect(scans.map(\.commit) == ["new"] && scans.first?.references.map(\.line) == [7])
            let published = try await team.codeReferenceScans().filter { $0.scan.repository == repository }
            #expect(published.map(\.source) == [source])
        }
    }
}
