import ArgumentParser
import FlagDeckConfig
import Foundation

/// `flagdeck iam`: the IAM policies flagdeck needs, and a StackSet template for its
/// reader role. Prints text only; never calls AWS.
struct IAMCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "iam",
        abstract: "Print the IAM policies flagdeck needs, and a StackSet template creating its reader role.",
        discussion: """
        read-only: the AppConfig reads flagdeck makes (scan, dashboard, report, doctor), \
        cloudtrail:LookupEvents and account:ListRegions. Attach it to the reader role in every \
        member account, or to the permission set an `sso:` configuration uses.
        toggle: read-only plus appconfig:CreateHostedConfigurationVersion, StartDeployment and \
        StopDeployment (deploy, stop, revert).
        organization: for the `organization:` profile: list the accounts and OUs, and \
        sts:AssumeRole on arn:aws:iam::*:role/ROLE-NAME. The profile reads its own account \
        (normally the management account) itself: give it the read-only policy too.
        stackset: a CloudFormation template creating ROLE-NAME with the read-only policy in every \
        member account, trusting the --trust principals; its header says how to deploy it with \
        `aws cloudformation create-stack-set --permission-model SERVICE_MANAGED`.
        Without an argument, prints all four, each under a `#` header. Policies are JSON; \
        --format chooses the template's format.
        """
    )

    enum Artifact: String, CaseIterable, ExpressibleByArgument {
        case readOnly = "read-only", toggle, organization, stackset
    }

    enum Format: String, CaseIterable, ExpressibleByArgument { case yaml, json }

    @Argument(help: "What to print (default: all four).")
    var artifact: Artifact?

    @Option(name: .long, help: "The reader role's name in the member accounts.")
    var roleName = IAMPolicies.defaultRoleName

    @Option(name: .long, help: ArgumentHelp(
        "Who may assume the reader role: an account ID or an IAM ARN (account root, role or user). Repeat for several.",
        valueName: "ARN"))
    var trust: [String] = []

    @Option(name: .long, help: "The template's format: yaml or json (default yaml). Policies are always JSON.")
    var format: Format?

    func validate() throws {
        if !IAMPolicies.isRoleName(roleName) {
            throw ValidationError("--role-name \(roleName): a role name is 1 to 64 of letters, digits and +=,.@_-")
        }
        for t in trust where !IAMPolicies.isTrustablePrincipal(t) {
            throw ValidationError("--trust \(t): give a 12-digit account ID or an ARN like arn:aws:iam::111122223333:root, "
                + "arn:aws:iam::111122223333:role/OrgAdmin")
        }
        if let artifact, artifact != .stackset, format == .yaml {
            throw ValidationError("IAM policies are JSON: --format applies to the stackset template")
        }
    }

    func run() throws {
        if let artifact {
            print(text(artifact), terminator: "")
            return
        }
        let sections = Artifact.allCases.map { "# \($0.rawValue): \(heading($0))\n" + text($0) }
        print(sections.joined(separator: "\n"), terminator: "")
    }

    func text(_ artifact: Artifact) -> String {
        switch artifact {
        case .readOnly: return IAMPolicies.readOnly().json()
        case .toggle: return IAMPolicies.toggle().json()
        case .organization: return IAMPolicies.organization(roleName: roleName).json()
        case .stackset:
            return format == .json
                ? IAMPolicies.stackSetTemplate(roleName: roleName, trust: trust).json()
                : IAMPolicies.stackSetYAML(roleName: roleName, trust: trust)
        }
    }

    func heading(_ artifact: Artifact) -> String {
        switch artifact {
        case .readOnly:
            return "the \(roleName) role in every member account, or the SSO permission set (scan, dashboard, report, doctor)"
        case .toggle: return "read-only plus the writes of t, ! and `flagdeck toggle` (deploy, stop, revert)"
        case .organization: return "the organization profile: find the member accounts, assume \(roleName) in each"
        case .stackset: return "CloudFormation StackSet template creating \(roleName) in every member account"
        }
    }
}
