import ArgumentParser
import AWSCore
import FlagDeck
import FlagDeckConfig
import Foundation

/// `flagdeck init`: a starter configuration with one account per AWS profile.
/// It never asks anything, so it works the same in a terminal, a script or CI.
struct InitCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "init",
        abstract: "Write a starter configuration from your AWS profiles.",
        discussion: """
        Reads the profiles in the AWS config and credentials files (AWS_CONFIG_FILE and \
        AWS_SHARED_CREDENTIALS_FILE are honoured) and writes one account per profile; with \
        --organization PROFILE or --sso SESSION it writes a block that discovers the accounts instead. \
        The file goes where flagdeck looks for it: $FLAGDECK_CONFIG, else \
        $XDG_CONFIG_HOME/flagdeck/config.yaml (default ~/.config/flagdeck/config.yaml).
        """
    )

    @Option(name: .long, help: "Write here instead of the default location.")
    var output: String?

    @Flag(name: .long, help: "Replace the file if it exists.")
    var force = false

    @Option(name: .long, help: ArgumentHelp(
        "Discover the accounts of an AWS Organization instead of listing profiles.",
        discussion: "PROFILE may call organizations:ListAccounts (management or delegated administrator account).",
        valueName: "profile"))
    var organization: String?

    @Option(name: .long, help: ArgumentHelp(
        "Discover the accounts of an IAM Identity Center session instead of listing profiles.",
        discussion: "SESSION is an [sso-session] of the AWS config file, logged in with `aws sso login`.",
        valueName: "session"))
    var sso: String?

    @Option(name: .long, help: "With --organization or --sso: the role read in every account (default FlagDeckReader, or ReadOnly for --sso).")
    var roleName: String?

    func validate() throws {
        if organization != nil && sso != nil {
            throw ValidationError("--organization and --sso write different blocks: pick one (add the other by hand)")
        }
        if roleName != nil && organization == nil && sso == nil {
            throw ValidationError("--role-name goes with --organization or --sso")
        }
        if let roleName, !StarterDiscovery.isRoleName(roleName) {
            throw ValidationError("--role-name \(roleName) is not an IAM role name (like FlagDeckReader)")
        }
    }

    func run() throws {
        let environment = ProcessInfo.processInfo.environment
        let path = output ?? ConfigLocation.resolve(explicit: nil, environment: environment).candidates[0]
        if !force && FileManager.default.fileExists(atPath: path) {
            throw InitFailure("\(path) already exists: run `flagdeck init --force` to replace it, "
                + "or `flagdeck init --output PATH` to write somewhere else.")
        }
        let shared: SharedConfig
        do {
            shared = try SharedConfig.load(environment: environment)
        } catch {
            throw InitFailure("cannot read the AWS config files: \(error)")
        }
        if let discovery = starterDiscovery {
            try StarterFileWriter.save(StarterConfig.make(discovery: discovery), to: path, replace: force)
            print(Self.report(discovery, path: path, shared: shared))
            return
        }
        let profiles = shared.profiles.values.sorted { $0.name < $1.name }.map(Self.summary)
        let text = StarterConfig.make(from: profiles, sources: [shared.configPath, shared.credentialsPath])
        try StarterFileWriter.save(text, to: path, replace: force)
        print(Self.report(profiles: profiles, path: path, shared: shared))
    }

    private var starterDiscovery: StarterDiscovery? {
        if let organization {
            return .organization(profile: organization, roleName: roleName ?? StarterDiscovery.defaultOrganizationRole)
        }
        if let sso { return .sso(session: sso, roleName: roleName ?? StarterDiscovery.defaultSSORole) }
        return nil
    }

    /// What was written, and what is missing before it works (checked offline).
    static func report(_ discovery: StarterDiscovery, path: String, shared: SharedConfig) -> String {
        var lines: [String] = []
        switch discovery {
        case .organization(let profile, let role):
            lines.append("Wrote \(path): accounts come from the organization that profile \(profile) can list, "
                         + "each read by assuming \(role).")
            if shared.profiles[profile] == nil {
                lines.append("Note: profile \(profile) is not in \(shared.configPath) or \(shared.credentialsPath) yet: "
                             + "add it before running flagdeck.")
            }
            lines.append("Deploy the \(role) role to every member account with the StackSet from `flagdeck iam`.")
        case .sso(let session, let role):
            lines.append("Wrote \(path): accounts come from IAM Identity Center session \(session), "
                         + "each read through the permission set \(role).")
            if shared.ssoSessions[session] == nil {
                lines.append("Note: there is no [sso-session \(session)] in \(shared.configPath) yet: "
                             + "create it with `aws configure sso-session`.")
            }
            lines.append("Log in with `aws sso login --sso-session \(session)` when the session expires.")
        }
        lines += [
            "Then:",
            "  flagdeck doctor   list the accounts and check that each one answers",
            "  flagdeck          open the dashboard",
        ]
        return lines.joined(separator: "\n")
    }

    static func summary(_ profile: Profile) -> AWSProfileSummary {
        let kind: String?
        if let role = profile["role_arn"] {
            kind = "assumes \(role)"
        } else if profile["sso_session"] != nil || profile["sso_start_url"] != nil {
            kind = "SSO: run `aws sso login --profile \(profile.name)` when it expires"
        } else if profile["credential_process"] != nil {
            kind = "credential_process"
        } else if profile["aws_access_key_id"] != nil {
            kind = "access keys"
        } else {
            kind = "no credentials in the AWS files: give it some or remove this account"
        }
        return AWSProfileSummary(name: profile.name, region: profile["region"], kind: kind)
    }

    static func report(profiles: [AWSProfileSummary], path: String, shared: SharedConfig) -> String {
        guard !profiles.isEmpty else {
            return """
            No AWS profiles found in \(shared.configPath) or \(shared.credentialsPath).
            Wrote \(path) with a commented example account: add your accounts there, then run `flagdeck doctor`.
            To look around without AWS, try `flagdeck demo`.
            """
        }
        let width = profiles.map(\.name.count).max() ?? 0
        let noun = profiles.count == 1 ? "account" : "accounts"
        var lines = ["Wrote \(path) with \(profiles.count) \(noun), one per AWS profile:"]
        for p in profiles {
            let padded = p.name + String(repeating: " ", count: width - p.name.count)
            let note = p.region == nil ? " (the profile sets no region)"
                : p.region != p.starterRegion ? " (the profile's region is not a region name)" : ""
            lines.append("  \(padded)  \(p.starterRegion)" + note)
        }
        lines += [
            "Edit it to drop accounts without AppConfig flags and to list every region you use. Then:",
            "  flagdeck doctor   check that every account and region answers",
            "  flagdeck          open the dashboard",
        ]
        return lines.joined(separator: "\n")
    }
}

/// Writes the file owner-only (it names accounts and roles), in a directory
/// created owner-only, without ever clobbering a file unless asked to.
enum StarterFileWriter {
    static func save(_ text: String, to path: String, replace: Bool) throws {
        let directory = (path as NSString).deletingLastPathComponent
        if !directory.isEmpty && !FileManager.default.fileExists(atPath: directory) {
            do {
                try FileManager.default.createDirectory(atPath: directory, withIntermediateDirectories: true,
                                                        attributes: [.posixPermissions: 0o700])
            } catch {
                throw InitFailure("cannot create \(directory): \(error.localizedDescription)")
            }
        }
        if replace {
            // Write beside it and rename over it: a crash never leaves half a config.
            let temporary = path + ".tmp-\(getpid())"
            try create(temporary, text)
            guard rename(temporary, path) == 0 else {
                let reason = String(cString: strerror(errno))
                unlink(temporary)
                throw InitFailure("cannot replace \(path): \(reason)")
            }
        } else {
            try create(path, text)
        }
    }

    /// O_EXCL: if another process created the file since we looked, we fail rather than overwrite it.
    private static func create(_ path: String, _ text: String) throws {
        let fd = open(path, O_WRONLY | O_CREAT | O_EXCL, 0o600)
        guard fd >= 0 else {
            if errno == EEXIST {
                throw InitFailure("\(path) already exists: run `flagdeck init --force` to replace it.")
            }
            throw InitFailure("cannot create \(path): \(String(cString: strerror(errno)))")
        }
        defer { close(fd) }
        fchmod(fd, 0o600)
        let bytes = Array(text.utf8)
        var written = 0
        while written < bytes.count {
            let n = bytes[written...].withUnsafeBytes { write(fd, $0.baseAddress, $0.count) }
            if n < 0 && errno == EINTR { continue }
            guard n > 0 else {
                let reason = String(cString: strerror(errno))
                unlink(path)
                throw InitFailure("cannot write \(path): \(reason)")
            }
            written += n
        }
    }
}

/// A failure explained in one line, without ArgumentParser's usage text.
struct InitFailure: Error, CustomStringConvertible {
    var description: String
    init(_ description: String) { self.description = description }
}
