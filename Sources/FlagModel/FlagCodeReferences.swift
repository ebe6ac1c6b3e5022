import Foundation

/// One flag's code references as the views and the scan output show them.
public struct FlagCodeReferences: Sendable, Hashable {
    /// Sorted by repository, path, line.
    public var references: [CodeReference]
    /// The oldest scan among the repositories that apply to the flag (nil: none scanned yet).
    public var scannedAt: Date?
    /// Repositories that apply but were never scanned: `count` is then a lower bound.
    public var unscanned: [String]

    public init(references: [CodeReference], scannedAt: Date?, unscanned: [String] = []) {
        self.references = references
        self.scannedAt = scannedAt
        self.unscanned = unscanned
    }

    public var count: Int { references.count }

    /// `path:line` of the first few, for refusals and one-line summaries.
    public func locations(_ limit: Int = 3) -> String {
        let shown = references.prefix(limit).map { "\($0.path):\($0.line)" }.joined(separator: ", ")
        return shown + (references.count > limit ? ", …" : "")
    }
}
