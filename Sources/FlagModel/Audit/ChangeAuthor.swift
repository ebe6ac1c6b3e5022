import Foundation

/// Who made a change, as CloudTrail's `userIdentity` names them: an IAM user, a role
/// session (a CI job, an Identity Center user), the root user, a service.
public struct ChangeAuthor: Sendable, Hashable, Codable {
    /// CloudTrail's `userIdentity.type`: IAMUser, AssumedRole, Root, FederatedUser, AWSService, IdentityCenterUser...
    public var type: String
    /// The IAM user or assumed-role ARN (with the session name), or the service principal.
    public var arn: String?
    /// The IAM user name, or the role session name (for Identity Center: the user's name).
    public var name: String?
    /// For assumed roles: the role's name. (The access key id the record also names is
    /// not kept: flagdeck stores no part of anyone's keys.)
    public var role: String?

    public init(type: String, arn: String?, name: String?, role: String?) {
        self.type = type
        self.arn = arn
        self.name = name
        self.role = role
    }

    /// Identity Center (SSO) permission sets are roles named `AWSReservedSSO_<set>_<hash>`.
    public var isIdentityCenter: Bool { role?.hasPrefix("AWSReservedSSO_") == true }

    /// The permission set of an Identity Center role (`AWSReservedSSO_Developer_7d2e…` → Developer).
    public var permissionSet: String? {
        guard isIdentityCenter, let role else { return nil }
        let parts = role.dropFirst("AWSReservedSSO_".count).split(separator: "_")
        return parts.count > 1 ? parts.dropLast().joined(separator: "_") : parts.first.map(String.init)
    }

    /// What the WHO column shows: a person where there is one (the IAM user, the
    /// Identity Center user), else the role and its session.
    public var display: String {
        switch type {
        case "IAMUser": return name ?? arn ?? "IAM user"
        case "Root": return "root"
        case "AWSService": return name ?? "AWS service"
        case "AssumedRole":
            if isIdentityCenter { return name ?? role ?? "Identity Center user" }
            return [role, name].compactMap { $0 }.joined(separator: "/")
        default: return name ?? arn ?? type
        }
    }

    /// The user agent's first product: `aws-cli/2.22.4`, `Boto3/1.43.11`, `flagdeck/…`.
    public static func shortAgent(_ agent: String) -> String {
        if agent.hasPrefix("Mozilla/") { return "console (browser)" }
        return agent.split(separator: " ").first.map(String.init) ?? agent
    }

    /// From a CloudTrail record's `userIdentity`.
    public init(userIdentity u: JSONValue?) {
        let type = u?["type"]?.stringValue ?? "Unknown"
        let arn = u?["arn"]?.stringValue
        var name = u?["userName"]?.stringValue
        var role: String?
        if type == "AssumedRole" {
            role = u?["sessionContext"]?["sessionIssuer"]?["userName"]?.stringValue
            // arn:aws:sts::ACCOUNT:assumed-role/ROLE/SESSION
            if let arn, let r = arn.range(of: ":assumed-role/") {
                let rest = arn[r.upperBound...].split(separator: "/", maxSplits: 1)
                if role == nil, let first = rest.first { role = String(first) }
                if rest.count == 2 { name = String(rest[1]) }
            }
        } else if type == "AWSService" {
            name = u?["invokedBy"]?.stringValue
        } else if type == "IdentityCenterUser" {
            name = u?["onBehalfOf"]?["userId"]?.stringValue ?? name
        }
        self.init(type: type, arn: arn, name: name, role: role)
    }
}
