import Foundation
import Testing
@testable import AWSCore

/// The discovery clients' wire shapes, and the read-only guard letting exactly their reads through.
@Suite struct DiscoveryClientTests {
    func client(_ t: RecordingTransport, readOnly: Bool = true) -> AWSClient {
        AWSClient(credentials: CountingCredentialProvider(), transport: t, endpoints: EndpointResolver(environment: [:]),
                  readOnly: readOnly, retrier: Retrier(clock: FakeClock(), random: FixedRandom(value: 0)), clock: FakeClock())
    }

    func body(_ request: HTTPRequest) -> [String: Any] {
        (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
    }

    @Test func organizationsListAccountsIsJSON11AndPagedToTheEnd() async throws {
        let t = RecordingTransport([
            jsonResponse(200, #"{"Accounts": [{"Id": "111111111111", "Name": "a", "State": "ACTIVE"}], "NextToken": "t1"}"#),
            jsonResponse(200, #"{"Accounts": [{"Id": "222222222222", "Name": "b", "Status": "SUSPENDED"}]}"#),
        ])
        let accounts = try await OrganizationsClient(aws: client(t)).listAccounts()
        #expect(accounts == [.init(id: "111111111111", name: "a", state: "ACTIVE"),
                             .init(id: "222222222222", name: "b", state: "SUSPENDED")])
        #expect(t.requests.count == 2)
        let first = t.requests[0]
        #expect(first.method == "POST")
        #expect(first.url == "https://organizations.us-east-1.amazonaws.com/")
        #expect(first.headers.first(named: "X-Amz-Target") == "AWSOrganizationsV20161128.ListAccounts")
        #expect(first.headers.first(named: "Content-Type") == "application/x-amz-json-1.1")
        #expect(first.headers.first(named: "Authorization")?.contains("/us-east-1/organizations/aws4_request") == true)
        #expect(body(first)["MaxResults"] as? Int == 20)
        #expect(body(t.requests[1])["NextToken"] as? String == "t1")
    }

    @Test func listRegionsAsksForEnabledOnesAboutAMember() async throws {
        let t = RecordingTransport([jsonResponse(200, #"""
            {"Regions": [{"RegionName": "us-east-1", "RegionOptStatus": "ENABLED_BY_DEFAULT"},
                         {"RegionName": "af-south-1", "RegionOptStatus": "DISABLED"},
                         {"RegionName": "eu-south-1", "RegionOptStatus": "ENABLED"}]}
            """#)])
        let regions = try await AccountRegionsClient(aws: client(t)).enabledRegions(accountId: "222222222222")
        #expect(regions == ["eu-south-1", "us-east-1"])
        let request = try #require(t.requests.first)
        #expect(request.url == "https://account.us-east-1.amazonaws.com/listRegions")
        #expect(body(request)["AccountId"] as? String == "222222222222")
        #expect(body(request)["RegionOptStatusContains"] as? [String] == ["ENABLED", "ENABLED_BY_DEFAULT"])
    }

    @Test func readOnlyLetsTheDiscoveryReadsThroughAndNothingElse() async throws {
        let t = RecordingTransport(fallback: jsonResponse(200, "{}"))
        let c = client(t)
        _ = try await OrganizationsClient(aws: c).listParents(childId: "111111111111")
        _ = try? await OrganizationsClient(aws: c).describeOrganization()
        _ = try await AccountRegionsClient(aws: c).enabledRegions()
        #expect(t.requests.count == 3)
        let endpoint = try c.endpoint(service: "organizations", region: "us-east-1")
        for (service, path, target) in [("organizations", "/", "AWSOrganizationsV20161128.CreateAccount"),
                                        ("organizations", "/", "AWSOrganizationsV20161128.MoveAccount"),
                                        ("account", "/putAlternateContact", ""), ("account", "/enableRegion", "")] {
            let request = AWSRequest(service: service, region: "us-east-1", method: "POST", endpoint: endpoint, path: path,
                                     headers: target.isEmpty ? [] : [HTTPHeader("X-Amz-Target", target)])
            await #expect(throws: ReadOnlyViolation.self) { try await c.send(request) }
        }
        #expect(t.requests.count == 3)
    }

    @Test func portalCallsCarryTheBearerTokenAndAreRetried() async throws {
        let t = RecordingTransport([
            jsonResponse(429, #"{"message": "slow down"}"#, headers: [HTTPHeader("x-amzn-ErrorType", "TooManyRequestsException")]),
            jsonResponse(200, #"{"accountList": [{"accountId": "111111111111", "accountName": "a"}], "nextToken": "n"}"#),
            jsonResponse(200, #"{"accountList": [{"accountId": "222222222222", "accountName": "b"}]}"#),
        ])
        let portal = SSOPortalClient(transport: t, endpoint: EndpointResolver.standard(service: "sso", region: "eu-west-1"),
                                     region: "eu-west-1", clock: FakeClock())
        let accounts = try await portal.listAccounts(token: "bearer-secret")
        #expect(accounts.map(\.id) == ["111111111111", "222222222222"])
        #expect(t.requests.count == 3)
        #expect(t.requests[0].url == "https://portal.sso.eu-west-1.amazonaws.com/assignment/accounts?max_result=100")
        #expect(t.requests[2].url.contains("next_token=n"))
        #expect(t.requests.allSatisfy { $0.headers.first(named: "x-amz-sso_bearer_token") == "bearer-secret" })
        #expect(t.requests.allSatisfy { !$0.headers.contains(named: "Authorization") })
    }
}
