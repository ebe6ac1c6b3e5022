import FlagModel
import Foundation
import Yams

/// The `codeReferences:` block: git work trees searched for the flags' keys (issue 16).
/// Same rules as the rest of the walk: every problem located. Whether a path is a git
/// work tree is not checked here: the file stays valid on a machine without the clone,
/// and `flagdeck refs` names the path when it cannot read it.
extension ConfigParser {
    static let codeReferenceKeys = ["path", "applications"]

    mutating func codeReferences(_ node: Node, path: ConfigPath) -> [CodeReferenceSource] {
        guard let items = reader.list(node, path: path, what: "git work trees (like - path: ~/src/checkout-service)")
        else { return [] }
        var result: [CodeReferenceSource] = []
        var firstByPath: [String: ConfigPath] = [:]
        for (item, itemPath) in items {
            guard let source = codeReferenceSource(item, path: itemPath) else { continue }
            if let earlier = firstByPath[source.path] {
                reader.report("\"\(source.path)\" is already listed at \(earlier)",
                              at: item.mapping?["path"] ?? item, path: itemPath.key("path"))
                continue
            }
            firstByPath[source.path] = itemPath
            result.append(source)
        }
        return result
    }

    private mutating func codeReferenceSource(_ node: Node, path: ConfigPath) -> CodeReferenceSource? {
        guard let fields = reader.fields(of: node, path: path, known: Self.codeReferenceKeys, required: ["path"],
                                         what: "a git work tree (a mapping with path and optional applications)")
        else { return nil }
        var directory: String?
        if let n = fields["path"], let written = reader.nonEmptyString(n, path: path.key("path")) {
            directory = resolvedDirectory(written, at: n, path: path.key("path"))
        }
        var applications: [String]?
        if let n = fields["applications"], let patterns = reader.patterns(n, path: path.key("applications")) {
            if patterns.isEmpty {
                reader.report("an empty list selects no application: leave applications out to look for the flags "
                              + "of every application", at: n, path: path.key("applications"))
            } else {
                applications = patterns
            }
        }
        guard let directory else { return nil }
        return CodeReferenceSource(path: directory, applications: applications)
    }

    /// `~` and `~/x` are the user's home, `~name/x` another user's; a relative path is
    /// relative to the configuration file (not to wherever flagdeck happens to run).
    private mutating func resolvedDirectory(_ written: String, at node: Node, path: ConfigPath) -> String? {
        var expanded = written
        if written.hasPrefix("~") {
            let slash = written.firstIndex(of: "/") ?? written.endIndex
            let user = String(written[written.index(after: written.startIndex)..<slash])
            let home = user.isEmpty ? Self.homeDirectory() : FileManager.default.homeDirectory(forUser: user)?.path
            guard let home else {
                reader.report("\"\(written)\": there is no user \"\(user)\" whose home ~\(user) could stand for",
                              at: node, path: path)
                return nil
            }
            expanded = home + String(written[slash...])
        } else if !written.hasPrefix("/") {
            expanded = URL(fileURLWithPath: reader.file).deletingLastPathComponent().appendingPathComponent(written).path
        }
        return URL(fileURLWithPath: expanded).standardizedFileURL.path
    }

    /// `$HOME` as the shell expands `~` (tests and sandboxes set it), else the account's home.
    static func homeDirectory() -> String {
        if let home = ProcessInfo.processInfo.environment["HOME"], !home.isEmpty { return home }
        return NSHomeDirectory()
    }
}
