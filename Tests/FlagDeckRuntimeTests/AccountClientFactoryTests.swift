import AWSCore
import AppConfigClient
import FlagDeckConfig
import FlagDeckRuntime
import FlagDeploy
import FleetScanner
import Foundation
import Testing

@Suite("One factory for the accounts' clients")
struct AccountClientFactoryTests {
    @Test("one AWS client per account, one AppConfig client per configured region, all working")
    func oneClientPerAccountAndRegion() async throws {
        try await RuntimeFleet.with { fleet in
            let factory = AccountClientFactory(readOnly: true, transport: fleet.transport, environment: fleet.environment)
            let connections = factory.connect(fleet.configuration().accounts)
            #expect(connections.map(\.account.name) == ["alpha", "beta"])
            let alpha = try connections[0].clients.get()
            let beta = try connections[1].clients.get()
            #expect(Set(alpha.appConfig.keys) == ["us-east-1", "eu-west-1"])
            #expect(Set(beta.appConfig.keys) == ["us-east-1"])
            #expect(alpha.appConfig.values.allSatisfy { $0.aws.readOnlyGuard.enabled })
            #expect(alpha.appConfig["eu-west-1"]?.region == "eu-west-1")
            // Each client signs with its own account's profile.
            #expect(try await alpha.appConfig(in: "us-east-1").allApplications().map(\.name) == ["checkout"])
            #expect(try await beta.appConfig(in: "us-east-1").allApplications().isEmpty)
            #expect(try await alpha.aws.sts(region: "us-east-1").getCallerIdentity().account == RuntimeFleet.alpha.accountId)
            #expect(try await beta.aws.sts(region: "us-east-1").getCallerIdentity().account == RuntimeFleet.beta.accountId)
        }
    }

    @Test("an account with a broken profile keeps its reason; the others still get clients")
    func brokenProfileReported() async throws {
        try await RuntimeFleet.with { fleet in
            let factory = AccountClientFactory(readOnly: false, transport: fleet.transport, environment: fleet.environment)
            let connections = factory.connect(fleet.configuration(brokenProfile: true).accounts)
            #expect(connections[0].error == nil)
            let error = try #require(connections[1].error)
            #expect(String(describing: error).contains("profile nobody not found"), "\(error)")
            #expect(throws: (any Error).self) { try factory.aws(for: connections[1].account) }

            // The toggle engine's clients: only the accounts that have them.
            let clients = AppConfigClients(connections)
            #expect(Set(clients.clients.keys) == [AccountRegion(account: "alpha", region: "us-east-1"),
                                                  AccountRegion(account: "alpha", region: "eu-west-1")])
            #expect(!clients.isReadOnly(fleet.staging))
        }
    }

    @Test("the scan reports the broken account in each of its regions, with the reason")
    func scanReportsBrokenAccount() async throws {
        try await RuntimeFleet.with { fleet in
            let result = await fleet.scanner(brokenProfile: true).scan()
            #expect(result.errors.map(\.account) == ["beta"])
            #expect(result.errors.first?.message.contains("profile nobody not found") == true)
            #expect(result.snapshot.rows.contains { $0.flag == RuntimeFleet.flag })
        }
    }

    @Test("the configuration's account becomes AWSCore's access: STS in the first region unless told")
    func accessFromConfiguration() {
        let account = FlagDeckConfiguration.Account(name: "prod", profile: "base", roleArn: "arn:aws:iam::123456789012:role/Reader",
                                                    externalId: "x-1", regions: ["eu-west-1", "us-east-1"],
                                                    endpoint: "http://127.0.0.1:4566")
        let access = AccountClientFactory.access(for: account)
        #expect(access.profile == "base")
        #expect(access.roleArn == "arn:aws:iam::123456789012:role/Reader")
        #expect(access.externalId == "x-1")
        #expect(access.endpoint == "http://127.0.0.1:4566")
        #expect(access.stsRegion == "eu-west-1")
        #expect(AccountClientFactory.access(for: account, stsRegion: "us-east-1").stsRegion == "us-east-1")
    }
}
