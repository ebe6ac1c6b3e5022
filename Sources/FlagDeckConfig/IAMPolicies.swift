import Foundation

/// The IAM policies flagdeck needs and a CloudFormation StackSet template that creates
/// its reader role in every member account (`flagdeck iam`). Pure text, no AWS calls.
///
/// The AppConfig actions are exactly the operations flagdeck calls through
/// `AppConfigClient` (FleetScanner's scan, `doctor`, FlagDeploy's toggle path);
/// `IAMPolicyTests` reads the client's operation names and their call sites and fails
/// when one is used but not granted here, or granted but no longer used.
public enum IAMPolicies {
    public static let defaultRoleName = "FlagDeckReader"

    /// AppConfig reads: scan, doctor, the dashboard, and the toggle's planning and watching.
    public static let appConfigReadActions = [
        "ListApplications", "ListEnvironments", "ListConfigurationProfiles", "ListDeploymentStrategies",
        "ListDeployments", "GetDeployment", "ListHostedConfigurationVersions", "GetHostedConfigurationVersion",
    ]

    /// AppConfig writes of a toggle: a new hosted version, its deployment, and stop/revert
    /// (StopDeployment, with AllowRevert for a revert).
    public static let appConfigToggleActions = [
        "CreateHostedConfigurationVersion", "StartDeployment", "StopDeployment",
    ]

    /// Reads outside AppConfig the reader role also grants: CloudTrail events (the audit
    /// view) and the account's enabled regions (`regions: all`).
    public static let otherReadActions = ["cloudtrail:LookupEvents", "account:ListRegions"]

    /// What the organization profile calls to discover the member accounts.
    public static let organizationActions = [
        "organizations:DescribeOrganization", "organizations:ListRoots", "organizations:ListChildren",
        "organizations:ListOrganizationalUnitsForParent", "organizations:ListAccountsForParent",
        "organizations:ListAccounts", "organizations:ListParents", "account:ListRegions",
    ]

    // MARK: - policies

    /// Least privilege for the dashboard, `scan`, `report` and `doctor`.
    public static func readOnly() -> TemplateValue {
        policy(readStatements())
    }

    /// Read-only plus the writes of `t`, `!` and `flagdeck toggle` (deploy, stop, revert).
    public static func toggle() -> TemplateValue {
        policy(readStatements() + [
            statement("AppConfigToggle", actions: appConfigToggleActions.map { "appconfig:" + $0 }),
        ])
    }

    /// The identity of the `organization:` profile: list the accounts, then assume
    /// `roleName` in each member.
    public static func organization(roleName: String = defaultRoleName) -> TemplateValue {
        policy([
            statement("OrganizationDiscovery", actions: organizationActions),
            statement("AssumeReaderRole", actions: ["sts:AssumeRole"], resource: "arn:aws:iam::*:role/\(roleName)"),
        ])
    }

    private static func readStatements() -> [TemplateValue] {
        [
            statement("AppConfigRead", actions: appConfigReadActions.map { "appconfig:" + $0 }),
            statement("AuditAndRegions", actions: otherReadActions),
        ]
    }

    private static func policy(_ statements: [TemplateValue]) -> TemplateValue {
        .map([("Version", "2012-10-17"), ("Statement", .list(statements))])
    }

    private static func statement(_ sid: String, actions: [String], resource: String = "*") -> TemplateValue {
        .map([("Sid", .string(sid)), ("Effect", "Allow"), ("Action", .list(actions.map(TemplateValue.string))),
              ("Resource", .string(resource))])
    }

    // MARK: - the StackSet template

    public static let stackSetName = "flagdeck-reader"

    /// A 12-digit account ID, or an IAM ARN of an account root, a role or a user
    /// (`arn:aws:iam::111122223333:root`, `...:role/path/Name`).
    public static func isTrustablePrincipal(_ s: String) -> Bool {
        s.wholeMatch(of: /[0-9]{12}|arn:aws[a-z-]*:iam::[0-9]{12}:(root|role\/[\w+=,.@\/-]+|user\/[\w+=,.@\/-]+)/) != nil
    }

    /// IAM's rule for role names.
    public static func isRoleName(_ s: String) -> Bool {
        s.wholeMatch(of: /[\w+=,.@-]{1,64}/) != nil
    }

    /// The template as a value: parameters `RoleName` and `TrustedPrincipals` (their
    /// defaults the given ones), one `AWS::IAM::Role` with the read-only policy inline.
    /// Long-form intrinsics only (`Ref`, `Fn::GetAtt`), so any YAML or JSON reader can read it.
    public static func stackSetTemplate(roleName: String = defaultRoleName, trust: [String] = []) -> TemplateValue {
        var trustParameter: [(String, TemplateValue)] = [
            ("Type", "CommaDelimitedList"),
            ("Description", "Who may assume the role: account IDs or IAM ARNs (account root, role or user), comma-separated. Usually the identity of flagdeck's organization profile."),
            ("AllowedPattern", .string(#"^([0-9]{12}|arn:aws[a-z-]*:iam::[0-9]{12}:(root|role/.+|user/.+))$"#)),
        ]
        if !trust.isEmpty { trustParameter.append(("Default", .string(trust.joined(separator: ",")))) }
        return .map([
            ("AWSTemplateFormatVersion", "2010-09-09"),
            ("Description", "flagdeck reader role: read-only access to AWS AppConfig feature flags, assumable by the trusted principals."),
            ("Parameters", .map([
                ("RoleName", .map([
                    ("Type", "String"),
                    ("Default", .string(roleName)),
                    ("Description", "Name of the role; flagdeck assumes arn:aws:iam::<account>:role/<RoleName> (organization.roleName in its configuration)."),
                    ("AllowedPattern", #"^[\w+=,.@-]{1,64}$"#),
                ])),
                ("TrustedPrincipals", .map(trustParameter)),
            ])),
            ("Resources", .map([
                ("FlagDeckReaderRole", .map([
                    ("Type", "AWS::IAM::Role"),
                    ("Properties", .map([
                        ("RoleName", .map([("Ref", "RoleName")])),
                        ("Description", "flagdeck: read AWS AppConfig feature flags (created by the flagdeck-reader StackSet)"),
                        ("MaxSessionDuration", .integer(3600)),
                        ("AssumeRolePolicyDocument", .map([
                            ("Version", "2012-10-17"),
                            ("Statement", .list([.map([
                                ("Effect", "Allow"),
                                ("Principal", .map([("AWS", .map([("Ref", "TrustedPrincipals")]))])),
                                ("Action", "sts:AssumeRole"),
                            ])])),
                        ])),
                        ("Policies", .list([.map([
                            ("PolicyName", "flagdeck-read-only"),
                            ("PolicyDocument", readOnly()),
                        ])])),
                    ])),
                ])),
            ])),
            ("Outputs", .map([
                ("RoleArn", .map([
                    ("Description", "The role flagdeck assumes in this account"),
                    ("Value", .map([("Fn::GetAtt", .list(["FlagDeckReaderRole", "Arn"]))])),
                ])),
            ])),
        ])
    }

    /// The YAML template, with a comment header saying how to deploy it.
    public static func stackSetYAML(roleName: String = defaultRoleName, trust: [String] = []) -> String {
        let parameters = trust.isEmpty
            ? ["    --parameters ParameterKey=TrustedPrincipals,ParameterValue=arn:aws:iam::111122223333:role/OrgAdmin \\"]
            : []
        let header = [
            "# flagdeck reader role, for every member account of an AWS Organization.",
            "# Written by `flagdeck iam stackset`: role \(roleName), the read-only policy of `flagdeck iam read-only` inline,",
            "# trusting " + (trust.isEmpty ? "the principals given as the TrustedPrincipals parameter." : trust.joined(separator: ", ") + "."),
            "#",
            "# Deploy it from the management account (or a CloudFormation delegated administrator: add",
            "# --call-as DELEGATED_ADMIN to both commands), once, in ONE region (IAM roles are global):",
            "#",
            "#   flagdeck iam stackset\(roleName == defaultRoleName ? "" : " --role-name \(roleName)")"
                + trust.map { " --trust \($0)" }.joined() + " > flagdeck-reader.yaml",
            "#   aws cloudformation create-stack-set --stack-set-name \(stackSetName) \\",
            "#       --template-body file://flagdeck-reader.yaml --capabilities CAPABILITY_NAMED_IAM \\",
        ] + parameters.map { "#   " + $0 } + [
            "#       --permission-model SERVICE_MANAGED \\",
            "#       --auto-deployment Enabled=true,RetainStacksOnAccountRemoval=false",
            "#   aws cloudformation create-stack-instances --stack-set-name \(stackSetName) \\",
            "#       --deployment-targets OrganizationalUnitIds=r-xxxx --regions us-east-1",
            "#",
            "# r-xxxx is the root's ID (`aws organizations list-roots`), or list OU IDs. Accounts that join",
            "# later get the role automatically. Service-managed StackSets never deploy to the management",
            "# account itself; flagdeck reads the organization profile's own account with the profile, so",
            "# give that profile the read-only policy too (`flagdeck iam read-only`).",
            "",
        ]
        return header.joined(separator: "\n") + "\n" + stackSetTemplate(roleName: roleName, trust: trust).yaml()
    }
}

/// An ordered JSON-like value, written as JSON (IAM policies, templates) or block YAML.
public enum TemplateValue: Sendable, Equatable, ExpressibleByStringLiteral {
    case string(String)
    case integer(Int)
    case list([TemplateValue])
    case map([Entry])

    public struct Entry: Sendable, Equatable {
        public var key: String
        public var value: TemplateValue
    }

    public init(stringLiteral value: String) { self = .string(value) }

    public static func map(_ pairs: [(String, TemplateValue)]) -> TemplateValue {
        .map(pairs.map { Entry(key: $0.0, value: $0.1) })
    }

    // MARK: JSON

    /// Pretty JSON, two-space indents, keys in order, ending with a newline.
    public func json() -> String {
        var out = ""
        writeJSON(&out, indent: "")
        return out + "\n"
    }

    private func writeJSON(_ out: inout String, indent: String) {
        let inner = indent + "  "
        switch self {
        case .string(let s): out += Self.quoted(s)
        case .integer(let i): out += String(i)
        case .list(let items):
            if items.isEmpty { out += "[]"; return }
            out += "[\n"
            for (i, item) in items.enumerated() {
                out += inner
                item.writeJSON(&out, indent: inner)
                out += i < items.count - 1 ? ",\n" : "\n"
            }
            out += indent + "]"
        case .map(let entries):
            if entries.isEmpty { out += "{}"; return }
            out += "{\n"
            for (i, e) in entries.enumerated() {
                out += inner + Self.quoted(e.key) + ": "
                e.value.writeJSON(&out, indent: inner)
                out += i < entries.count - 1 ? ",\n" : "\n"
            }
            out += indent + "}"
        }
    }

    /// A JSON string literal; also a valid YAML double-quoted scalar.
    static func quoted(_ s: String) -> String {
        var out = "\""
        for u in s.unicodeScalars {
            switch u {
            case "\"": out += "\\\""
            case "\\": out += "\\\\"
            case "\n": out += "\\n"
            case "\r": out += "\\r"
            case "\t": out += "\\t"
            case _ where u.value < 0x20 || u.value == 0x7F || (u.value >= 0x80 && u.value < 0xA0):
                out += String(format: "\\u%04X", u.value)
            default: out.unicodeScalars.append(u)
            }
        }
        return out + "\""
    }

    // MARK: YAML

    /// Block-style YAML, ending with a newline. Strings are plain only when no YAML
    /// reader can take them for anything else (a number, a date, a boolean, an alias).
    public func yaml() -> String {
        var lines: [String] = []
        writeYAML(&lines, indent: "")
        return lines.joined(separator: "\n") + "\n"
    }

    private var isScalar: Bool {
        switch self {
        case .string, .integer: return true
        case .list(let items): return items.isEmpty
        case .map(let entries): return entries.isEmpty
        }
    }

    private var scalarYAML: String {
        switch self {
        case .string(let s): return Self.yamlScalar(s)
        case .integer(let i): return String(i)
        case .list: return "[]"
        case .map: return "{}"
        }
    }

    /// Appends this (non-scalar) value's lines at `indent`.
    private func writeYAML(_ lines: inout [String], indent: String) {
        switch self {
        case .list(let items) where !items.isEmpty:
            for item in items {
                if item.isScalar {
                    lines.append(indent + "- " + item.scalarYAML)
                } else {
                    // The item's first line shares the dash; the rest line up under it.
                    var inner: [String] = []
                    item.writeYAML(&inner, indent: indent + "  ")
                    let first = inner.removeFirst()
                    lines.append(indent + "- " + first.dropFirst(indent.count + 2))
                    lines += inner
                }
            }
        case .map(let entries) where !entries.isEmpty:
            for e in entries {
                let key = Self.yamlScalar(e.key)
                if e.value.isScalar {
                    lines.append(indent + key + ": " + e.value.scalarYAML)
                } else {
                    lines.append(indent + key + ":")
                    e.value.writeYAML(&lines, indent: indent + "  ")
                }
            }
        default:
            lines.append(indent + scalarYAML)
        }
    }

    static func yamlScalar(_ s: String) -> String {
        let reserved: Set<String> = ["true", "false", "yes", "no", "on", "off", "y", "n", "null", "~"]
        let plain = s.wholeMatch(of: /[A-Za-z][A-Za-z0-9_.\/-]*(::?[A-Za-z0-9_.\/-]+)*/) != nil
            && !reserved.contains(s.lowercased())
        return plain ? s : quoted(s)
    }
}
