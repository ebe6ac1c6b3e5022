import Foundation

/// `FleetSnapshot.derive`, step by step: environments → histories → flag keys per
/// application/profile → one column per profile and environment → rows (definition,
/// deprecation, cells, verdicts, what could not be read).
///
/// Rows of one application/profile share their columns: everything that does not depend
/// on the flag is settled once per column (`Column`), so a cell is a few comparisons.
struct FleetDerivation {
    let input: FleetInput
    let policy: RetirementPolicy
    let prints: [HostedPrints]

    private struct PairKey: Hashable { var env: EnvironmentID; var profile: ProfileRef }
    private struct Identity: Hashable { var app: String; var profile: String }
    private struct Place: Hashable { var accountId: String; var region: String; var app: String }

    /// The flags of one application/profile across the fleet and its environment columns.
    private struct Group {
        var id: Identity
        var members: [Int] = []
        var keys: [String] = []
        var seen: Set<String> = []
        var columns: [(order: Int, column: Column)] = []
    }

    /// Environments in snapshot order: every one read now, plus those of unreadable parts
    /// that an earlier scan saw (their cells are carried over, greyed).
    private struct Environments {
        var sorted: [EnvironmentID]
        var index: [EnvironmentID: Int]
        var lastReadAt: [EnvironmentID: Date]
        var byPlace: [Place: [Int]]
        var production: [Bool]
    }

    func snapshot() -> FleetSnapshot {
        let environments = collectEnvironments()
        let histories = indexHistories()
        let profiles = sortedProfiles()
        var groups = collectKeys(profiles: profiles, environments: environments, histories: histories)
        let problems = buildColumns(&groups, profiles: profiles, environments: environments, histories: histories)
        let unreadable = UnreadableScope(parts: input.unreadable, earlier: input.earlier?.snapshot)
        let carried = CarriedCells(earlier: input.earlier, environments: environments.lastReadAt)

        let texts = VerdictTexts()
        var rows: [FlagRow] = []
        rows.reserveCapacity(groups.reduce(0) { $0 + $1.keys.count })
        var seen = Set<FlagID>()
        for group in groups.sorted(by: { ($0.id.app, $0.id.profile) < ($1.id.app, $1.id.profile) }) {
            rows += buildRows(group, environments: environments, unreadable: unreadable, carried: carried, texts: texts)
            if !carried.isEmpty { for r in rows.suffix(group.keys.count) { seen.insert(r.flag) } }
        }
        if !carried.isEmpty {
            rows += carried.rowsOnlyKnownEarlier(excluding: seen, unreadable: unreadable, policy: policy)
            rows.sort { $0.flag < $1.flag }
        }
        let summaries = environments.sorted.indices.map { i in
            let id = environments.sorted[i]
            return EnvironmentSummary(id: id, isProduction: environments.production[i], problems: problems[id] ?? [],
                                      lastReadAt: environments.lastReadAt[id])
        }
        return FleetSnapshot(asOf: policy.asOf, environments: summaries, rows: rows, unreadable: input.unreadable.sorted())
    }

    // MARK: - Steps

    private func collectEnvironments() -> Environments {
        var fresh = Set(input.environments)
        for h in input.histories { fresh.insert(h.environment) }
        var lastReadAt: [EnvironmentID: Date] = [:]
        if let earlier = input.earlier, !input.unreadable.isEmpty {
            for e in earlier.snapshot.environments where !fresh.contains(e.id) {
                if input.unreadable.contains(where: { $0.contains(e.id) }) { lastReadAt[e.id] = e.lastReadAt ?? earlier.scannedAt }
            }
        }
        let sorted = (fresh.union(lastReadAt.keys)).sorted()
        var index: [EnvironmentID: Int] = [:], byPlace: [Place: [Int]] = [:]
        index.reserveCapacity(sorted.count)
        for (i, e) in sorted.enumerated() {
            index[e] = i
            byPlace[Place(accountId: e.accountId, region: e.region, app: e.applicationName), default: []].append(i)
        }
        return Environments(sorted: sorted, index: index, lastReadAt: lastReadAt, byPlace: byPlace,
                            production: sorted.map(policy.isProduction))
    }

    private func indexHistories() -> [PairKey: [Deployment]] {
        var histories: [PairKey: [Deployment]] = [:]
        for h in input.histories { histories[PairKey(env: h.environment, profile: h.profile), default: []] += h.deployments }
        return histories
    }

    private func sortedProfiles() -> [Int] {
        input.profiles.indices.sorted {
            let a = input.profiles[$0].profile, b = input.profiles[$1].profile
            return (a.accountId, a.region, a.profileName, a.profileId) < (b.accountId, b.region, b.profileName, b.profileId)
        }
    }

    private func placeEnvironments(_ p: ProfileRef, _ environments: Environments) -> [Int] {
        (environments.byPlace[Place(accountId: p.accountId, region: p.region, app: p.applicationName)] ?? [])
            .filter { environments.lastReadAt[environments.sorted[$0]] == nil }
    }

    /// Every flag key per identity, from the versions anyone serves, deploys or holds as
    /// latest, in order of first sight (each version's keys are read once).
    private func collectKeys(profiles: [Int], environments: Environments,
                             histories: [PairKey: [Deployment]]) -> [Group] {
        var groups: [Group] = []
        var groupOf: [Identity: Int] = [:]
        for p in profiles {
            let hosted = input.profiles[p]
            let id = Identity(app: hosted.profile.applicationName, profile: hosted.profile.profileName)
            let g: Int
            if let known = groupOf[id] { g = known } else { g = groups.count; groupOf[id] = g; groups.append(Group(id: id)) }
            groups[g].members.append(p)
            if groups[g].seen.isEmpty, let v = hosted.latestVersion, let vp = prints[p].version(v) {
                groups[g].seen.reserveCapacity(vp.keys.count)
                groups[g].keys.reserveCapacity(vp.keys.count)
            }
            var versions: [Int] = []
            var seenVersions: Set<Int> = []
            if let v = hosted.latestVersion, seenVersions.insert(v).inserted { versions.append(v) }
            for e in placeEnvironments(hosted.profile, environments) {
                for d in histories[PairKey(env: environments.sorted[e], profile: hosted.profile)] ?? []
                where seenVersions.insert(d.configurationVersion).inserted {
                    versions.append(d.configurationVersion)
                }
            }
            var added: [String]? // the key list last added in full: versions often repeat it
            for v in versions {
                guard let vp = prints[p].version(v) else { continue }
                if let added, added == vp.keys { continue }
                for k in vp.keys where groups[g].seen.insert(k).inserted { groups[g].keys.append(k) }
                added = vp.keys
            }
        }
        return groups
    }

    /// One column per profile and environment, in profile then environment order.
    /// Returns the problems per environment ("checkout-flags: version 7 was not fetched").
    private func buildColumns(_ groups: inout [Group], profiles: [Int], environments: Environments,
                              histories: [PairKey: [Deployment]]) -> [EnvironmentID: [String]] {
        var problems: [EnvironmentID: [String]] = [:]
        var groupOf: [Identity: Int] = [:]
        for (g, group) in groups.enumerated() { groupOf[group.id] = g }
        for p in profiles {
            let hosted = input.profiles[p]
            let g = groupOf[Identity(app: hosted.profile.applicationName, profile: hosted.profile.profileName)]!
            let keys = groups[g].keys
            var aligned: [Int: AlignedValues?] = [:]
            for e in placeEnvironments(hosted.profile, environments) {
                let env = environments.sorted[e]
                let ordered = FlagDerivation.sortedDeployments(histories[PairKey(env: env, profile: hosted.profile)] ?? [])
                let column = Column(environment: env, ordered: ordered, prints: prints[p], keys: keys,
                                    latestVersion: hosted.latestVersion, aligned: &aligned)
                if let problem = column.problem { problems[env, default: []].append("\(hosted.profile.profileName): \(problem)") }
                groups[g].columns.append((e, column))
            }
        }
        return problems
    }

    /// The rows of one application/profile, sorted by key.
    private func buildRows(_ group: Group, environments: Environments, unreadable: UnreadableScope,
                           carried: CarriedCells, texts: VerdictTexts) -> [FlagRow] {
        let keys = group.keys
        // Cells in environment order; a stable sort keeps profile order within one environment.
        let sortedColumns = group.columns.enumerated()
            .sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }
            .map(\.element)
        let columns = sortedColumns.map(\.column)
        let columnProduction = sortedColumns.map { environments.production[$0.order] }
        var definitions = pickDefinitions(group, columns: columns)
        let deprecations = DeprecationSources(columns: columns, production: columnProduction, keys: keys)
        let parts = unreadable.parts(forApplication: group.id.app)
        let summary = UnreadableSummary(parts)

        var rows: [FlagRow] = []
        rows.reserveCapacity(keys.count)
        for i in keys.indices.sorted(by: { keys[$0] < keys[$1] }) {
            let f = FlagID(application: group.id.app, profile: group.id.profile, key: keys[i])
            var cells = columns.map { $0.cell(i) }
            var definition = definitions[i].take() // each key is visited once
            let deprecation = deprecations.facts(key: i, fallback: definition?.deprecation)
            if definition != nil, deprecation.fromProduction { definition!.deprecation = deprecation.chosen }
            let verdicts = Verdicts.judge(flag: f, definition: definition, deprecationDates: deprecation.dates,
                                          cells: cells, policy: policy, production: columnProduction, texts: texts,
                                          unreadable: summary)
            let notes = Verdicts.promotionNotes(cells: cells)
            if !carried.isEmpty {
                let old = carried.cells(for: f)
                if !old.isEmpty {
                    cells += old
                    cells.sort { environments.index[$0.environment]! < environments.index[$1.environment]! }
                }
            }
            rows.append(FlagRow(flag: f, definition: definition, cells: cells, verdicts: verdicts, unreadable: parts,
                                notes: notes, problems: deprecation.problems, deprecationDates: deprecation.dates))
        }
        return rows
    }

    /// The definition from the first profile whose latest version has the flag, else from
    /// a version some environment serves.
    private func pickDefinitions(_ group: Group, columns: [Column]) -> [FlagDefinitionSummary?] {
        let keys = group.keys
        var definitions = [FlagDefinitionSummary?](repeating: nil, count: keys.count)
        for p in group.members {
            guard let latest = input.profiles[p].latestVersion, let vp = prints[p].version(latest) else { continue }
            for i in keys.indices where definitions[i] == nil {
                guard let at = vp.position(of: keys[i], hint: i) else { continue }
                definitions[i] = vp.summary(at)
            }
        }
        if definitions.contains(where: { $0 == nil }) {
            let served = columns.compactMap(\.servedPrints)
            for i in keys.indices where definitions[i] == nil {
                for vp in served {
                    if let at = vp.position(of: keys[i], hint: i) { definitions[i] = vp.summary(at); break }
                }
            }
        }
        return definitions
    }
}
