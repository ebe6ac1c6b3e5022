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
    ///
    /// Boundaries: stale and dead need *at least* the threshold in whole seconds
    /// (exactly 30 × 86,400 s is stale, one second less is not); overdue needs the
    /// deprecation date to be strictly before the UTC day of `asOf`. Any `unknown` cell
    /// blocks stale and dead: a retirement verdict must not rest on a guess.
    public static func judge(flag: FlagID, definition: FlagDefinitionSummary?, cells: [FlagCell],
                             policy: RetirementPolicy) -> [Verdict] {
        judge(flag: flag, definition: definition, cells: cells, policy: policy, production: cells.map { policy.isProduction($0.environment) })
    }

    /// `production[i]` says whether `cells[i]` is in a production environment.
    static func judge(flag: FlagID, definition: FlagDefinitionSummary?, cells: [FlagCell],
                      policy: RetirementPolicy, production: [Bool]) -> [Verdict] {
        var out: [Verdict] = []
        let permanent = policy.permanentReason(flag)

        if let deprecation = definition?.deprecation, deprecation.status == "planned" {
            out.append(Verdict(.shortTerm, "planned for deprecation" + (deprecation.date.map { " on \($0)" } ?? "")))
            if permanent == nil, let date = deprecation.date, let day = UTCDate.dayNumber(of: date),
               day < UTCDate.dayNumber(of: policy.asOf)
            {
                out.append(Verdict(.overdue, "deprecation date \(date) passed"))
            }
        }

        // One pass, no copies of the cells: this runs for every flag of the fleet.
        var known = true, moving = false, existing = 0, onCount = 0, offCount = 0
        var latestValueSince: Date?, latestStateSince: Date?, missingSince = false, lowerBound = false
        for c in cells {
            if c.rollingOutPercent != nil { moving = true }
            switch c.state {
            case .unknown: known = false
            case .absent:
                if let d = c.stateSince { latestStateSince = max(latestStateSince ?? d, d) }
            case .on, .off, .variants:
                existing += 1
                if c.state == .on { onCount += 1 }
                if c.state == .off { offCount += 1 }
                let since = c.state == .on ? c.since : c.stateSince
                if let d = since {
                    if c.state == .on { latestValueSince = max(latestValueSince ?? d, d) }
                    if c.state == .off { latestStateSince = max(latestStateSince ?? d, d) }
                } else {
                    missingSince = true
                }
                if c.sinceIsLowerBound { lowerBound = true }
            }
        }

        if permanent == nil, known, !moving, existing > 0, onCount == existing, !missingSince,
           let latest = latestValueSince, reached(policy.rolledOutDays, from: latest, to: policy.asOf)
        {
            let date = UTCDate.format(latest) + (lowerBound ? " or earlier" : "")
            out.append(Verdict(.stale, "on everywhere since \(date), \(UTCDate.wholeDays(from: latest, to: policy.asOf)) days"))
        }

        // Absent cells count only where the flag was removed (served before, then gone).
        if permanent == nil, known, !moving, existing > 0, offCount == existing, !missingSince,
           let latest = latestStateSince, reached(policy.deadDays, from: latest, to: policy.asOf)
        {
            out.append(Verdict(.dead, "off everywhere since \(UTCDate.format(latest)), \(UTCDate.wholeDays(from: latest, to: policy.asOf)) days"))
        }

        if let drift = driftReason(cells: cells, production: production) { out.append(Verdict(.drift, drift)) }
        if let permanent { out.append(Verdict(.permanent, permanent)) }
        return out
    }

    static func reached(_ days: Int, from: Date, to: Date) -> Bool {
        to.timeIntervalSince(from) >= TimeInterval(days) * UTCDate.secondsPerDay
    }

    static func label(_ e: EnvironmentID) -> String { "\(e.accountName)/\(e.region)/\(e.environmentName)" }

    /// On in some production environments and off in others, or production environments
    /// serving different attribute values (or variants).
    static func driftReason(cells: [FlagCell], production: [Bool]) -> String? {
        var count = 0
        for (c, p) in zip(cells, production) where p && (c.state == .on || c.state == .off || c.state == .variants) { count += 1 }
        guard count >= 2 else { return nil }
        let prod = zip(cells, production).filter { $0.1 && ($0.0.state == .on || $0.0.state == .off || $0.0.state == .variants) }
            .map(\.0).sorted { $0.environment < $1.environment }
        guard prod.count >= 2 else { return nil }
        let states = Set(prod.map(\.state))
        if states.count > 1 {
            return [CellState.on, .off, .variants].compactMap { s in
                let envs = prod.filter { $0.state == s }.map { label($0.environment) }
                return envs.isEmpty ? nil : "\(s.rawValue) in \(envs.joined(separator: ", "))"
            }.joined(separator: "; ")
        }
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

    static func short(_ v: JSONValue) -> String {
        let s = JSONSerializer.serialize(v)
        let scalars = s.unicodeScalars
        return scalars.count <= 60 ? s : String(String.UnicodeScalarView(scalars.prefix(59))) + "…"
    }
}
