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
        AWS_SHARED_CREDENTIALS_FILE are honoured) and writes one account per profile. \
        The file goes where flagdeck looks for it: $FLAGDECK_CONFIG, else \
        $XDG_CONFIG_HOME/flagdeck/config.yaml (default ~/.config/flagdeck/config.yaml).
        """
    )

    @Option(name: .long, help: "Write here instead of the default location.")
    var output: String?

    @Flag(name: .long, help: "Replace the file if it exists.")
    var force = false

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
        let profiles = shared.profiles.values.sorted { $0.name < $1.name }.map(Self.summary)
        let text = StarterConfig.make(from: profiles, sources: [shared.configPath, shared.credentialsPath])
        try StarterFileWriter.save(text, to: path, replace: force)
        print(Self.report(profiles: profiles, path: path, shared: shared))
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
