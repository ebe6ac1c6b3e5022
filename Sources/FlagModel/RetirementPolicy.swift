import Foundation

/// The thresholds and name patterns behind the retirement verdicts (config file `retirement`
/// and `production`), plus the moment they are judged at.
public struct RetirementPolicy: Sendable, Hashable, Codable {
    public var rolledOutDays: Int
    public var deadDays: Int
    /// Globs on the environment name (`*`, `?`; case-insensitive).
    public var productionPatterns: [String]
    /// Globs on the flag key for flags that are never retired (kill switches, operational flags).
    public var permanentPatterns: [String]
    /// Flags a review decision marked permanent.
    public var permanentKeys: Set<FlagID>
    public var asOf: Date

    public init(rolledOutDays: Int = 30, deadDays: Int = 60, productionPatterns: [String] = ProductionEnvironments.defaultPatterns,
                permanentPatterns: [String] = ["kill_*", "ops_*"], permanentKeys: Set<FlagID> = [], asOf: Date) {
        self.rolledOutDays = rolledOutDays
        self.deadDays = deadDays
        self.productionPatterns = productionPatterns
        self.permanentPatterns = permanentPatterns
        self.permanentKeys = permanentKeys
        self.asOf = asOf
    }

    public var production: ProductionEnvironments { ProductionEnvironments(patterns: productionPatterns) }

    public func isProduction(_ environment: EnvironmentID) -> Bool { production.contains(environment) }

    /// Why the flag is exempt from retirement, or nil.
    public func permanentReason(_ flag: FlagID) -> String? {
        if !permanentKeys.isEmpty && permanentKeys.contains(flag) { return "marked permanent in review" }
        if let p = permanentPatterns.first(where: { Glob.matches($0, flag.key) }) { return "key matches \(p)" }
        return nil
    }
}

/// Shell-style globs: `*` any run of characters, `?` one character, everything else literal.
public enum Glob {
    public static func matches(_ pattern: String, _ text: String, caseInsensitive: Bool = true) -> Bool {
        var pattern = pattern, text = text
        return pattern.withUTF8 { p in text.withUTF8 { t in match(p, t, caseInsensitive) } }
    }

    // Iterative matcher with single-star backtracking over UTF-8; `?` consumes one scalar.
    // ASCII letters fold case; other scalars compare exactly.
    private static func match(_ p: UnsafeBufferPointer<UInt8>, _ t: UnsafeBufferPointer<UInt8>, _ fold: Bool) -> Bool {
        @inline(__always) func lower(_ b: UInt8) -> UInt8 { fold && b >= 65 && b <= 90 ? b + 32 : b }
        @inline(__always) func scalarEnd(_ i: Int) -> Int {
            var j = i + 1
            while j < t.count && t[j] & 0xC0 == 0x80 { j += 1 }
            return j
        }
        var pi = 0, ti = 0, star = -1, mark = 0
        while ti < t.count {
            if pi < p.count && p[pi] == UInt8(ascii: "?") {
                pi += 1; ti = scalarEnd(ti)
            } else if pi < p.count && p[pi] != UInt8(ascii: "*") && lower(p[pi]) == lower(t[ti]) {
                pi += 1; ti += 1
            } else if pi < p.count && p[pi] == UInt8(ascii: "*") {
                star = pi; mark = ti; pi += 1
            } else if star >= 0 {
                pi = star + 1; mark = scalarEnd(mark); ti = mark
            } else {
                return false
            }
        }
        while pi < p.count && p[pi] == UInt8(ascii: "*") { pi += 1 }
        return pi == p.count
    }
}
