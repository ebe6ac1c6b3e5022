import Foundation

/// An AWS Organization as the emulator holds it: one root, organizational units (possibly
/// nested), and every account with where it sits, its state and the IAM roles it has.
/// Ids and ARNs follow the AWS formats (`o-…`, `r-…`, `ou-<root>-<8>`).
public struct EmulatorOrganization: Sendable, Codable, Equatable {
    public var id: String
    public var managementAccountId: String
    public var rootId: String
    public var rootName = "Root"
    public var units: [Unit]
    /// The management account first, then the members.
    public var accounts: [Member]

    public struct Unit: Sendable, Codable, Equatable {
        public var id: String
        public var name: String
        /// The root or the enclosing OU.
        public var parentId: String
    }

    public struct Member: Sendable, Codable, Equatable {
        public var accountId: String
        public var name: String
        public var email: String
        public var parentId: String
        /// ACTIVE or SUSPENDED.
        public var status: String
        /// INVITED or CREATED.
        public var joinedMethod: String
        public var joinedAt: Date
        /// IAM roles that `sts:AssumeRole` accepts in this account.
        public var roles: [String]
    }

    public static let readerRole = "FlagDeckReader"
    public static let accessRole = "OrganizationAccountAccessRole"

    public func account(_ id: String) -> Member? { accounts.first { $0.accountId == id } }
    public func unit(_ id: String) -> Unit? { units.first { $0.id == id } }
    public func isManagement(_ accountId: String) -> Bool { accountId == managementAccountId }
    public func isParent(_ id: String) -> Bool { id == rootId || unit(id) != nil }

    public func childUnits(of parentId: String) -> [Unit] { units.filter { $0.parentId == parentId } }
    public func childAccounts(of parentId: String) -> [Member] { accounts.filter { $0.parentId == parentId } }

    /// The parent of an account or OU id, nil when there is no such child.
    public func parent(of childId: String) -> String? { account(childId)?.parentId ?? unit(childId)?.parentId }

    /// `Workloads/Prod` for an account in that OU, `Root` for one in the root.
    public func unitPath(ofAccount accountId: String) -> String? {
        guard let member = account(accountId) else { return nil }
        return member.parentId == rootId ? rootName : unitNames(member.parentId).joined(separator: "/")
    }

    /// OU names from the root down to `unitId`.
    public func unitNames(_ unitId: String) -> [String] {
        var names: [String] = []
        var id = unitId
        while let u = unit(id) {
            names.insert(u.name, at: 0)
            id = u.parentId
        }
        return names
    }

    // MARK: ARNs and paths

    var arn: String { "arn:aws:organizations::\(managementAccountId):organization/\(id)" }
    var rootArn: String { "arn:aws:organizations::\(managementAccountId):root/\(id)/\(rootId)" }
    func unitArn(_ unitId: String) -> String { "arn:aws:organizations::\(managementAccountId):ou/\(id)/\(unitId)" }
    func accountArn(_ accountId: String) -> String { "arn:aws:organizations::\(managementAccountId):account/\(id)/\(accountId)" }

    /// `o-…/r-…/ou-…/` down to and including `parentId` (the model's `Path`).
    func path(to parentId: String) -> String {
        var ids: [String] = []
        var current: String? = parentId
        while let c = current, let u = unit(c) {
            ids.insert(u.id, at: 0)
            current = u.parentId
        }
        return ([id, rootId] + ids).joined(separator: "/") + "/"
    }

    func accountPath(_ member: Member) -> String { path(to: member.parentId) + member.accountId + "/" }
}
