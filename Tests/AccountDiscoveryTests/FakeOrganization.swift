import AWSCore
import Foundation

/// A small AWS behind one fake transport: STS, Organizations (JSON 1.1), Account
/// ListRegions and the SSO portal, enough for discovery. Callers are told apart by the
/// access key id in the signature; every list is served in pages of two so paging is
/// exercised. Counts calls per operation.
final class FakeOrganization: HTTPTransport, @unchecked Sendable {
    struct Member {
        var id: String
        var name: String
        var parent: String
        var state = "ACTIVE"
        var regions = ["us-east-1", "eu-west-1"]
        /// FlagDeckReader can be assumed (else AccessDenied).
        var assumable = true
        /// The management account may ask ListRegions about it (trusted access).
        var regionsFromManagement = true
        /// Identity Center: the roles the session may take there.
        var ssoRoles = ["ReadOnly"]
    }

    static let management = "111111111111"
    static let orgKey = "AKIAORGADMIN00000001"
    static let token = "fake-portal-token-0001"

    private let lock = NSLock()
    var members: [Member]
    /// OU → its parent.
    var ouParents: [String: String]
    var failListAccounts = false
    private(set) var calls: [String: Int] = [:]

    init() {
        members = [
            Member(id: Self.management, name: "management", parent: "r-root"),
            Member(id: "222222222222", name: "payments-prod", parent: "ou-root-payments"),
            Member(id: "333333333333", name: "sandbox-bob", parent: "ou-root-sandbox", regions: ["us-east-1"]),
            Member(id: "444444444444", name: "no-role", parent: "ou-root-workload", assumable: false,
                   regionsFromManagement: false, ssoRoles: ["Admin"]),
            Member(id: "555555555555", name: "closed", parent: "ou-root-sandbox", state: "SUSPENDED"),
        ]
        ouParents = ["ou-root-payments": "ou-root-workload", "ou-root-workload": "r-root", "ou-root-sandbox": "r-root"]
    }

    func count(_ operation: String) -> Int { lock.withLock { calls[operation] ?? 0 } }
    func resetCounts() { lock.withLock { calls = [:] } }

    // MARK: transport

    func send(_ request: HTTPRequest) async throws -> HTTPResponse {
        lock.withLock { answer(request) }
    }

    private func answer(_ request: HTTPRequest) -> HTTPResponse {
        let url = URLComponents(string: request.url)!
        let body = String(decoding: request.body, as: UTF8.self)
        if url.path.hasPrefix("/assignment/") || url.path.hasPrefix("/federation/") {
            return portal(url, token: request.headers.first(named: "x-amz-sso_bearer_token"))
        }
        let caller = callerAccount(request)
        guard let caller else { return error(403, "UnrecognizedClientException", "unknown key") }
        if let target = request.headers.first(named: "X-Amz-Target") {
            let operation = String(target.split(separator: ".").last ?? "")
            calls[operation, default: 0] += 1
            let input = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
            return organizations(operation, input, caller: caller)
        }
        if url.path == "/listRegions" {
            calls["ListRegions", default: 0] += 1
            let input = (try? JSONSerialization.jsonObject(with: Data(request.body))) as? [String: Any] ?? [:]
            return listRegions(input, caller: caller)
        }
        if body.contains("Action=GetCallerIdentity") {
            calls["GetCallerIdentity", default: 0] += 1
            return xml("<GetCallerIdentityResponse><GetCallerIdentityResult><Account>\(caller)</Account>"
                       + "<Arn>arn:aws:iam::\(caller):user/admin</Arn><UserId>AIDA</UserId></GetCallerIdentityResult>"
                       + "</GetCallerIdentityResponse>")
        }
        if body.contains("Action=AssumeRole") {
            calls["AssumeRole", default: 0] += 1
            let arn = form(body)["RoleArn"] ?? ""
            let account = arn.split(separator: ":").dropFirst(4).first.map(String.init) ?? ""
            guard let member = members.first(where: { $0.id == account }), member.assumable,
                  arn.hasSuffix(":role/FlagDeckReader") else {
                return error(403, "AccessDenied", "User: arn:aws:iam::\(caller):user/admin is not authorized to perform: "
                             + "sts:AssumeRole on resource: \(arn)", query: true)
            }
            return xml("<AssumeRoleResponse><AssumeRoleResult><Credentials><AccessKeyId>ASIA\(account)00000</AccessKeyId>"
                       + "<SecretAccessKey>role-secret-\(account)</SecretAccessKey><SessionToken>role-token</SessionToken>"
                       + "<Expiration>2099-01-01T00:00:00Z</Expiration></Credentials></AssumeRoleResult></AssumeRoleResponse>")
        }
        return error(400, "UnknownOperationException", "not faked: \(request.method) \(url.path)")
    }

    /// `Credential=KEY/date/...`: the org profile's key is the management account, role keys
    /// (ASIA + id) their account, SSO role keys (SSO + id) theirs.
    private func callerAccount(_ request: HTTPRequest) -> String? {
        guard let auth = request.headers.first(named: "Authorization"),
              let range = auth.range(of: "Credential=") else { return nil }
        let key = auth[range.upperBound...].prefix { $0 != "/" }
        if key == Self.orgKey { return Self.management }
        if key.hasPrefix("ASIA") || key.hasPrefix("SSOK") { return String(key.dropFirst(4).prefix(12)) }
        return nil
    }

    private func organizations(_ operation: String, _ input: [String: Any], caller: String) -> HTTPResponse {
        guard caller == Self.management else {
            return error(400, "AccessDeniedException", "You don't have permissions to access this resource.")
        }
        switch operation {
        case "DescribeOrganization":
            return json(["Organization": ["Id": "o-fake123456", "MasterAccountId": Self.management]])
        case "ListAccounts":
            if failListAccounts { return error(400, "AccessDeniedException", "not the management account") }
            let all = members.map { ["Id": $0.id, "Name": $0.name, "State": $0.state, "Arn": "arn", "Email": "x@y"] }
            return page(all, key: "Accounts", token: input["NextToken"] as? String)
        case "ListParents":
            let child = input["ChildId"] as? String ?? ""
            let parent = members.first { $0.id == child }?.parent ?? ouParents[child]
            guard let parent else { return error(400, "ChildNotFoundException", child) }
            return json(["Parents": [["Id": parent, "Type": parent.hasPrefix("r-") ? "ROOT" : "ORGANIZATIONAL_UNIT"]]])
        default:
            return error(400, "UnknownOperationException", operation)
        }
    }

    private func listRegions(_ input: [String: Any], caller: String) -> HTTPResponse {
        let target = (input["AccountId"] as? String) ?? caller
        if input["AccountId"] as? String == Self.management {
            return error(400, "ValidationException", "The management account can't specify its own AccountId")
        }
        if target != caller {
            guard caller == Self.management, members.first(where: { $0.id == target })?.regionsFromManagement == true else {
                return error(403, "AccessDeniedException", "trusted access is not enabled for \(target)")
            }
        }
        guard let member = members.first(where: { $0.id == target }) else { return error(400, "ValidationException", target) }
        // A disabled region the filter must keep out (servers that ignore it are handled too).
        let regions = member.regions.map { ["RegionName": $0, "RegionOptStatus": "ENABLED_BY_DEFAULT"] }
            + [["RegionName": "af-south-1", "RegionOptStatus": "DISABLED"]]
        return page(regions, key: "Regions", token: input["NextToken"] as? String)
    }

    private func portal(_ url: URLComponents, token: String?) -> HTTPResponse {
        let operation = url.path == "/assignment/accounts" ? "sso.ListAccounts"
            : url.path == "/assignment/roles" ? "sso.ListAccountRoles" : "sso.GetRoleCredentials"
        calls[operation, default: 0] += 1
        guard token == Self.token else { return error(401, "UnauthorizedException", "Session token not found or invalid") }
        let query = Dictionary((url.queryItems ?? []).map { ($0.name, $0.value ?? "") }, uniquingKeysWith: { a, _ in a })
        switch operation {
        case "sso.ListAccounts":
            let accounts = members.filter { $0.state == "ACTIVE" }.map { ["accountId": $0.id, "accountName": $0.name] }
            return page(accounts, key: "accountList", token: query["next_token"], tokenKey: "nextToken")
        case "sso.ListAccountRoles":
            let roles = members.first { $0.id == query["account_id"] }?.ssoRoles ?? []
            return json(["roleList": roles.map { ["roleName": $0, "accountId": query["account_id"] ?? ""] }])
        default:
            let account = query["account_id"] ?? ""
            guard members.first(where: { $0.id == account })?.ssoRoles.contains(query["role_name"] ?? "") == true else {
                return error(403, "ForbiddenException", "No access")
            }
            return json(["roleCredentials": ["accessKeyId": "SSOK\(account)0000", "secretAccessKey": "sso-secret",
                                             "sessionToken": "sso-token", "expiration": 4_070_908_800_000]])
        }
    }

    // MARK: replies

    private func page(_ items: [[String: Any]], key: String, token: String?, tokenKey: String = "NextToken") -> HTTPResponse {
        let start = token.flatMap { Int($0) } ?? 0
        var out: [String: Any] = [key: Array(items[min(start, items.count)..<min(start + 2, items.count)])]
        if start + 2 < items.count { out[tokenKey] = String(start + 2) }
        return json(out)
    }

    private func json(_ object: [String: Any]) -> HTTPResponse {
        HTTPResponse(status: 200, body: Array(try! JSONSerialization.data(withJSONObject: object)))
    }

    private func xml(_ text: String) -> HTTPResponse {
        HTTPResponse(status: 200, body: Array(text.utf8))
    }

    private func error(_ status: Int, _ code: String, _ message: String, query: Bool = false) -> HTTPResponse {
        if query {
            return HTTPResponse(status: status, body: Array(
                "<ErrorResponse><Error><Type>Sender</Type><Code>\(code)</Code><Message>\(message)</Message></Error></ErrorResponse>".utf8))
        }
        return HTTPResponse(status: status, body: Array(#"{"__type": "\#(code)", "message": "\#(message)"}"#.utf8))
    }

    private func form(_ body: String) -> [String: String] {
        var out: [String: String] = [:]
        for pair in body.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1).map { String($0).removingPercentEncoding ?? String($0) }
            if kv.count == 2 { out[kv[0]] = kv[1] }
        }
        return out
    }
}
