import Foundation

/// What a discovery source said, as kept in the store for an hour: ids, names and where
/// each account sits. Never credentials or tokens.
public struct DiscoveryListing: Sendable, Codable, Hashable {
    /// The management account (Organizations only).
    public var managementAccountId: String?
    /// The account the organization profile's credentials belong to (Organizations only):
    /// it is read through the profile itself, every other account through the role.
    public var callerAccountId: String?
    /// `aws`, `aws-cn`, `aws-us-gov`: role ARNs are built in the caller's partition.
    public var partition: String
    /// ACTIVE accounts only.
    public var accounts: [ListedAccount]
    /// Accounts left out for not being ACTIVE (suspended, closing...), for doctor's totals.
    public var inactive: Int

    public init(managementAccountId: String? = nil, callerAccountId: String? = nil, partition: String = "aws",
                accounts: [ListedAccount], inactive: Int = 0) {
        self.managementAccountId = managementAccountId
        self.callerAccountId = callerAccountId
        self.partition = partition
        self.accounts = accounts
        self.inactive = inactive
    }
}

/// One account as a discovery source lists it.
public struct ListedAccount: Sendable, Codable, Hashable {
    public var id: String
    public var name: String
    /// From the account up: its OU (or root), that OU's parent, ..., the root. Empty for
    /// Identity Center, which does not say.
    public var ancestors: [String]
    /// Identity Center: the roles (permission sets) the session may take there.
    public var roles: [String]?

    public init(id: String, name: String, ancestors: [String] = [], roles: [String]? = nil) {
        self.id = id
        self.name = name
        self.ancestors = ancestors
        self.roles = roles
    }

    /// The OU (or root) the account sits in directly.
    public var parent: String? { ancestors.first }
}
