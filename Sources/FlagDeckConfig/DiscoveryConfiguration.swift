extension FlagDeckConfiguration {
    /// Which regions to scan in a discovered account.
    public enum RegionChoice: Sendable, Hashable {
        case listed([String])
        /// `regions: all`: per account, the regions that are ENABLED or ENABLED_BY_DEFAULT.
        case allEnabled
    }

    /// `organization:` — every ACTIVE account of an AWS Organization, read by assuming one
    /// role (`roleName`) in each member with the credentials of `profile`.
    public struct Organization: Sendable, Hashable {
        /// May call organizations:ListAccounts (management or delegated administrator account);
        /// nil: the standard chain.
        public var profile: String?
        public var roleName: String
        public var regions: RegionChoice
        public var filter: AccountFilter
        /// Emulators and tests: one URL for every service (Organizations, Account, STS, AppConfig).
        public var endpoint: String?

        public init(profile: String? = nil, roleName: String, regions: RegionChoice,
                    filter: AccountFilter = AccountFilter(), endpoint: String? = nil) {
            self.profile = profile
            self.roleName = roleName
            self.regions = regions
            self.filter = filter
            self.endpoint = endpoint
        }
    }

    /// `sso:` — the accounts an IAM Identity Center session may use, each through the
    /// permission set `roleName` (GetRoleCredentials per account).
    public struct IdentityCenter: Sendable, Hashable {
        /// An `[sso-session NAME]` of the AWS config file, logged in with `aws sso login`.
        public var session: String
        public var roleName: String
        public var regions: RegionChoice
        public var filter: AccountFilter
        /// Emulators and tests: one URL for the portal, Account, STS and AppConfig.
        public var endpoint: String?

        public init(session: String, roleName: String, regions: RegionChoice,
                    filter: AccountFilter = AccountFilter(), endpoint: String? = nil) {
            self.session = session
            self.roleName = roleName
            self.regions = regions
            self.filter = filter
            self.endpoint = endpoint
        }
    }

    /// `include` / `exclude` of a discovery block. Each pattern is an OU id (`ou-…`, or a
    /// root `r-…`; globs allowed), else a glob on the account name or id (`payments-*`,
    /// `111122223333`). An account is in scope when it matches an include and no exclude.
    public struct AccountFilter: Sendable, Hashable {
        public var include: [String]
        public var exclude: [String]

        public init(include: [String] = ["*"], exclude: [String] = []) {
            self.include = include
            self.exclude = exclude
        }
    }

    /// True when accounts come (also) from Organizations or Identity Center.
    public var discoversAccounts: Bool { organization != nil || sso != nil }
}

extension FlagDeckConfiguration.AccountFilter {
    /// Whether a pattern names an organizational unit or root rather than an account.
    /// `ou-ab12-*`, `ou-ab12-cdef5678`; a root `r-ab12` (one dash only, so an account
    /// name like `r-and-d` stays a name).
    public static func isOrganizationalPattern(_ pattern: String) -> Bool {
        let lower = pattern.lowercased()
        if lower.hasPrefix("ou-") { return true }
        guard lower.hasPrefix("r-") else { return false }
        let rest = lower.dropFirst(2)
        return !rest.isEmpty && rest.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "*" || $0 == "?") }
    }
}
