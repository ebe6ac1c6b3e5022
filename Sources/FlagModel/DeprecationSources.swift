import Foundation

/// Where a flag's deprecation comes from: the versions production environments serve
/// (the promise the running fleet makes), else the newest version. Accounts may
/// disagree; every distinct date is kept, and a malformed one is a problem on the flag.
struct DeprecationSources {
    struct Facts {
        /// Some production environment serves a version holding the flag.
        var fromProduction = false
        var chosen: Deprecation?
        /// Every distinct date, when there are several (sorted).
        var dates: [String] = []
        var problems: [String] = []
    }

    private let served: [VersionPrints]
    private let keys: [String]

    init(columns: [Column], production: [Bool], keys: [String]) {
        var seen = Set<ObjectIdentifier>(), served: [VersionPrints] = []
        for (column, isProduction) in zip(columns, production) where isProduction {
            if let vp = column.servedPrints, seen.insert(ObjectIdentifier(vp)).inserted { served.append(vp) }
        }
        self.served = served
        self.keys = keys
    }

    /// `fallback`: the deprecation of the newest version (the definition's).
    func facts(key i: Int, fallback: Deprecation?) -> Facts {
        var facts = Facts()
        var found: [Deprecation] = []
        for vp in served {
            guard let at = vp.position(of: keys[i], hint: i) else { continue }
            facts.fromProduction = true
            if let d = vp.deprecation(at) { found.append(d) }
        }
        if !facts.fromProduction, let fallback { found = [fallback] }
        facts.chosen = found.first { $0.status == "planned" } ?? found.first
        let dates = Set(found.compactMap(\.date)).sorted()
        if dates.count > 1 { facts.dates = dates }
        facts.problems = dates.filter { UTCDate.dayNumber(of: $0) == nil }.map {
            "_deprecation.date \"\($0)\" is not a date (YYYY-MM-DD): overdue cannot be judged"
        }
        return facts
    }
}
