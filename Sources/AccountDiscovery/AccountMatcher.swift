import FlagDeckConfig

/// A discovery block's `include` / `exclude` on listed accounts. OU and root patterns
/// (`ou-ab12-*`, `r-ab12`) match the account's OU or any OU above it; other patterns are
/// globs (`*`, `?`, case-insensitive) on the account's name or its id.
public struct AccountMatcher: Sendable {
    public let filter: FlagDeckConfiguration.AccountFilter

    public init(_ filter: FlagDeckConfiguration.AccountFilter) {
        self.filter = filter
    }

    public func includes(_ account: ListedAccount) -> Bool {
        filter.include.contains { Self.matches($0, account) } && !filter.exclude.contains { Self.matches($0, account) }
    }

    static func matches(_ pattern: String, _ account: ListedAccount) -> Bool {
        if FlagDeckConfiguration.AccountFilter.isOrganizationalPattern(pattern) {
            return account.ancestors.contains { Glob.matches(pattern, $0) }
        }
        return Glob.matches(pattern, account.name) || Glob.matches(pattern, account.id)
    }
}

/// `*` any run, `?` one character, case-insensitive; iterative, so long names cannot blow up.
enum Glob {
    static func matches(_ pattern: String, _ text: String) -> Bool {
        let p = Array(pattern.lowercased()), t = Array(text.lowercased())
        var pi = 0, ti = 0
        var star: Int? = nil, mark = 0
        while ti < t.count {
            if pi < p.count, p[pi] == "*" {
                star = pi
                mark = ti
                pi += 1
            } else if pi < p.count, p[pi] == "?" || p[pi] == t[ti] {
                pi += 1
                ti += 1
            } else if let s = star {
                pi = s + 1
                mark += 1
                ti = mark
            } else {
                return false
            }
        }
        while pi < p.count, p[pi] == "*" { pi += 1 }
        return pi == p.count
    }
}
