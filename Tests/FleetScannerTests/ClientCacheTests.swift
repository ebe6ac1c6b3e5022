import FlagDeckConfig
import FleetScanner
import Foundation
import Testing

/// The dashboard rescans every minute: with a client cache, an assumed role is assumed
/// once and its session reused, not again every refresh.
@Suite struct ClientCacheTests {
    @Test func rescansReuseTheAssumedRoleSession() async throws {
        try await withFleet(accounts: [TestFleet.alpha]) { fleet in
            // Sessions expire an hour after AppConfig's (the emulator's) now: let that be ours.
            fleet.at(Date())
            let r = fleet.region(TestFleet.alpha)
            _ = try await r.app("checkout")
            var account = fleet.account(TestFleet.alpha, regions: ["us-east-1"])
            account.roleArn = "arn:aws:iam::\(TestFleet.alpha.accountId):role/FlagDeckReader"
            let configuration = fleet.configuration([account])

            var cached = try fleet.scanner(configuration)
            cached.clientCache = AccountClientCache()
            let before = fleet.emulator.operationCounts
            for _ in 0..<3 {
                let result = await cached.scan(asOf: TestFleet.t0)
                #expect(result.errors.isEmpty, "\(result.errors.map(\.message))")
            }
            #expect(fleet.operations(since: before)["AssumeRole"] == 1)
            #expect(cached.clientCache?.count == 1)

            let uncached = try fleet.scanner(configuration)
            let again = fleet.emulator.operationCounts
            for _ in 0..<2 { _ = await uncached.scan(asOf: TestFleet.t0) }
            #expect(fleet.operations(since: again)["AssumeRole"] == 2, "without the cache, every scan assumes the role")
        }
    }
}
