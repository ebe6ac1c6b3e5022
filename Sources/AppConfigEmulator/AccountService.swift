import FlagModel
import Foundation

/// AWS Account Management (2021-02-01, rest-json, SigV4 service `account`): ListRegions and
/// GetRegionOptStatus. Without AccountId they answer for the caller's account; with one,
/// only the organization's management account may ask, and only about a member.
enum AccountService {
    /// ListRegions pages by this many when MaxResults (1…50) is omitted.
    static let pageSize = 20

    static func operation(of r: ReceivedRequest) -> String? {
        guard r.method == "POST" else { return nil }
        switch r.rawPath {
        case "/listRegions": return "ListRegions"
        case "/getRegionOptStatus": return "GetRegionOptStatus"
        default: return nil
        }
    }

    static func handle(_ r: ReceivedRequest, caller: EmulatorEngine.Principal, engine: EmulatorEngine) throws -> JSONValue {
        guard let operation = operation(of: r) else { throw EmulatedService.account.unknownOperation(r) }
        let body = try JSONBody(r.body)
        let account = try targetAccount(try body.string("AccountId"), caller: caller, engine: engine, operation: operation)
        let regions = RegionCatalog.regions(used: account.regions)
        func region(_ r: (name: String, status: String)) -> JSONValue {
            Shapes.obj([("RegionName", .string(r.name)), ("RegionOptStatus", .string(r.status))])
        }
        if operation == "GetRegionOptStatus" {
            guard let name = try body.string("RegionName") else { throw validation("RegionName", "RegionName must not be null") }
            guard let match = regions.first(where: { $0.name == name }) else { throw validation("RegionName", "Invalid region name \(name)") }
            return region(match)
        }
        var wanted = regions
        if let filter = try body.array("RegionOptStatusContains") {
            let statuses = filter.compactMap(\.stringValue)
            if let bad = statuses.first(where: { !RegionCatalog.statuses.contains($0) }) {
                throw validation("RegionOptStatusContains", "Value '\(bad)' at 'regionOptStatusContains' failed to satisfy constraint: Member must satisfy enum value set: \(RegionCatalog.statuses)")
            }
            wanted = regions.filter { statuses.contains($0.status) }
        }
        do {
            let p = try Pagination.page(wanted, limit: try body.int("MaxResults"), nextToken: try body.string("NextToken"),
                                        defaultSize: pageSize, max: 50)
            return Shapes.obj([("Regions", .array(p.items.map(region))), ("NextToken", Shapes.str(p.next))])
        } catch let problem as Pagination.Problem {
            switch problem {
            case .badToken: throw validation("NextToken", "The pagination token is invalid")
            case .aboveMaximum: throw validation("MaxResults", "Member must have value less than or equal to 50")
            case .belowMinimum, .notAnInteger: throw validation("MaxResults", "Member must have value greater than or equal to 1")
            }
        }
    }

    /// The account a request is about (see the type's documentation).
    static func targetAccount(_ requested: String?, caller: EmulatorEngine.Principal, engine: EmulatorEngine,
                              operation: String) throws -> EmulatorAccount {
        let accounts = engine.accounts
        guard let requested else {
            guard let own = accounts.first(where: { $0.accountId == caller.accountId }) else { throw APIError.internalError() }
            return own
        }
        guard requested.count == 12, requested.allSatisfy(\.isNumber) else {
            throw validation("AccountId", "Value '\(requested)' at 'accountId' failed to satisfy constraint: Member must satisfy regular expression pattern: \\d{12}")
        }
        let denied = APIError(code: "AccessDeniedException", status: 403,
                              message: "User: \(caller.arn) is not authorized to perform: account:\(operation) on resource: arn:aws:account::\(caller.accountId):account/\(requested)")
        guard let org = engine.organization, org.isManagement(caller.accountId) else { throw denied }
        if requested == caller.accountId {
            throw validation("AccountId", "The management account can only be managed using the standalone context from the management account.")
        }
        guard org.account(requested) != nil, let member = accounts.first(where: { $0.accountId == requested }) else { throw denied }
        return member
    }

    static func validation(_ field: String, _ message: String) -> APIError {
        var e = APIError(code: "ValidationException", status: 400, message: message)
        e.extra = [("reason", "fieldValidationFailed"), ("fieldList", [Shapes.obj([("name", .string(field)), ("message", .string(message))])])]
        return e
    }
}
