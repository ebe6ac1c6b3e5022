import Foundation
import Testing
@testable import FleetStore

@Suite struct CacheTests {
    static let key = VersionKey(accountId: "111111111111", region: "eu-west-1", applicationId: "abc1234",
                                profileId: "prf1234", versionNumber: 7)

    @Test func versionsRoundTripAndTheFirstCopyWins() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        #expect(try await store.cachedVersion(Self.key) == nil)
        let v = CachedVersion(key: Self.key, content: Data(#"{"version":"1"}"#.utf8), contentType: "application/json",
                              description: "first", versionLabel: "v7", fetchedAt: day(0))
        try await store.storeVersion(v)
        #expect(try await store.cachedVersion(Self.key) == v)
        var other = v
        other.content = Data("changed".utf8)
        other.description = "second"
        try await store.storeVersion(other)
        #expect(try await store.cachedVersion(Self.key) == v)
    }

    @Test func versionsOfOneProfileComeBackInOneCall() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        var batch: [CachedVersion] = []
        for n in 1...5 {
            var k = Self.key
            k.versionNumber = n
            batch.append(CachedVersion(key: k, content: Data([UInt8(n)]), fetchedAt: day(n)))
        }
        var elsewhere = Self.key
        elsewhere.region = "us-east-1"
        batch.append(CachedVersion(key: elsewhere, content: Data(), fetchedAt: day(0)))
        try await store.storeVersions(batch)
        let all = try await store.cachedVersions(accountId: "111111111111", region: "eu-west-1",
                                                 applicationId: "abc1234", profileId: "prf1234")
        #expect(all.keys.sorted() == [1, 2, 3, 4, 5])
        #expect(all[3]?.content == Data([3]))
        #expect(all[3]?.contentType == nil)
    }

    static let deploymentKey = DeploymentKey(accountId: "111111111111", region: "eu-west-1", applicationId: "abc1234",
                                             environmentId: "env1234", deploymentNumber: 4)

    @Test func finalDeploymentsRoundTrip() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        let record = Data(#"{"DeploymentNumber":4,"State":"ROLLED_BACK"}"#.utf8)
        let d = CachedDeployment(key: Self.deploymentKey, state: "ROLLED_BACK", record: record, storedAt: day(1))
        try await store.storeDeployment(d)
        #expect(try await store.cachedDeployment(Self.deploymentKey) == d)
        let all = try await store.cachedDeployments(accountId: "111111111111", region: "eu-west-1",
                                                    applicationId: "abc1234", environmentId: "env1234")
        #expect(all == [4: d])
    }

    @Test func deploymentsStillRunningAreNeverCached() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        var other = Self.deploymentKey
        other.deploymentNumber = 5
        let ok = CachedDeployment(key: other, state: "COMPLETE", record: Data("{}".utf8), storedAt: day(1))
        let running = CachedDeployment(key: Self.deploymentKey, state: "DEPLOYING", record: Data("{}".utf8),
                                       storedAt: day(1))
        await #expect(throws: FleetStoreError.notFinalDeployment(state: "DEPLOYING")) {
            try await store.storeDeployments([ok, running])
        }
        #expect(try await store.cachedDeployment(other) == nil)
        // Even a write that bypasses the Swift check is refused by the table.
        await #expect(throws: (any Error).self) {
            try await store.write { db in
                try db.execute(sql: """
                    INSERT INTO final_deployment VALUES ('a','r','app','env',1,'BAKING',x'7b7d','2026-01-01 00:00:00.000')
                    """)
            }
        }
    }

    @Test func cachedRowsCannotBeRewritten() async throws {
        let tmp = TempDirectory()
        let store = try FleetStore(directory: tmp.url)
        try await store.storeVersion(CachedVersion(key: Self.key, content: Data("a".utf8), fetchedAt: day(0)))
        await #expect(throws: (any Error).self) {
            try await store.write { db in try db.execute(sql: "UPDATE hosted_version SET content = x'00'") }
        }
        try await store.clearCaches()
        #expect(try await store.cachedVersion(Self.key) == nil)
    }
}
