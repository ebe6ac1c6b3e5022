import Foundation

/// What the dashboard shows of a flag's definition.
public struct FlagDefinitionSummary: Sendable, Hashable, Codable {
    public struct Attribute: Sendable, Hashable, Codable {
        public var name: String
        /// `string`, `number`, `boolean`, `string[]`, `number[]`; nil without constraints.
        public var type: String?
        public var required: Bool
    }
    public var name: String?
    public var description: String?
    public var deprecation: Deprecation?
    public var attributes: [Attribute]
    public var isMultiVariant: Bool

    public init(definition: FlagDefinition?, value: FlagValue?) {
        name = definition?.name
        description = definition?.description
        deprecation = definition?.deprecation
        attributes = definition.map { Self.attributes(of: $0) } ?? []
        isMultiVariant = value?.isMultiVariant ?? false
    }

    /// The summary of `key` in `document`, read in place (no copy of the whole definition).
    init(key: String, in document: FeatureFlagDocument) {
        let isMultiVariant = document.valueIndex[key].map { document.values[$0].isMultiVariant } ?? false
        self.init(definition: document.definitionIndex[key], isMultiVariant: isMultiVariant, in: document)
    }

    /// The summary of `document.definitions[definition]` (nil: none).
    init(definition d: Int?, isMultiVariant: Bool, in document: FeatureFlagDocument) {
        self.isMultiVariant = isMultiVariant
        if let d {
            name = document.definitions[d].name
            description = document.definitions[d].description
            deprecation = document.definitions[d].deprecation
            attributes = document.definitions[d].attributes.map {
                Attribute(name: $0.key, type: $0.constraint?.displayType, required: $0.constraint?.required ?? false)
            }
        } else {
            attributes = []
        }
    }

    private static func attributes(of definition: FlagDefinition) -> [Attribute] {
        definition.attributes.map {
            Attribute(name: $0.key, type: $0.constraint?.displayType, required: $0.constraint?.required ?? false)
        }
    }
}

public struct EnvironmentSummary: Sendable, Hashable, Codable {
    public var id: EnvironmentID
    public var isProduction: Bool
    /// Per profile: why this environment's state is unknown ("checkout-flags: version 7 was not fetched").
    public var problems: [String]
}

public struct FlagRow: Sendable, Hashable, Codable {
    public var flag: FlagID
    public var definition: FlagDefinitionSummary?
    /// One cell per environment of the flag's application, in `FleetSnapshot.environments` order.
    public var cells: [FlagCell]
    public var verdicts: [Verdict]

    public func cell(for environment: EnvironmentID) -> FlagCell? { cells.first { $0.environment == environment } }
    public func has(_ kind: VerdictKind) -> Bool { verdicts.contains { $0.kind == kind } }
    public var reasons: [String] { verdicts.map(\.description) }
}

/// The whole fleet at one moment: what the UI draws, `scan` prints and the store keeps.
public struct FleetSnapshot: Sendable, Hashable, Codable {
    public var asOf: Date
    public var environments: [EnvironmentSummary]
    /// Sorted by flag identity.
    public var rows: [FlagRow]

    public init(asOf: Date, environments: [EnvironmentSummary], rows: [FlagRow]) {
        self.asOf = asOf
        self.environments = environments
        self.rows = rows
    }

    /// Derives every cell and verdict from raw fleet data. Pure: same input, same snapshot.
    public static func derive(from input: FleetInput, policy: RetirementPolicy) -> FleetSnapshot {
        derive(from: input, policy: policy, prints: input.profiles.map(HostedPrints.init))
    }

    /// `prints[i]` holds the fingerprints of `input.profiles[i]` (shared with `ScanResult.build`).
    static func derive(from input: FleetInput, policy: RetirementPolicy, prints: [HostedPrints]) -> FleetSnapshot {
        struct PairKey: Hashable { var env: EnvironmentID; var profile: ProfileRef }
        struct Identity: Hashable { var app: String; var profile: String }
        struct Place: Hashable { var accountId: String; var region: String; var app: String }
        /// The flags of one application/profile across the fleet and its environment columns.
        struct Group {
            var id: Identity
            var members: [Int] = []
            var keys: [String] = []
            var seen: Set<String> = []
            var columns: [(order: Int, column: Column)] = []
            var servedDocs: [FeatureFlagDocument] = []
        }

        var envs = Set(input.environments)
        for h in input.histories { envs.insert(h.environment) }
        let sortedEnvs = envs.sorted()
        // Environment indices (ascending) per account, region and application: `belongs`, grouped.
        var envsByPlace: [Place: [Int]] = [:]
        for (i, e) in sortedEnvs.enumerated() {
            envsByPlace[Place(accountId: e.accountId, region: e.region, app: e.applicationName), default: []].append(i)
        }

        var histories: [PairKey: [Deployment]] = [:]
        for h in input.histories { histories[PairKey(env: h.environment, profile: h.profile), default: []] += h.deployments }
        let profiles = input.profiles.indices.sorted {
            let a = input.profiles[$0].profile, b = input.profiles[$1].profile
            return (a.accountId, a.region, a.profileName, a.profileId) < (b.accountId, b.region, b.profileName, b.profileId)
        }
        func placeEnvs(_ p: ProfileRef) -> [Int] {
            envsByPlace[Place(accountId: p.accountId, region: p.region, app: p.applicationName)] ?? []
        }

        // Every flag key per identity, from the versions anyone serves, deploys or holds as
        // latest, in order of first sight (each version's keys are read once).
        var groups: [Group] = []
        var groupOf: [Identity: Int] = [:]
        var groupOfProfile = [Int](repeating: -1, count: input.profiles.count)
        for p in profiles {
            let hosted = input.profiles[p]
            let id = Identity(app: hosted.profile.applicationName, profile: hosted.profile.profileName)
            let g: Int
            if let known = groupOf[id] { g = known } else { g = groups.count; groupOf[id] = g; groups.append(Group(id: id)) }
            groupOfProfile[p] = g
            groups[g].members.append(p)
            if groups[g].seen.isEmpty, let v = hosted.latestVersion, let vp = prints[p].version(v) {
                groups[g].seen.reserveCapacity(vp.keys.count)
                groups[g].keys.reserveCapacity(vp.keys.count)
            }
            var versions: [Int] = []
            var seenVersions: Set<Int> = []
            if let v = hosted.latestVersion, seenVersions.insert(v).inserted { versions.append(v) }
            for e in placeEnvs(hosted.profile) {
                for d in histories[PairKey(env: sortedEnvs[e], profile: hosted.profile)] ?? []
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

        // One column per profile and environment, in profile then environment order.
        var problems: [EnvironmentID: [String]] = [:]
        for p in profiles {
            let hosted = input.profiles[p], g = groupOfProfile[p]
            let keys = groups[g].keys
            var aligned: [Int: AlignedValues?] = [:]
            for e in placeEnvs(hosted.profile) {
                let env = sortedEnvs[e]
                let ordered = FlagDerivation.sortedDeployments(histories[PairKey(env: env, profile: hosted.profile)] ?? [])
                let column = Column(environment: env, ordered: ordered, prints: prints[p], keys: keys, aligned: &aligned)
                if let problem = column.problem { problems[env, default: []].append("\(hosted.profile.profileName): \(problem)") }
                groups[g].columns.append((e, column))
                if let served = column.served, case .parsed(let doc)? = hosted.documents[served.configurationVersion] {
                    groups[g].servedDocs.append(doc)
                }
            }
        }

        let production = sortedEnvs.map(policy.isProduction)
        let texts = VerdictTexts()
        var rows: [FlagRow] = []
        rows.reserveCapacity(groups.reduce(0) { $0 + $1.keys.count })
        for group in groups.sorted(by: { ($0.id.app, $0.id.profile) < ($1.id.app, $1.id.profile) }) {
            let keys = group.keys
            // Cells in environment order; a stable sort keeps profile order within one environment.
            let sortedColumns = group.columns.enumerated()
                .sorted { ($0.element.order, $0.offset) < ($1.element.order, $1.offset) }
                .map(\.element)
            let columns = sortedColumns.map(\.column)
            let columnProduction = sortedColumns.map { production[$0.order] }

            // The definition from the first profile whose latest version has the flag, else
            // from a served version.
            var definitions = [FlagDefinitionSummary?](repeating: nil, count: keys.count)
            for p in group.members {
                guard let latest = input.profiles[p].latestVersion, let vp = prints[p].version(latest) else { continue }
                for i in keys.indices where definitions[i] == nil {
                    guard let at = vp.position(of: keys[i], hint: i) else { continue }
                    definitions[i] = vp.summary(at)
                }
            }
            for i in keys.indices where definitions[i] == nil {
                let k = keys[i]
                if let doc = group.servedDocs.first(where: { $0.definitionIndex[k] != nil || $0.valueIndex[k] != nil }) {
                    definitions[i] = FlagDefinitionSummary(key: k, in: doc)
                }
            }

            for i in keys.indices.sorted(by: { keys[$0] < keys[$1] }) {
                let f = FlagID(application: group.id.app, profile: group.id.profile, key: keys[i])
                let cells = columns.map { $0.cell(i) }
                let definition = definitions[i].take() // each key is visited once
                let verdicts = Verdicts.judge(flag: f, definition: definition, cells: cells, policy: policy,
                                              production: columnProduction, texts: texts)
                rows.append(FlagRow(flag: f, definition: definition, cells: cells, verdicts: verdicts))
            }
        }
        let summaries = sortedEnvs.indices.map {
            EnvironmentSummary(id: sortedEnvs[$0], isProduction: production[$0], problems: problems[sortedEnvs[$0]] ?? [])
        }
        return FleetSnapshot(asOf: policy.asOf, environments: summaries, rows: rows)
    }

    static func belongs(_ e: EnvironmentID, _ p: ProfileRef) -> Bool {
        e.accountId == p.accountId && e.region == p.region && e.applicationName == p.applicationName
    }
}
