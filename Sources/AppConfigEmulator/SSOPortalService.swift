import AWSCore
import FlagModel
import Foundation

/// Who the Identity Center portal serves: the holder of `token` (`--sso-token`; without it
/// every token is refused), assigned the permission sets `roles` in every active account.
public struct SSOPortalConfig: Sendable {
    public var token: String?
    public var userName: String
    public var roles: [String]

    public init(token: String? = nil, userName: String = "flagdeck-sso-user", roles: [String] = ["FlagDeckReader", "ReadOnly"]) {
        self.token = token
        self.userName = userName
        self.roles = roles
    }

    func accepts(_ presented: String?) -> Bool {
        guard let token, let presented else { return false }
        return token == presented
    }
}

/// IAM Identity Center's portal (service `sso`, 2019-06-10, rest-json, unsigned: the
/// `x-amz-sso_bearer_token` header is the credential): ListAccounts, ListAccountRoles and
/// GetRoleCredentials. The credentials are an ordinary emulator session in that account, as
/// the role `AWSReservedSSO_<permission set>_<hex>` — usable against AppConfig and STS.
enum SSOPortalService {
    static let tokenHeader = "x-amz-sso_bearer_token"
    /// ListAccounts and ListAccountRoles page by this many when max_result (1…100) is omitted.
    static let pageSize = 20
    static let sessionSeconds: TimeInterval = 3600

    static let unauthorized = APIError(code: "UnauthorizedException", status: 401, message: "Session token not found or invalid")
    static let noAccess = APIError(code: "ForbiddenException", status: 403, message: "No access")

    static func isPortalPath(_ path: String) -> Bool {
        path.hasPrefix("/assignment/") || path.hasPrefix("/federation/") || path == "/logout"
    }

    static func operation(of r: ReceivedRequest) -> String? {
        switch (r.method, r.rawPath) {
        case ("GET", "/assignment/accounts"): "ListAccounts"
        case ("GET", "/assignment/roles"): "ListAccountRoles"
        case ("GET", "/federation/credentials"): "GetRoleCredentials"
        default: nil
        }
    }

    struct Reply {
        var body: JSONValue
        var createdSession = false
    }

    /// Handles a request whose token `portal` accepted.
    static func handle(_ r: ReceivedRequest, portal: SSOPortalConfig, engine: EmulatorEngine, now: Date) throws -> Reply {
        let accounts = assignedAccounts(engine)
        switch operation(of: r) {
        case "ListAccounts":
            let org = engine.organization
            let list = accounts.map { a in
                Shapes.obj([("accountId", .string(a.accountId)), ("accountName", .string(a.name)),
                            ("emailAddress", .string(org?.account(a.accountId)?.email ?? "aws+\(a.name)@example.com"))])
            }
            return Reply(body: try page(list, "accountList", r))
        case "ListAccountRoles":
            let account = try assigned(try required(r, "account_id"), accounts)
            let roles = portal.roles.map { Shapes.obj([("roleName", .string($0)), ("accountId", .string(account.accountId))]) }
            return Reply(body: try page(roles, "roleList", r))
        case "GetRoleCredentials":
            let roleName = try required(r, "role_name")
            let account = try assigned(try required(r, "account_id"), accounts)
            guard portal.roles.contains(roleName) else { throw noAccess }
            let session = engine.createSession(accountId: account.accountId, roleName: reservedRoleName(roleName),
                                               sessionName: portal.userName, duration: sessionSeconds, now: now)
            let credentials = Shapes.obj([
                ("accessKeyId", .string(session.accessKeyId)), ("secretAccessKey", .string(session.secretAccessKey)),
                ("sessionToken", .string(session.sessionToken)),
                // epoch milliseconds, unlike other AWS timestamps
                ("expiration", Shapes.int(Int((session.expiration.timeIntervalSince1970 * 1000).rounded()))),
            ])
            return Reply(body: Shapes.obj([("roleCredentials", credentials)]), createdSession: true)
        default:
            throw EmulatedService.ssoPortal.unknownOperation(r)
        }
    }

    /// Every account the user is assigned to: all of them but suspended organization members.
    static func assignedAccounts(_ engine: EmulatorEngine) -> [EmulatorAccount] {
        let org = engine.organization
        return engine.accounts.filter { org?.account($0.accountId)?.status ?? "ACTIVE" == "ACTIVE" }
    }

    /// The IAM role Identity Center creates for a permission set in each account.
    static func reservedRoleName(_ permissionSet: String) -> String {
        "AWSReservedSSO_\(permissionSet)_" + CanonicalRequest.sha256Hex(Array(permissionSet.utf8)).prefix(16)
    }

    private static func assigned(_ accountId: String, _ accounts: [EmulatorAccount]) throws -> EmulatorAccount {
        guard let account = accounts.first(where: { $0.accountId == accountId }) else { throw noAccess }
        return account
    }

    private static func required(_ r: ReceivedRequest, _ name: String) throws -> String {
        guard let value = r.query(name), !value.isEmpty else {
            throw APIError(code: "InvalidRequestException", status: 400, message: "\(name) is required")
        }
        return value
    }

    private static func page(_ items: [JSONValue], _ key: String, _ r: ReceivedRequest) throws -> JSONValue {
        do {
            let p = try Pagination.page(items, limit: r.query("max_result"), nextToken: r.query("next_token"),
                                        defaultSize: pageSize, max: 100)
            return Shapes.obj([(key, .array(p.items)), ("nextToken", Shapes.str(p.next))])
        } catch is Pagination.Problem {
            throw APIError(code: "InvalidRequestException", status: 400, message: "Invalid max_result or next_token")
        }
    }
}
