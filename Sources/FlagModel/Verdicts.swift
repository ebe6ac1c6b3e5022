import Foundation

public enum VerdictKind: String, Sendable, Hashable, Codable, CaseIterable {
    case shortTerm, overdue, stale, dead, drift, permanent
}

/// A fleet-wide judgement about a flag, with its reason in words.
public struct Verdict: Sendable, Hashable, Codable, CustomStringConvertible {
    public var kind: VerdictKind
    public var reason: String
    public init(_ kind: VerdictKind, _ reason: String) { self.kind = kind; self.reason = reason }
    public var description: String { "\(kind.rawValue): \(reason)" }
}

public enum Verdicts {
    /// The verdicts for one flag from its cells across the fleet.
    public static func judge(flag: FlagID, definition: FlagDefinitionSummary?, cells: [FlagCell],
                             policy: RetirementPolicy) -> [Verdict] {
        judge(FlagRow(flag: flag, definition: definition, cells: cells, verdicts: []), policy: policy)
    }

    /// The verdicts of a row judged again (a stored snapshot under today's policy): from
    /// its fresh cells, its deprecation dates and its unreadable parts.
    public static func judge(_ row: FlagRow, policy: RetirementPolicy) -> [Verdict] {
        let fresh = row.cells.filter(\.isFresh)
        return judge(flag: row.flag, definition: row.definition, deprecationDates: row.deprecationDates, cells: fresh,
                     policy: policy, production: fresh.map { policy.isProduction($0.environment) },
                     unreadable: UnreadableSummary(row.unreadable))
    }

    /// `cells`: the fresh cells only; `production[i]` says whether `cells[i]` is in a
    /// production environment. `texts` (optional) reuses reason texts across the flags of
    /// one derivation.
    ///
    /// Boundaries: stale and dead need *at least* the threshold in whole seconds
    /// (exactly 30 × 86,400 s is stale, one second less is not); overdue needs a
    /// deprecation date to be strictly before the UTC day of `asOf`. Any `unknown` cell
    /// blocks stale and dead: a retirement verdict must not rest on a guess. With
    /// unreadable parts, the verdicts speak of the readable rest and say so.
    static func judge(flag: FlagID, definition: FlagDefinitionSummary?, deprecationDates: [String], cells: [FlagCell],
                      policy: RetirementPolicy, production: [Bool], texts: VerdictTexts? = nil,
                      unreadable: UnreadableSummary? = nil) -> [Verdict] {
        var out: [Verdict] = []
        let permanent = policy.permanentReason(flag)

        if let deprecation = definition?.deprecation, deprecation.status == "planned" {
            let dates = deprecationDates.isEmpty ? (deprecation.date.map { [$0] } ?? []) : deprecationDates
            out.append(Verdict(.shortTerm, "planned for deprecation" + (dates.isEmpty ? "" : " on " + dates.joined(separator: ", "))))
            let today = UTCDate.dayNumber(of: policy.asOf)
            let passed = dates.filter { UTCDate.dayNumber(of: $0).map { $0 < today } ?? false }
            if permanent == nil, !passed.isEmpty {
                let several = passed.count > 1
                out.append(Verdict(.overdue, "deprecation date\(several ? "s" : "") \(passed.joined(separator: ", ")) passed"))
            }
        }

        // One pass, no copies of the cells: this runs for every flag of the fleet.
        var known = true, moving = false, existing = 0, onCount = 0, offCount = 0
        var latestValueSince: Date?, latestStateSince: Date?, missingSince = false, lowerBound = false
        var notPromoted: [Int] = []
        for i in cells.indices {
            if cells[i].rollingOutPercent != nil { moving = true }
            let state = cells[i].state
            switch state {
            case .unknown: known = false
            case .absent:
                if cells[i].servedVersion != nil { notPromoted.append(i) }
                if let d = cells[i].stateSince { latestStateSince = max(latestStateSince ?? d, d) }
            case .on, .off, .variants, .value:
                existing += 1
                if state == .on { onCount += 1 }
                if state == .off { offCount += 1 }
                let since = state == .on ? cells[i].since : cells[i].stateSince
                if let d = since {
                    if state == .on { latestValueSince = max(latestValueSince ?? d, d) }
                    if state == .off { latestStateSince = max(latestStateSince ?? d, d) }
                } else {
                    missingSince = true
                }
                if cells[i].sinceIsLowerBound { lowerBound = true }
            }
        }

        // Stale: on in every environment where its profile is served. Where the served
        // version lacks the flag it waits for promotion there (see `notes`).
        if permanent == nil, known, !moving, existing > 0, onCount == existing, notPromoted.isEmpty, !missingSince,
           let latest = latestValueSince, reached(policy.rolledOutDays, from: latest, to: policy.asOf)
        {
            out.append(Verdict(.stale, VerdictTexts.text(.stale, since: latest, lowerBound: lowerBound, asOf: policy.asOf,
                                                         unreadable: unreadable, cache: texts)))
        }

        // Absent cells count only where the flag was removed (served before, then gone).
        if permanent == nil, known, !moving, existing > 0, offCount == existing, !missingSince,
           let latest = latestStateSince, reached(policy.deadDays, from: latest, to: policy.asOf)
        {
            out.append(Verdict(.dead, VerdictTexts.text(.dead, since: latest, lowerBound: false, asOf: policy.asOf,
                                                        unreadable: unreadable, cache: texts)))
        }

        if let drift = driftReason(cells: cells, production: production) {
            out.append(Verdict(.drift, unreadable.map { drift + "; " + $0.text } ?? drift))
        }
        if let permanent { out.append(Verdict(.permanent, permanent)) }
        return out
    }

    /// Why a flag that is on wherever it is served is not stale: environments whose
    /// served version lacks it (it waits for promotion there). Empty otherwise.
    static func promotionNotes(cells: [FlagCell]) -> [String] {
        var on = false, missing: [String] = []
        for c in cells where c.isFresh {
            switch c.state {
            case .on: on = true
            case .absent where c.servedVersion != nil: missing.append(label(c.environment))
            case .off, .variants, .value, .unknown: return []
            default: break
            }
        }
        guard on, !missing.isEmpty else { return [] }
        return ["on wherever served, but absent in \(missing.joined(separator: ", ")) (not promoted there yet): not stale"]
    }

    static func reached(_ days: Int, from: Date, to: Date) -> Bool {
        to.timeIntervalSince(from) >= TimeInterval(days) * UTCDate.secondsPerDay
    }

    static func label(_ e: EnvironmentID) -> String { "\(e.accountName)/\(e.region)/\(e.environmentName)" }

    /// On in some production environments and off (or absent from the served version) in
    /// others, or production environments serving different attribute values (or variants).
    static func driftReason(cells: [FlagCell], production: [Bool]) -> String? {
        // Fast path, exact: with one state and structurally equal attribute values (which are
        // then also semantically equal) there is nothing to report. Checked without copies.
        var count = 0, first = -1, uniform = true, anyOn = false, anyMissing = false
        for i in 0..<min(cells.count, production.count) where production[i] {
            let state = cells[i].state
            if state == .absent && cells[i].servedVersion != nil { anyMissing = true }
            guard state.isServed else { continue }
            if state == .on { anyOn = true }
            count += 1
            if first < 0 {
                first = i
            } else if uniform {
                uniform = state == cells[first].state && sameAttributes(cells[i].attributes, cells[first].attributes)
            }
        }
        let missingCounts = anyOn && anyMissing
        guard count >= 2 || (missingCounts && count >= 1) else { return nil }
        if uniform && !missingCounts { return nil }
        let prod = zip(cells, production).filter {
            $0.1 && ($0.0.state.isServed || (missingCounts && $0.0.state == .absent && $0.0.servedVersion != nil))
        }.map(\.0).sorted { $0.environment < $1.environment }
        let states = Set(prod.map(\.state))
        if states.count > 1 {
            return [CellState.on, .off, .variants, .value, .absent].compactMap { s in
                let envs = prod.filter { $0.state == s }.map { label($0.environment) }
                return envs.isEmpty ? nil : "\(s.rawValue) in \(envs.joined(separator: ", "))"
            }.joined(separator: "; ")
        }
        guard prod.count >= 2 else { return nil }
        let objects = prod.map { $0.attributes?.objectValue ?? JSONObject() }
        var keys: [String] = []
        for o in objects { for k in o.keys where !keys.contains(k) { keys.append(k) } }
        let differing = keys.filter { k in
            let first = objects[0][k]
            return objects.dropFirst().contains { o in
                switch (first, o[k]) {
                case (nil, nil): false
                case (let a?, let b?): !a.semanticallyEquals(b)
                default: true
                }
            }
        }.sorted()
        guard !differing.isEmpty else { return nil }
        var groups: [(text: String, envs: [String])] = []
        for (cell, obj) in zip(prod, objects) {
            let text = differing.map { k in "\(k)=\(obj[k].map { short($0) } ?? "(absent)")" }.joined(separator: ", ")
            if let i = groups.firstIndex(where: { $0.text == text }) {
                groups[i].envs.append(label(cell.environment))
            } else {
                groups.append((text, [label(cell.environment)]))
            }
        }
        return "production values differ: " + groups.map { "\($0.text) in \($0.envs.joined(separator: ", "))" }.joined(separator: "; ")
    }

    private static func sameAttributes(_ a: JSONValue?, _ b: JSONValue?) -> Bool {
        switch (a, b) {
        case (nil, nil): true
        case (.object(let x)?, .object(let y)?): x == y
        case (.object(let x)?, nil), (nil, .object(let x)?): x.isEmpty
        default: false // not objects: let the full comparison decide
        }
    }

    static func short(_ v: JSONValue) -> String {
        let s = JSONSerializer.serialize(v)
        let scalars = s.unicodeScalars
        return scalars.count <= 60 ? s : String(String.UnicodeScalarView(scalars.prefix(59))) + "…"
    }
}

/// How much of the fleet a flag's verdicts could not see, in words for its reasons.
struct UnreadableSummary: Hashable {
    let text: String

    /// nil when nothing is unreadable.
    init?(_ parts: [UnreadablePart]) {
        guard !parts.isEmpty else { return nil }
        let regions = parts.filter { $0.application == nil }.count
        let environments = parts.filter { $0.environment != nil }.count
        let apps = parts.count - regions - environments
        var pieces: [String] = []
        if regions > 0 { pieces.append("\(regions) account/region\(regions == 1 ? "" : "s")") }
        if apps > 0 { pieces.append("\(apps) application\(apps == 1 ? "" : "s")") }
        if environments > 0 { pieces.append("\(environments) environment\(environments == 1 ? "" : "s")") }
        text = pieces.joined(separator: " and ") + " unreadable"
    }
}

/// The stale and dead reason texts, written once per date during a derivation: thousands of
/// flags share the date of the deployment that last changed them.
final class VerdictTexts {
    private struct Key: Hashable { var kind: VerdictKind; var since: Date; var lowerBound: Bool; var unreadable: UnreadableSummary? }
    private var texts: [Key: String] = [:]

    static func text(_ kind: VerdictKind, since: Date, lowerBound: Bool, asOf: Date, unreadable: UnreadableSummary?,
                     cache: VerdictTexts?) -> String {
        guard let cache else { return write(kind, since: since, lowerBound: lowerBound, asOf: asOf, unreadable: unreadable) }
        let key = Key(kind: kind, since: since, lowerBound: lowerBound, unreadable: unreadable)
        if let known = cache.texts[key] { return known }
        let text = write(kind, since: since, lowerBound: lowerBound, asOf: asOf, unreadable: unreadable)
        cache.texts[key] = text
        return text
    }

    private static func write(_ kind: VerdictKind, since latest: Date, lowerBound: Bool, asOf: Date,
                              unreadable: UnreadableSummary?) -> String {
        let everywhere = unreadable == nil ? "everywhere" : "everywhere readable"
        let days = UTCDate.wholeDays(from: latest, to: asOf)
        let tail = unreadable.map { "; " + $0.text } ?? ""
        if kind == .stale {
            let date = UTCDate.format(latest) + (lowerBound ? " or earlier" : "")
            return "on \(everywhere) since \(date), \(days) days\(tail)"
        }
        return "off \(everywhere) since \(UTCDate.format(latest)), \(days) days\(tail)"
    }
}
