import FlagModel
/// The configuration file (`config.yaml`), parsed and validated. Every optional
/// setting holds its default, so consumers never deal with "unset".
public struct FlagDeckConfiguration: Sendable, Hashable {
    /// The accounts listed in the file. Discovered ones (below) are added at run time;
    /// an entry here wins over a discovered account with the same id.
    public var accounts: [Account]
    /// Accounts discovered from AWS Organizations (DiscoveryConfiguration.swift).
    public var organization: Organization?
    /// Accounts discovered from an IAM Identity Center session.
    public var sso: IdentityCenter?
    public var applications: NameFilter
    public var environments: NameFilter
    /// Globs on environment names that count as production (drift, incident views).
    public var production: [String]
    public var retirement: Retirement
    public var refreshSeconds: Int
    /// Most API calls in flight per account-region.
    public var concurrency: Int
    public var theme: String
    public var readOnly: Bool
    /// Freeform profiles read as Powertools feature flags (PowertoolsConfiguration.swift).
    public var powertools: Powertools = Powertools()
    /// Git work trees searched for the flags' keys (`flagdeck refs`, CodeReferencesParser.swift).
    public var codeReferences: [CodeReferenceSource] = []
    /// Who made each change, from CloudTrail (issue 17); `cloudTrail: false` switches the lookups off.
    public var cloudTrail = true
    /// The team store (issue 19): `postgres://USER@HOST[:PORT]/DATABASE`, never with a
    /// password; `FLAGDECK_STORE` overrides it. nil: the local SQLite store only.
    public var store: String?

    public init(accounts: [Account] = [], applications: NameFilter = NameFilter(),
                environments: NameFilter = NameFilter(), production: [String] = Defaults.production,
                retirement: Retirement = Retirement(), refreshSeconds: Int = Defaults.refreshSeconds,
                concurrency: Int = Defaults.concurrency, theme: String = Defaults.theme,
                readOnly: Bool = false, organization: Organization? = nil, sso: IdentityCenter? = nil) {
        self.accounts = accounts
        self.organization = organization
        self.sso = sso
        self.applications = applications
        self.environments = environments
        self.production = production
        self.retirement = retirement
        self.refreshSeconds = refreshSeconds
        self.concurrency = concurrency
        self.theme = theme
        self.readOnly = readOnly
    }

    /// One AWS account as flagdeck reaches it: base credentials from `profile` (or
    /// the standard chain), then `roleArn` assumed on top when given.
    public struct Account: Sendable, Hashable {
        /// Shown in the UI; unique within the file.
        public var name: String
        public var profile: String?
        public var roleArn: String?
        public var externalId: String?
        public var regions: [String]
        /// Emulators and tests: one URL for AppConfig and STS.
        public var endpoint: String?
        /// Known without asking STS: set for discovered accounts (never read from the file).
        public var accountId: String?
        /// Credentials from an IAM Identity Center session instead of `profile`/`roleArn`:
        /// set for accounts discovered through `sso` (never read from the file).
        public var sso: SSORole?

        public init(name: String, profile: String? = nil, roleArn: String? = nil, externalId: String? = nil,
                    regions: [String], endpoint: String? = nil, accountId: String? = nil, sso: SSORole? = nil) {
            self.name = name
            self.profile = profile
            self.roleArn = roleArn
            self.externalId = externalId
            self.regions = regions
            self.endpoint = endpoint
            self.accountId = accountId
            self.sso = sso
        }
    }

    /// A role in one account, reached through the portal of an `aws sso login` session.
    public struct SSORole: Sendable, Hashable {
        /// An `[sso-session NAME]` of the AWS config file.
        public var session: String
        public var accountId: String
        public var roleName: String

        public init(session: String, accountId: String, roleName: String) {
            self.session = session
            self.accountId = accountId
            self.roleName = roleName
        }
    }

    /// Globs (`*`, `?`) on application or environment names: a name is in scope
    /// when it matches an `include` and no `exclude`.
    public struct NameFilter: Sendable, Hashable {
        public var include: [String]
        public var exclude: [String]

        public init(include: [String] = ["*"], exclude: [String] = []) {
            self.include = include
            self.exclude = exclude
        }

        /// In scope: matches an `include` (or there is none) and no `exclude`.
        public func matches(_ name: String) -> Bool {
            (include.isEmpty || include.contains { Glob.matches($0, name) }) && !exclude.contains { Glob.matches($0, name) }
        }
    }

    public struct Retirement: Sendable, Hashable {
        /// On everywhere and unchanged this long → "stale (rolled out)".
        public var rolledOutDays: Int
        /// Off everywhere this long → "dead".
        public var deadDays: Int
        /// Globs on flag keys that are never retirement candidates.
        public var permanent: [String]

        public init(rolledOutDays: Int = Defaults.rolledOutDays, deadDays: Int = Defaults.deadDays,
                    permanent: [String] = Defaults.permanent) {
            self.rolledOutDays = rolledOutDays
            self.deadDays = deadDays
            self.permanent = permanent
        }
    }

    /// The values an absent key stands for; `config.example.yaml` documents the same.
    public enum Defaults {
        public static let production = ProductionEnvironments.defaultPatterns
        public static let rolledOutDays = 30
        public static let deadDays = 60
        public static let permanent = ["kill_*", "ops_*"]
        public static let refreshSeconds = 60
        public static let concurrency = 8
        public static let theme = "default"
        /// For accounts whose profile names no region.
        public static let region = "us-east-1"
    }
}
