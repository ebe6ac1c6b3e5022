import Foundation

/// What `flagdeck init` needs to know about one AWS profile. Filled by the
/// executable from AWSCore's shared-config reader; kept here as plain data so
/// this module stays free of AWS code.
public struct AWSProfileSummary: Sendable, Hashable {
    public var name: String
    /// The profile's `region`, if it sets one.
    public var region: String?
    /// How the profile gets credentials ("SSO", "assumes a role", ...), for a comment.
    public var kind: String?

    public init(name: String, region: String? = nil, kind: String? = nil) {
        self.name = name
        self.region = region
        self.kind = kind
    }

    /// The region the starter account gets: the profile's when it is a region
    /// name, else the default one.
    public var starterRegion: String {
        region.flatMap { ValueFormats.isRegion($0) ? $0 : nil } ?? FlagDeckConfiguration.Defaults.region
    }
}

/// The starter file `flagdeck init` writes: one account per profile and every
/// other setting spelled out at its default, so the file teaches its own shape.
public enum StarterConfig {
    public static func make(from profiles: [AWSProfileSummary], sources: [String] = []) -> String {
        var lines = [
            "# flagdeck configuration, written by `flagdeck init`.",
        ]
        if !sources.isEmpty {
            lines.append("# Accounts come from the AWS profiles in \(sources.joined(separator: " and ")).")
        }
        lines += [
            "# Every key is explained in config.example.yaml in the flagdeck repository.",
            "# Check access with `flagdeck doctor`, then open the dashboard with `flagdeck`.",
            "",
        ]
        lines += accountLines(profiles)
        lines += starterSettings()
        return lines.joined(separator: "\n") + "\n"
    }

    /// The settings after the accounts, each at its default.
    static func starterSettings() -> [String] {
        typealias d = FlagDeckConfiguration.Defaults
        return [
            "",
            "# Which applications and environments to show: globs (* and ?), case-insensitive.",
            "applications: {include: [\"*\"], exclude: []}",
            "environments: {include: [\"*\"], exclude: []}",
            "",
            "# Environment names that count as production (drift between them is flagged).",
            "production: \(flowList(d.production))",
            "",
            "retirement:",
            commented("  rolledOutDays: \(d.rolledOutDays)", "on everywhere, unchanged this many days: retire?"),
            commented("  deadDays: \(d.deadDays)", "off everywhere this many days: dead"),
            commented("  permanent: \(flowList(d.permanent))", "flag keys never proposed for retirement"),
            "",
            commented("refreshSeconds: \(d.refreshSeconds)", "how often the dashboard rescans (at least 10)"),
            commented("concurrency: \(d.concurrency)", "API calls in flight per account and region (1-64)"),
            commented("theme: \(d.theme)", "a file NAME.theme in themes/"),
            commented("readOnly: false", "true: no key or request that changes AWS"),
        ]
    }

    private static func accountLines(_ profiles: [AWSProfileSummary]) -> [String] {
        let example = [
            "#   - name: payments-prod              # shown in the dashboard",
            "#     profile: payments-prod           # a profile in ~/.aws/config",
            "#     regions: [us-east-1, eu-west-1]",
        ]
        guard !profiles.isEmpty else {
            return ["# No AWS profiles were found. Add one entry per AWS account, for example:"]
                + example + ["accounts: []"]
        }
        var lines = [
            "# One entry per AWS profile found. Remove the ones without AppConfig flags and",
            "# list every region your applications use.",
            "accounts:",
        ]
        for profile in profiles {
            let profileComment = profile.kind.map { "  # \($0)" } ?? ""
            lines.append("  - name: \(scalar(profile.name))")
            lines.append("    profile: \(scalar(profile.name))\(profileComment)")
            if let region = profile.region, ValueFormats.isRegion(region) {
                lines.append("    regions: [\(profile.starterRegion)]")
            } else {
                let why = profile.region.map { "the profile's region \(scalar($0)) is not a region name" }
                    ?? "the profile sets no region"
                lines.append("    regions: [\(profile.starterRegion)]  # \(why)")
            }
        }
        return lines
    }

    /// Trailing comments in one column, so the settings read as a table.
    private static func commented(_ setting: String, _ comment: String) -> String {
        setting.padding(toLength: max(setting.count + 1, 34), withPad: " ", startingAt: 0) + "# " + comment
    }

    private static func flowList(_ items: [String]) -> String {
        "[" + items.map(quoted).joined(separator: ", ") + "]"
    }

    /// Plain when YAML would read it back as the same string, quoted otherwise
    /// (numbers, yes/no, names with `:` or `#`).
    static func scalar(_ s: String) -> String {
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "null", "y", "n"]
        let safe = s.first.map { $0.isASCII && $0.isLetter } == true
            && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "-_./@+".contains($0)) }
            && !reserved.contains(s.lowercased())
        return safe ? s : quoted(s)
    }

    static func quoted(_ s: String) -> String {
        var out = "\""
        for scalar in s.unicodeScalars {
            switch scalar {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\t": out += "\\t"
            default:
                if scalar.value < 0x20 {
                    let hex = String(scalar.value, radix: 16, uppercase: true)
                    out += "\\x" + (hex.count == 1 ? "0" + hex : hex)
                } else {
                    out.unicodeScalars.append(scalar)
                }
            }
        }
        return out + "\""
    }
}
