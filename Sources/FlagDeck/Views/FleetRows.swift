import Foundation
import FlagModel

/// Verdict quick filters (`1`–`5` in the Fleet view, `0` clears).
public enum QuickFilter: String, CaseIterable, Hashable, Sendable {
    case stale, dead, shortTerm = "short-term", drift, overdue

    public var verdict: VerdictKind {
        switch self {
        case .stale: return .stale
        case .dead: return .dead
        case .shortTerm: return .shortTerm
        case .drift: return .drift
        case .overdue: return .overdue
        }
    }
}

/// Fleet view orderings (`s` cycles).
public enum FleetSort: String, CaseIterable, Hashable, Sendable {
    case name, age, verdict

    public var next: FleetSort {
        let all = Self.allCases
        return all[(all.firstIndex(of: self)! + 1) % all.count]
    }
}

/// The `/` filter: a case-insensitive substring, or a regex when the text has regex
/// syntax; a leading `!` inverts. Matches flag key, name, application and profile.
public struct FlagFilter {
    public let text: String
    private let inverted: Bool
    private let needle: String
    private let regex: Regex<AnyRegexOutput>?

    public init(_ text: String) {
        self.text = text
        inverted = text.hasPrefix("!")
        needle = String(inverted ? text.dropFirst() : Substring(text)).lowercased()
        let regexSyntax = needle.contains { "^$*+?[](){}|\\".contains($0) }
        regex = regexSyntax ? (try? Regex(needle).ignoresCase()) : nil
    }

    public var isEmpty: Bool { needle.isEmpty }

    /// The lower-cased text a row is searched in, computed once per scan result.
    public static func searchText(_ row: FlagRow) -> String {
        (row.flag.key + "\n" + (row.definition?.name ?? "") + "\n" + row.flag.application + "\n" + row.flag.profile).lowercased()
    }

    /// Fast path with precomputed `searchText`; regexes still see each field alone.
    public func matches(_ row: FlagRow, searchText: String) -> Bool {
        guard !needle.isEmpty else { return true }
        if regex != nil { return matches(row) }
        return searchText.contains(needle) != inverted
    }

    public func matches(_ row: FlagRow) -> Bool {
        guard !needle.isEmpty else { return true }
        let fields = [row.flag.key, row.definition?.name ?? "", row.flag.application, row.flag.profile]
        let hit: Bool
        if let regex {
            hit = fields.contains { (try? regex.firstMatch(in: $0)) != nil }
        } else {
            hit = fields.contains { $0.lowercased().contains(needle) }
        }
        return hit != inverted
    }
}

/// One line of the Fleet list: a group heading or a flag (index into the snapshot's rows).
public enum FleetLine: Hashable, Sendable {
    case group(application: String, profile: String, count: Int)
    case flag(Int)

    public var flagIndex: Int? {
        if case .flag(let i) = self { return i }
        return nil
    }
}

public enum FleetRows {
    /// Verdict severity for sorting and badge colour: the most urgent first.
    static let severity: [VerdictKind] = [.overdue, .drift, .stale, .dead, .shortTerm, .permanent]

    public static func lines(_ snapshot: FleetSnapshot, filter: FlagFilter, quick: QuickFilter?,
                             sort: FleetSort, searchTexts: [String]? = nil,
                             environments: ((EnvironmentID) -> Bool)? = nil) -> [FleetLine] {
        var groups: [(String, String, [Int])] = []
        var groupIndex: [String: Int] = [:]
        for (i, row) in snapshot.rows.enumerated() {
            if let quick, !row.has(quick.verdict) { continue }
            if let searchTexts {
                if !filter.matches(row, searchText: searchTexts[i]) { continue }
            } else if !filter.matches(row) {
                continue
            }
            if let environments, !row.cells.isEmpty, !row.cells.contains(where: { environments($0.environment) }) { continue }
            let key = row.flag.application + "\u{0}" + row.flag.profile
            if let g = groupIndex[key] {
                groups[g].2.append(i)
            } else {
                groupIndex[key] = groups.count
                groups.append((row.flag.application, row.flag.profile, [i]))
            }
        }
        var lines: [FleetLine] = []
        for (app, profile, indices) in groups.sorted(by: { ($0.0, $0.1) < ($1.0, $1.1) }) {
            lines.append(.group(application: app, profile: profile, count: indices.count))
            lines += sorted(indices, in: snapshot, by: sort).map(FleetLine.flag)
        }
        return lines
    }

    static func sorted(_ indices: [Int], in snapshot: FleetSnapshot, by sort: FleetSort) -> [Int] {
        switch sort {
        case .name:
            return indices
        case .age:
            return indices.sorted { (age(snapshot.rows[$0]) ?? .distantFuture, $0) < (age(snapshot.rows[$1]) ?? .distantFuture, $1) }
        case .verdict:
            return indices.sorted { (rank(snapshot.rows[$0]), $0) < (rank(snapshot.rows[$1]), $1) }
        }
    }

    /// When the flag last changed anywhere: the newest `since` of its cells.
    public static func age(_ row: FlagRow) -> Date? {
        row.cells.compactMap { $0.since ?? $0.stateSince }.max()
    }

    static func rank(_ row: FlagRow) -> Int {
        row.verdicts.compactMap { severity.firstIndex(of: $0.kind) }.min() ?? severity.count
    }

    /// Number of flags per verdict, for the title.
    public static func verdictCounts(_ snapshot: FleetSnapshot) -> [VerdictKind: Int] {
        var counts: [VerdictKind: Int] = [:]
        for row in snapshot.rows {
            for verdict in Set(row.verdicts.map(\.kind)) { counts[verdict, default: 0] += 1 }
        }
        return counts
    }
}
