import AWSCore
import FlagModel
import Foundation
import Testing
@testable import AppConfigEmulator

/// The synthetic organization and the services organization discovery calls
/// (Organizations, Account Management, the Identity Center portal), without HTTP.
@Suite struct OrganizationTests {
    static let token = "test-portal-token"

    func core(accounts: Int = 10, extra: [EmulatorAccount] = []) throws -> EmulatorCore {
        let engine = try Seeds.build(.synthetic(SyntheticSeed(accounts: accounts, regions: 9, apps: 0, envs: 0, flags: 0, versions: 1)), now: t0)
        for a in extra { engine.addAccount(a) }
        return EmulatorCore(engine: engine, clock: VirtualClock(now: t0, timeScale: 0), persistence: nil,
                            ssoPortal: SSOPortalConfig(token: Self.token))
    }

    func creds(_ c: EmulatorCore, _ name: String) throws -> Credentials {
        let a = try #require(c.engine.accounts.first { $0.name == name })
        return Credentials(accessKeyId: a.accessKeyId, secretAccessKey: a.secretAccessKey)
    }

    func organizations(_ c: EmulatorCore, _ op: String, _ body: String = "{}", as credentials: Credentials) async throws -> WireResponse {
        await c.handle(try received(method: "POST", path: "/",
                                    headers: [HTTPHeader("Content-Type", "application/x-amz-json-1.1"),
                                              HTTPHeader("X-Amz-Target", "AWSOrganizationsV20161128.\(op)")],
                                    body: Array(body.utf8), credentials: credentials, service: "organizations"))
    }

    func json(_ r: WireResponse) throws -> JSONValue { try JSONParser.parse(r.body) }

    @Test func syntheticLayout() throws {
        let places = SyntheticOrganization.placements(count: 10)
        #expect(places.map(\.name) == ["management", "payments-prod", "sandbox-1", "payments-staging", "platform-shared",
                                       "search-prod", "search-staging", "sandbox-2", "checkout-prod", "platform-logging"])
        let org = try #require(try core().engine.organization)
        #expect(org.managementAccountId == "900000000001")
        #expect(org.id.wholeMatch(of: /o-[a-z0-9]{10}/) != nil && org.rootId.wholeMatch(of: /r-[a-z0-9]{4}/) != nil)
        #expect(org.units.allSatisfy { $0.id.hasPrefix("ou-\(org.rootId.dropFirst(2))-") && $0.id.count == 16 })
        #expect(org.unitPath(ofAccount: "900000000002") == "Workloads/Prod")
        #expect(org.unitPath(ofAccount: "900000000001") == "Root")
        #expect(org.accounts.filter { !$0.roles.contains("FlagDeckReader") }.map(\.name) == ["platform-shared"])
        #expect(org.accounts.filter { $0.status == "SUSPENDED" }.map(\.name) == ["search-staging"])
        // Small organizations have neither exception.
        let small = try #require(try core(accounts: 4).engine.organization)
        #expect(small.accounts.allSatisfy { $0.status == "ACTIVE" && $0.roles.contains("FlagDeckReader") })
    }

    @Test func organizationsJSON11() async throws {
        let c = try core()
        let management = try creds(c, "management")
        let all = try json(try await organizations(c, "ListAccounts", #"{"MaxResults": 4}"#, as: management))
        #expect(all["Accounts"]?.arrayValue?.count == 4)
        let next = try #require(all["NextToken"]?.stringValue)
        let rest = try json(try await organizations(c, "ListAccounts", #"{"NextToken": "\#(next)"}"#, as: management))
        #expect(rest["Accounts"]?.arrayValue?.count == 6 && rest["NextToken"] == nil)
        #expect(all["Accounts"]?.arrayValue?.first?["JoinedTimestamp"]?.numberValue != nil)

        // A member: DescribeOrganization (any account may), the rest AccessDenied.
        let member = try creds(c, "payments-prod")
        let described = try await organizations(c, "DescribeOrganization", as: member)
        #expect(try json(described)["Organization"]?["MasterAccountId"]?.stringValue == "900000000001")
        let denied = try await organizations(c, "ListAccounts", as: member)
        #expect(denied.status == 400)
        #expect(try json(denied)["__type"]?.stringValue == "AccessDeniedException")
        #expect(denied.headers.contains { $0 == ("Content-Type", "application/x-amz-json-1.1") })

        // An account outside the organization.
        let outsider = try core(extra: [testAccount])
        let r = try await organizations(outsider, "DescribeOrganization", as: Credentials(accessKeyId: testAccount.accessKeyId,
                                                                                          secretAccessKey: testAccount.secretAccessKey))
        #expect(try json(r)["__type"]?.stringValue == "AWSOrganizationsNotInUseException")
    }

    @Test func listRegions() async throws {
        let c = try core()
        func call(_ body: String, as name: String) async throws -> WireResponse {
            await c.handle(try received(method: "POST", path: "/listRegions", headers: [HTTPHeader("Content-Type", "application/json")],
                                        body: Array(body.utf8), credentials: try creds(c, name), service: "account"))
        }
        let enabled = try json(try await call(#"{"RegionOptStatusContains": ["ENABLED"]}"#, as: "management"))
        #expect(enabled["Regions"]?.arrayValue?.compactMap { $0["RegionName"]?.stringValue } == ["eu-south-1"])
        let page = try json(try await call(#"{"AccountId": "900000000003"}"#, as: "management"))
        #expect(page["Regions"]?.arrayValue?.count == AccountService.pageSize && page["NextToken"] != nil)
        let own = try await call(#"{"AccountId": "900000000001"}"#, as: "management")
        #expect(own.status == 400 && own.headers.contains { $0 == ("x-amzn-ErrorType", "ValidationException") })
        let member = try await call(#"{"AccountId": "900000000003"}"#, as: "payments-prod")
        #expect(member.status == 403)
        #expect(try json(member)["message"]?.stringValue?.contains("account:ListRegions") == true)
    }

    @Test func assumeRoleInTheOrganization() async throws {
        let c = try core()
        func assume(_ account: String, _ role: String) async throws -> Int {
            let form = PercentEncoding.formEncode([QueryItem("Action", "AssumeRole"), QueryItem("Version", "2011-06-15"),
                                                   QueryItem("RoleArn", "arn:aws:iam::\(account):role/\(role)"),
                                                   QueryItem("RoleSessionName", "flagdeck")])
            return await c.handle(try received(method: "POST", path: "/", headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded")],
                                               body: Array(form.utf8), credentials: try creds(c, "management"), service: "sts")).status
        }
        #expect(try await assume("900000000002", "FlagDeckReader") == 200)
        #expect(try await assume("900000000002", "OrganizationAccountAccessRole") == 200)
        #expect(try await assume("900000000002", "Admin") == 403)
        #expect(try await assume("900000000005", "FlagDeckReader") == 403)  // platform-shared
        #expect(try await assume("900000000005", "OrganizationAccountAccessRole") == 200)
        #expect(try await assume("900000000007", "FlagDeckReader") == 403)  // search-staging, suspended
    }

    @Test func ssoPortal() async throws {
        let c = try core()
        func get(_ path: String, _ query: String, token: String = Self.token) async -> WireResponse {
            await c.handle(ReceivedRequest(method: "GET", rawPath: path, rawQuery: query,
                                           headers: [("x-amz-sso_bearer_token", token)], body: []))
        }
        let accounts = try json(await get("/assignment/accounts", "max_result=100"))
        #expect(accounts["accountList"]?.arrayValue?.count == 9)  // ten minus the suspended one
        let bad = await get("/assignment/accounts", "", token: "nope")
        #expect(bad.status == 401 && bad.headers.contains { $0 == ("x-amzn-ErrorType", "UnauthorizedException") })

        let roles = try json(await get("/assignment/roles", "account_id=900000000005"))
        #expect(roles["roleList"]?.arrayValue?.compactMap { $0["roleName"]?.stringValue } == ["FlagDeckReader", "ReadOnly"])
        let r = await get("/federation/credentials", "account_id=900000000005&role_name=FlagDeckReader")
        let rc = try #require(try json(r)["roleCredentials"])
        #expect(rc["expiration"]?.numberValue?.intValue == Int(t0.timeIntervalSince1970 * 1000) + 3_600_000)
        let session = Credentials(accessKeyId: try #require(rc["accessKeyId"]?.stringValue),
                                  secretAccessKey: try #require(rc["secretAccessKey"]?.stringValue),
                                  sessionToken: rc["sessionToken"]?.stringValue)
        let apps = await c.handle(try received(method: "GET", path: "/applications", credentials: session))
        #expect(apps.status == 200)
        #expect(c.stats.snapshot().accounts["900000000005"]?["ListApplications"] == 1)
        #expect(await get("/federation/credentials", "account_id=900000000005&role_name=Admin").status == 403)
    }
}
