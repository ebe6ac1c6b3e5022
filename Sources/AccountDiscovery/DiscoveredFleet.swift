import FlagDeckConfig

/// The fleet to scan once discovery ran: the configured accounts plus the discovered
/// ones, and the discovered accounts that cannot be read, each with the reason.
public struct DiscoveredFleet: Sendable {
    /// Explicit accounts first (file order), then discovered ones by name: ready to scan.
    public var accounts: [FlagDeckConfiguration.Account]
    /// Discovered accounts known to be unreadable before any scan (role not assigned,
    /// regions unknown): the scan reports them as unreadable parts, never drops them.
    public var unreadable: [UnreadableAccount]
    /// Every discovered account in scope (readable or not), with where it sits.
    public var discovered: [DiscoveredAccount]
    /// What the user should know about the discovery itself (a stale listing was used...).
    public var warnings: [String]
    /// Per source (organization, sso): what it listed, for doctor.
    public var sources: [DiscoverySource]

    public init(accounts: [FlagDeckConfiguration.Account], unreadable: [UnreadableAccount] = [],
                discovered: [DiscoveredAccount] = [], warnings: [String] = [], sources: [DiscoverySource] = []) {
        self.accounts = accounts
        self.unreadable = unreadable
        self.discovered = discovered
        self.warnings = warnings
        self.sources = sources
    }

    /// The configured accounts as they are: no discovery.
    public static func explicit(_ configuration: FlagDeckConfiguration) -> DiscoveredFleet {
        DiscoveredFleet(accounts: configuration.accounts)
    }

    /// `configuration` with the accounts to scan in place of the listed ones, for code that
    /// reads accounts from a configuration (toggles, transport sizing).
    public func applied(to configuration: FlagDeckConfiguration) -> FlagDeckConfiguration {
        var copy = configuration
        copy.accounts = accounts
        return copy
    }
}

/// One source as listed: "organization (profile org-admin)" with 40 ACTIVE accounts, 2 not
/// ACTIVE, 31 in scope of include/exclude.
public struct DiscoverySource: Sendable, Hashable {
    public var label: String
    public var listed: Int
    public var inactive: Int
    public var inScope: Int
    public var managementAccountId: String?
    /// The account the organization profile is in (read through the profile, not the role).
    public var callerAccountId: String?
}

/// A discovered account that no scan can read, and why.
public struct UnreadableAccount: Sendable, Hashable {
    public var name: String
    public var accountId: String
    /// The regions it would be scanned in; `["*"]` when they are unknown (regions: all).
    public var regions: [String]
    public var reason: String

    public init(name: String, accountId: String, regions: [String], reason: String) {
        self.name = name
        self.accountId = accountId
        self.regions = regions
        self.reason = reason
    }
}

/// One discovered account: for doctor's lines and anyone grouping the fleet by OU.
public struct DiscoveredAccount: Sendable, Hashable {
    public enum Source: String, Sendable, Hashable {
        case organization
        case sso
    }

    public enum Access: Sendable, Hashable {
        /// The organization profile's own account: its credentials as they are.
        case profile(String?)
        /// Every other member: AssumeRole with the organization profile's credentials.
        case role(arn: String)
        /// Identity Center: GetRoleCredentials of the session for this account and role.
        case sso(session: String, roleName: String)
    }

    public var id: String
    /// As shown: the Organizations (or portal) account name, made unique with the id when
    /// two accounts share it.
    public var name: String
    public var source: Source
    /// The OU (or root) it sits in directly; nil for Identity Center.
    public var parent: String?
    public var ancestors: [String]
    public var isManagement: Bool
    public var access: Access
    /// Regions to scan; nil when they could not be found (then `unreadableReason` says why).
    public var regions: [String]?
    /// Why it cannot be read, when that is known before scanning.
    public var unreadableReason: String?
    /// A `accounts:` entry of the file has the same id: that entry is scanned instead.
    public var replacedBy: String?
}

/// Discovery as a whole failed: listing the accounts did not work and nothing usable is
/// cached. Never turned into an empty fleet.
public struct DiscoveryError: Error, Sendable, CustomStringConvertible {
    /// "organization (profile org-admin)", "sso-session my-sso".
    public var source: String
    public var message: String

    public init(source: String, message: String) {
        self.source = source
        self.message = message
    }

    public var description: String { "cannot discover the accounts of \(source): \(message)" }
}
