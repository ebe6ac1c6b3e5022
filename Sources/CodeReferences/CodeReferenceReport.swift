import FlagModel
import Foundation

/// What `flagdeck refs` prints: per flag that has references, where. The JSON document is
/// the contract for scripts (README "Code references").
public enum CodeReferenceReport {
    /// Locations listed per flag in the table; the JSON has them all.
    public static let tableLocations = 10

    /// One line per referenced flag, `APP/PROFILE/KEY  N refs  path:line, ...`, then one per
    /// repository with what was searched. With several repositories a location starts
    /// with its repository's directory name, so that `path:line` says where it is.
    public static func table(flags: [FlagID], index: CodeReferenceIndex) -> String {
        let referenced = referencedFlags(flags, index)
        let counts = referenced.map { $0.references.count == 1 ? "1 ref" : "\($0.references.count) refs" }
        let nameWidth = referenced.map { $0.flag.description.count }.max() ?? 0
        let countWidth = counts.map(\.count).max() ?? 0
        let prefixed = index.sources.count > 1
        var lines: [String] = []
        for ((flag, references), count) in zip(referenced, counts) {
            var locations = references.prefix(tableLocations).map { reference in
                (prefixed ? (reference.repository as NSString).lastPathComponent + "/" : "")
                    + "\(reference.path):\(reference.line)"
            }
            if references.count > tableLocations { locations.append("… \(references.count - tableLocations) more") }
            lines.append(flag.description.padded(to: nameWidth) + "  " + count.padded(to: countWidth) + "  "
                         + locations.joined(separator: ", "))
        }
        if referenced.isEmpty { lines.append("no flag of the latest scan is referenced in the configured repositories") }
        lines.append("")
        for source in index.sources {
            guard let scan = index.scans[source.path] else { continue }
            let skipped = CodeReferenceSkip.allCases.compactMap { reason in
                scan.filesSkipped[reason].map { "\($0) \(reason.rawValue)" }
            }
            lines.append("\(scan.repository) at \(scan.commit.prefix(12)), \(scan.scannedAt.formatted(.iso8601)): "
                         + (scan.filesScanned == 1 ? "1 file searched" : "\(scan.filesScanned) files searched")
                         + (skipped.isEmpty ? "" : ", skipped \(skipped.joined(separator: ", "))")
                         + (scan.references.count == 1 ? ", 1 reference" : ", \(scan.references.count) references"))
        }
        return lines.joined(separator: "\n") + "\n"
    }

    /// `{"repositories": [{"path", "commit", "scannedAt", "filesScanned"}], "flags":
    /// [{"application", "profile", "key", "codeReferences": {"count", "files":
    /// [{"repository", "path", "line"}], "scannedAt"}}]}`, keys sorted, flags in order.
    public static func json(flags: [FlagID], index: CodeReferenceIndex) -> String {
        var repositories: [JSONValue] = []
        for source in index.sources {
            guard let scan = index.scans[source.path] else { continue }
            repositories.append(object([
                ("path", .string(scan.repository)), ("commit", .string(scan.commit)),
                ("scannedAt", .string(scan.scannedAt.formatted(.iso8601))),
                ("filesScanned", .number(JSONNumber(scan.filesScanned))),
            ]))
        }
        let flagObjects: [JSONValue] = referencedFlags(flags, index).map { flag, references in
            let files = references.map { reference in
                object([("repository", .string(reference.repository)), ("path", .string(reference.path)),
                        ("line", .number(JSONNumber(reference.line)))])
            }
            let codeReferences = object([
                ("count", .number(JSONNumber(references.count))), ("files", .array(files)),
                ("scannedAt", index.scannedAt(for: flag).map { .string($0.formatted(.iso8601)) } ?? .null),
            ])
            return object([("application", .string(flag.application)), ("profile", .string(flag.profile)),
                           ("key", .string(flag.key)), ("codeReferences", codeReferences)])
        }
        let document = object([("repositories", .array(repositories)), ("flags", .array(flagObjects))])
        return JSONSerializer.serialize(document, pretty: true) + "\n"
    }

    /// The flags (each once, sorted) that have references, with them.
    static func referencedFlags(_ flags: [FlagID], _ index: CodeReferenceIndex) -> [(flag: FlagID, references: [CodeReference])] {
        Set(flags).sorted().compactMap { flag in
            let references = index.references(for: flag)
            return references.isEmpty ? nil : (flag, references)
        }
    }

    private static func object(_ members: [(String, JSONValue)]) -> JSONValue {
        var object = JSONObject()
        for (key, value) in members.sorted(by: { $0.0 < $1.0 }) { object[key] = value }
        return .object(object)
    }
}

private extension String {
    func padded(to width: Int) -> String {
        count >= width ? self : self + String(repeating: " ", count: width - count)
    }
}
