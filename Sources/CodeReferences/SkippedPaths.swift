import FlagModel

/// Tracked files that are not the team's own source, judged by path alone: a flag key in
/// a vendored library, a lock file or generated code is not a place anyone edits to
/// remove the flag. (Files marked `linguist-vendored`/`linguist-generated` in
/// .gitattributes are found by `GitWorkTree.linguistMarks`.)
enum SkippedPaths {
    /// Directories whose contents are somebody else's code or a build's output.
    static let vendoredDirectories: Set<Substring> = [
        "vendor", "node_modules", "third_party", "Pods", ".build", "dist", "build",
    ]
    static let generatedNames: Set<Substring> = ["package-lock.json", "Package.resolved"]
    static let generatedSuffixes = [".min.js", ".lock", ".pb.go"]
    static let generatedInfixes = ["_generated.", ".generated."]

    /// Why `path` (relative, `/`-separated) is skipped, or nil to search it.
    static func reason(for path: String) -> CodeReferenceSkip? {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let name = components.last else { return nil }
        if components.dropLast().contains(where: vendoredDirectories.contains) { return .vendored }
        if generatedNames.contains(name) { return .generated }
        if generatedSuffixes.contains(where: { name.hasSuffix($0) }) { return .generated }
        if generatedInfixes.contains(where: { name.contains($0) }) { return .generated }
        return nil
    }
}
