import Yams

/// The `organization:` and `sso:` blocks: accounts discovered at run time instead of
/// listed. Same rules as the rest of the walk: every problem located, defaults on error.
extension ConfigParser {
    static let organizationKeys = ["profile", "roleName", "regions", "include", "exclude", "endpoint"]
    static let ssoKeys = ["session", "roleName", "regions", "include", "exclude", "endpoint"]

    /// `accounts` may be left out when a discovery block brings the accounts.
    mutating func requireSomeAccounts(_ root: Node, fields: Fields) {
        guard fields["accounts"] == nil, fields["organization"] == nil, fields["sso"] == nil,
              let mapping = root.mapping else { return }
        let hint = " (or an \"organization\" or \"sso\" block that discovers accounts)"
        if let (key, _) = mapping.first(where: { $0.key.scalar?.string == "accounts" }) {
            reader.report("\"accounts\" needs a value" + hint, at: key, path: ConfigPath.root.key("accounts"))
        } else {
            reader.report("missing required key \"accounts\"" + hint, at: root, path: .root)
        }
    }

    mutating func organization(_ node: Node, path: ConfigPath) -> FlagDeckConfiguration.Organization? {
        guard let fields = reader.fields(
            of: node, path: path, known: Self.organizationKeys, required: ["roleName", "regions"],
            what: "a mapping with profile, roleName, regions, include, exclude and endpoint") else { return nil }
        var profile: String?
        if let n = fields["profile"] { profile = reader.nonEmptyString(n, path: path.key("profile")) }
        let role = fields["roleName"].flatMap { roleName($0, path: path.key("roleName")) }
        let regions = fields["regions"].flatMap { regionChoice($0, path: path.key("regions")) }
        let filter = accountFilter(fields, path: path, organizationalUnits: true)
        let url = fields["endpoint"].flatMap { endpointURL($0, path: path.key("endpoint")) }
        guard let role, let regions else { return nil }
        return .init(profile: profile, roleName: role, regions: regions, filter: filter, endpoint: url)
    }

    mutating func identityCenter(_ node: Node, path: ConfigPath) -> FlagDeckConfiguration.IdentityCenter? {
        guard let fields = reader.fields(
            of: node, path: path, known: Self.ssoKeys, required: ["session", "roleName", "regions"],
            what: "a mapping with session, roleName, regions, include, exclude and endpoint") else { return nil }
        var session: String?
        if let n = fields["session"] { session = reader.nonEmptyString(n, path: path.key("session")) }
        let role = fields["roleName"].flatMap { roleName($0, path: path.key("roleName")) }
        let regions = fields["regions"].flatMap { regionChoice($0, path: path.key("regions")) }
        let filter = accountFilter(fields, path: path, organizationalUnits: false)
        let url = fields["endpoint"].flatMap { endpointURL($0, path: path.key("endpoint")) }
        guard let session, let role, let regions else { return nil }
        return .init(session: session, roleName: role, regions: regions, filter: filter, endpoint: url)
    }

    /// `[us-east-1, eu-west-1]` or `all`.
    private mutating func regionChoice(_ node: Node, path: ConfigPath) -> FlagDeckConfiguration.RegionChoice? {
        if case .scalar(let scalar) = node, node.tagName == .str {
            if scalar.string == "all" { return .allEnabled }
            reader.report("expected a list of region names (like [us-east-1, eu-west-1]) or \"all\" (every region "
                          + "enabled in the account), found the string \"\(scalar.string)\"", at: node, path: path)
            return nil
        }
        return regionList(node, path: path).map { .listed($0) }
    }

    /// A role's name (optionally with a path), assumed in every account: not its ARN.
    private mutating func roleName(_ node: Node, path: ConfigPath) -> String? {
        guard let name = reader.nonEmptyString(node, path: path) else { return nil }
        if name.hasPrefix("arn:") {
            reader.report("expected the role's name, not an ARN: it is assumed as "
                          + "arn:aws:iam::ACCOUNT:role/NAME in every account (like FlagDeckReader)", at: node, path: path)
            return nil
        }
        guard ValueFormats.isRoleName(name) else {
            reader.report("\"\(name)\" is not an IAM role name (letters, digits and +=,.@_-, at most 64 characters, "
                          + "like FlagDeckReader)", at: node, path: path)
            return nil
        }
        return name
    }

    private mutating func endpointURL(_ node: Node, path: ConfigPath) -> String? {
        guard let url = reader.nonEmptyString(node, path: path) else { return nil }
        guard ValueFormats.isEndpointURL(url) else {
            reader.report("\"\(url)\" is not an http(s) URL (like http://127.0.0.1:4566)", at: node, path: path)
            return nil
        }
        return url
    }

    /// `include` / `exclude`: OU ids (organization only), account-name globs and ids.
    private mutating func accountFilter(_ fields: Fields, path: ConfigPath,
                                        organizationalUnits: Bool) -> FlagDeckConfiguration.AccountFilter {
        var filter = FlagDeckConfiguration.AccountFilter()
        for key in ["include", "exclude"] {
            guard let node = fields[key] else { continue }
            let keyPath = path.key(key)
            guard let items = reader.list(node, path: keyPath, what: "OU ids, account names or ids (like \"payments-*\")")
            else { continue }
            if key == "include" && items.isEmpty {
                reader.report("an empty include selects no account: leave include out to take every account",
                              at: node, path: keyPath)
                continue
            }
            var patterns: [String] = []
            for (item, itemPath) in items {
                guard let pattern = reader.nonEmptyString(item, path: itemPath) else { continue }
                if FlagDeckConfiguration.AccountFilter.isOrganizationalPattern(pattern) {
                    if !organizationalUnits {
                        reader.report("\"\(pattern)\" is an organizational unit, but IAM Identity Center does not say "
                                      + "which OU an account is in: name the accounts (globs) or their ids, or use "
                                      + "the organization block", at: item, path: itemPath)
                        continue
                    }
                    if !ValueFormats.isOrganizationalPattern(pattern) {
                        reader.report("\"\(pattern)\" is not an OU or root id (like ou-ab12-cdef5678 or r-ab12, "
                                      + "lower case; * and ? allowed)", at: item, path: itemPath)
                        continue
                    }
                }
                patterns.append(pattern)
            }
            if key == "include" { filter.include = patterns } else { filter.exclude = patterns }
        }
        return filter
    }
}
