/// `flagdeck init --organization PROFILE` / `--sso SESSION`: a starter file whose accounts
/// are discovered rather than listed.
public enum StarterDiscovery: Sendable, Hashable {
    case organization(profile: String, roleName: String)
    case sso(session: String, roleName: String)

    public static let defaultOrganizationRole = "FlagDeckReader"
    public static let defaultSSORole = "ReadOnly"

    /// Whether `name` can be written as `roleName` (the parser's own rule).
    public static func isRoleName(_ name: String) -> Bool { ValueFormats.isRoleName(name) }

    /// The `flagdeck init` arguments that write this file, for its first comment.
    var command: String {
        switch self {
        case .organization(let profile, _): return "flagdeck init --organization \(profile)"
        case .sso(let session, _): return "flagdeck init --sso \(session)"
        }
    }
}

extension StarterConfig {
    public static func make(discovery: StarterDiscovery) -> String {
        var lines = [
            "# flagdeck configuration, written by `\(discovery.command)`.",
            "# Every key is explained in config.example.yaml in the flagdeck repository.",
            "# Check access with `flagdeck doctor`, then open the dashboard with `flagdeck`.",
            "",
        ]
        switch discovery {
        case .organization(let profile, let role):
            lines += [
                "# Accounts come from AWS Organizations: every ACTIVE account, read by assuming",
                "# roleName in each member (deploy it everywhere with the StackSet from `flagdeck iam`).",
                "# The profile's own account (the management account) is read with the profile itself.",
                "organization:",
                commentedDiscovery("  profile: \(scalar(profile))", "may call organizations:ListAccounts"),
                commentedDiscovery("  roleName: \(scalar(role))", "assumed as arn:aws:iam::<id>:role/\(role)"),
                commentedDiscovery("  regions: all", "each account's enabled regions; or [us-east-1, eu-west-1]"),
                commentedDiscovery("  include: [\"*\"]", "OU ids (ou-...), account-name globs, account ids"),
                commentedDiscovery("  exclude: []", "the same kinds, e.g. [\"sandbox-*\"]"),
            ]
        case .sso(let session, let role):
            lines += [
                "# Accounts come from IAM Identity Center: every account the session may use,",
                "# read through the permission set roleName (log in with `aws sso login --sso-session \(session)`).",
                "sso:",
                commentedDiscovery("  session: \(scalar(session))", "an [sso-session] of ~/.aws/config"),
                commentedDiscovery("  roleName: \(scalar(role))", "the permission set to read with"),
                commentedDiscovery("  regions: all", "each account's enabled regions; or [us-east-1, eu-west-1]"),
                commentedDiscovery("  include: [\"*\"]", "account-name globs, account ids"),
                commentedDiscovery("  exclude: []", "the same kinds, e.g. [\"sandbox-*\"]"),
            ]
        }
        lines += [
            "",
            "# Accounts to read besides (or instead of) the discovered ones; an entry here wins",
            "# over the discovered account with the same id.",
            "#accounts:",
            "#  - name: legacy-prod",
            "#    profile: legacy-prod",
            "#    regions: [us-east-1]",
        ]
        lines += starterSettings()
        return lines.joined(separator: "\n") + "\n"
    }

    private static func commentedDiscovery(_ setting: String, _ comment: String) -> String {
        setting.padding(toLength: max(setting.count + 1, 34), withPad: " ", startingAt: 0) + "# " + comment
    }
}
