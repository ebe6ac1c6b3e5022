import FlagModel

/// Tracked files that are not the team's own source, judged by path alone: a flag key in
/// a vendored library, a lock file or generated code is not a place anyone edits to
/// remove the flag. (Files marked `linguist-vendored`/`linguist-generated` in
/// .gitattributes are found by `GitWorkTree.linguistMarks`.)
enum SkippedPaths {
    /// Directories whose contents are somebody else's code or a build's output.
    static let vendoredDirectories = ["vendor", "node_modules", "third_party", "Pods", ".build", "dist", "build"]
    static let generatedNames = ["package-lock.json", "Package.resolved"]
    static let generatedSuffixes = [".min.js", ".lock", ".pb.go"]

    /// Why `path` (relative, `/`-separated) is skipped, or nil to search it.
    static func reason(for path: String) -> CodeReferenceSkip? {
        let components = path.split(separator: "/", omittingEmptySubsequences: true)
        guard let name = components.last else { return nil }
        // Compared as bytes: hashing every component for a Set costs more at 100,000 paths.
        if components.dropLast().contains(where: { directory in
            vendoredDirectories.contains { directory.utf8.elementsEqual($0.utf8) }
        }) { return .vendored }
        if generatedNames.contains(where: { name.utf8.elementsEqual($0.utf8) }) { return .generated }
        if generatedSuffixes.contains(where: { name.hasSuffix($0) }) { return .generated }
        if isGeneratedByName(name) { return .generated }
        return nil
    }

    /// `*_generated.*` and `*.generated.*`, by the name's dot-separated parts (Foundation's
    /// `contains` costs more than reading the file on a big tree).
    private static func isGeneratedByName(_ name: Substring) -> Bool {
        let parts = name.split(separator: ".", omittingEmptySubsequences: false)
        guard parts.count > 1 else { return false }
        for (i, part) in parts.dropLast().enumerated() {
            if part.hasSuffix("_generated") { return true }
            if i > 0 && part == "generated" { return true }
        }
        return false
    }
}
