import FlagModel
import Foundation

/// AWS Organizations (2016-11-28, awsJson1_1: `POST /` with `X-Amz-Target`), the read
/// operations organization discovery uses. DescribeOrganization answers any account of the
/// organization; the List operations only the management account (no delegated
/// administrators here); accounts outside an organization get AWSOrganizationsNotInUseException.
enum OrganizationsService {
    static let targetPrefix = "AWSOrganizationsV20161128."
    static let operations: Set = ["DescribeOrganization", "ListAccounts", "ListRoots", "ListChildren", "ListParents",
                                  "ListOrganizationalUnitsForParent", "ListAccountsForParent"]
    /// The model's MaxResults is 1…20; AWS pages by 20 when it is omitted.
    static let pageSize = 20

    static func operation(of r: ReceivedRequest) -> String? {
        guard let target = r.header("x-amz-target"), target.hasPrefix(targetPrefix) else { return nil }
        let name = String(target.dropFirst(targetPrefix.count))
        return operations.contains(name) ? name : nil
    }

    static func handle(_ r: ReceivedRequest, caller: EmulatorEngine.Principal, engine: EmulatorEngine) throws -> JSONValue {
        guard let operation = operation(of: r) else { throw EmulatedService.organizations.unknownOperation(r) }
        let body = try JSONBody(r.body)
        guard let org = engine.organization, org.account(caller.accountId) != nil else {
            throw APIError(code: "AWSOrganizationsNotInUseException", status: 400, message: "Your account is not a member of an organization.")
        }
        if operation == "DescribeOrganization" { return Shapes.obj([("Organization", organization(org))]) }
        guard org.isManagement(caller.accountId) else {
            throw APIError(code: "AccessDeniedException", status: 400, message: "You don't have permissions to access this resource.")
        }
        switch operation {
        case "ListAccounts":
            return try page(org.accounts.map { account($0, org) }, "Accounts", body)
        case "ListRoots":
            let root = Shapes.obj([("Id", .string(org.rootId)), ("Arn", .string(org.rootArn)), ("Name", .string(org.rootName)),
                                   ("PolicyTypes", [Shapes.obj([("Type", "SERVICE_CONTROL_POLICY"), ("Status", "ENABLED")])])])
            return try page([root], "Roots", body)
        case "ListChildren":
            let parent = try parentId(body, org)
            let type = try required(body, "ChildType")
            let ids: [String]
            switch type {
            case "ACCOUNT": ids = org.childAccounts(of: parent).map(\.accountId)
            case "ORGANIZATIONAL_UNIT": ids = org.childUnits(of: parent).map(\.id)
            default: throw invalidInput("INVALID_ENUM", "You specified an invalid value for ChildType.")
            }
            return try page(ids.map { Shapes.obj([("Id", .string($0)), ("Type", .string(type))]) }, "Children", body)
        case "ListParents":
            let child = try required(body, "ChildId")
            guard let parent = org.parent(of: child) else {
                throw APIError(code: "ChildNotFoundException", status: 400,
                               message: "We can't find an organizational unit (OU) or AWS account with the ChildId that you specified.")
            }
            let type = parent == org.rootId ? "ROOT" : "ORGANIZATIONAL_UNIT"
            return try page([Shapes.obj([("Id", .string(parent)), ("Type", .string(type))])], "Parents", body)
        case "ListOrganizationalUnitsForParent":
            let parent = try parentId(body, org)
            let units = org.childUnits(of: parent).map { u in
                Shapes.obj([("Id", .string(u.id)), ("Arn", .string(org.unitArn(u.id))), ("Name", .string(u.name)),
                            ("Path", .string(org.path(to: u.id)))])
            }
            return try page(units, "OrganizationalUnits", body)
        default:  // ListAccountsForParent
            let parent = try parentId(body, org)
            return try page(org.childAccounts(of: parent).map { account($0, org) }, "Accounts", body)
        }
    }

    static func organization(_ org: EmulatorOrganization) -> JSONValue {
        let management = org.account(org.managementAccountId)
        return Shapes.obj([("Id", .string(org.id)), ("Arn", .string(org.arn)), ("FeatureSet", "ALL"),
                           ("MasterAccountArn", .string(org.accountArn(org.managementAccountId))),
                           ("MasterAccountId", .string(org.managementAccountId)),
                           ("MasterAccountEmail", Shapes.str(management?.email)),
                           ("AvailablePolicyTypes", .array([]))])
    }

    /// The Account shape; `Status` (retired by AWS in September 2026) and its successor `State`.
    static func account(_ m: EmulatorOrganization.Member, _ org: EmulatorOrganization) -> JSONValue {
        Shapes.obj([("Id", .string(m.accountId)), ("Arn", .string(org.accountArn(m.accountId))), ("Email", .string(m.email)),
                    ("Name", .string(m.name)), ("Status", .string(m.status)), ("State", .string(m.status)),
                    ("Paths", [.string(org.accountPath(m))]), ("JoinedMethod", .string(m.joinedMethod)),
                    ("JoinedTimestamp", Shapes.float((m.joinedAt.timeIntervalSince1970 * 1000).rounded() / 1000))])
    }

    private static func page(_ items: [JSONValue], _ key: String, _ body: JSONBody) throws -> JSONValue {
        do {
            let p = try Pagination.page(items, limit: try body.int("MaxResults"), nextToken: try body.string("NextToken"),
                                        defaultSize: pageSize, max: pageSize)
            return Shapes.obj([(key, .array(p.items)), ("NextToken", Shapes.str(p.next))])
        } catch let problem as Pagination.Problem {
            switch problem {
            case .badToken: throw invalidInput("INVALID_NEXT_TOKEN", "You specified an invalid value for nextToken.")
            case .aboveMaximum: throw invalidInput("MAX_VALUE_EXCEEDED", "You provided a value that exceeds the maximum allowed value.")
            case .belowMinimum, .notAnInteger: throw invalidInput("MIN_VALUE_EXCEEDED", "You provided a value that is less than the minimum allowed value.")
            }
        }
    }

    private static func required(_ body: JSONBody, _ member: String) throws -> String {
        guard let value = try body.string(member), !value.isEmpty else {
            throw invalidInput("INPUT_REQUIRED", "You must specify a value for \(member).")
        }
        return value
    }

    private static func parentId(_ body: JSONBody, _ org: EmulatorOrganization) throws -> String {
        let id = try required(body, "ParentId")
        guard org.isParent(id) else {
            throw APIError(code: "ParentNotFoundException", status: 400, message: "We can't find a root or OU with the ParentId that you specified.")
        }
        return id
    }

    static func invalidInput(_ reason: String, _ message: String) -> APIError {
        var e = APIError(code: "InvalidInputException", status: 400, message: message)
        e.extra = [("Reason", .string(reason))]
        return e
    }
}
