import FlagModel
import Foundation

/// The stored scans seen per flag: which repositories may reference a flag (their
/// `applications` filter allows its application) and what those found for its key.
/// Pure: built from the store's scans and the configuration, nothing read.
public struct CodeReferenceIndex: Sendable {
    /// In configuration order.
    public let sources: [CodeReferenceSource]
    /// The stored scans of configured repositories, by repository path (others are ignored:
    /// a repository removed from the configuration no longer speaks for any flag).
    public let scans: [String: RepositoryScan]
    /// Per repository, its references by key.
    private let byKey: [String: [String: [CodeReference]]]

    public init(scans: [RepositoryScan], sources: [CodeReferenceSource]) {
        self.sources = sources
        let configured = Set(sources.map(\.path))
        var kept: [String: RepositoryScan] = [:]
        for scan in scans where configured.contains(scan.repository) { kept[scan.repository] = scan }
        self.scans = kept
        byKey = kept.mapValues { Dictionary(grouping: $0.references, by: \.key) }
    }

    /// Some repository is configured: "no references" means something.
    public var isConfigured: Bool { !sources.isEmpty }

    /// The configured repositories whose filter allows the flag's application.
    public func repositories(for flag: FlagID) -> [CodeReferenceSource] {
        sources.filter { $0.applies(to: flag.application) }
    }

    /// The references to `flag.key` in the repositories that apply to it, sorted by
    /// repository, path and line.
    public func references(for flag: FlagID) -> [CodeReference] {
        var found: [CodeReference] = []
        for source in repositories(for: flag) {
            found += byKey[source.path]?[flag.key] ?? []
        }
        return found.sorted { ($0.repository, $0.path, $0.line) < ($1.repository, $1.path, $1.line) }
    }

    /// How current `references(for:)` is: the oldest scan among the repositories that
    /// apply to the flag and were scanned; nil when none was.
    public func scannedAt(for flag: FlagID) -> Date? {
        repositories(for: flag).compactMap { scans[$0.path]?.scannedAt }.min()
    }

    /// Repositories that apply to the flag but have no stored scan yet: its count of
    /// references is a lower bound until they are scanned.
    public func unscannedRepositories(for flag: FlagID) -> [String] {
        repositories(for: flag).map(\.path).filter { scans[$0] == nil }
    }
}

extension CodeReferenceIndex {
    /// The views' and the scan output's summary of `flag`; nil when no repository applies to it.
    public func summary(for flag: FlagID) -> FlagCodeReferences? {
        guard !repositories(for: flag).isEmpty else { return nil }
        return FlagCodeReferences(references: references(for: flag), scannedAt: scannedAt(for: flag),
                                  unscanned: unscannedRepositories(for: flag))
    }

    /// Summaries of every flag some repository applies to.
    public func summaries(for flags: [FlagID]) -> [FlagID: FlagCodeReferences] {
        var out: [FlagID: FlagCodeReferences] = [:]
        for flag in flags { out[flag] = summary(for: flag) }
        return out
    }
}
