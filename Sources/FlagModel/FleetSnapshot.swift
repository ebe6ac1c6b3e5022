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
        attributes = definition?.attributes.map {
            Attribute(name: $0.key, type: $0.constraint?.displayType, required: $0.constraint?.required ?? false)
        } ?? []
        isMultiVariant = value?.isMultiVariant ?? false
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
        struct PairKey: Hashable { var env: EnvironmentID; var profile: ProfileRef }
        struct Identity: Hashable { var app: String; var profile: String }

        var envs = Set(input.environments)
        for h in input.histories { envs.insert(h.environment) }
        let sortedEnvs = envs.sorted()

        var histories: [PairKey: [Deployment]] = [:]
        for h in input.histories { histories[PairKey(env: h.environment, profile: h.profile), default: []] += h.deployments }
        let profiles = input.profiles.sorted {
            ($0.profile.accountId, $0.profile.region, $0.profile.profileName, $0.profile.profileId)
                < ($1.profile.accountId, $1.profile.region, $1.profile.profileName, $1.profile.profileId)
        }

        // Every flag key per identity, from the versions anyone serves, deploys or holds as latest.
        var keysByIdentity: [Identity: [String]] = [:]
        var seenKeys: [Identity: Set<String>] = [:]
        func addKeys(_ hosted: HostedProfile, _ version: Int?) {
            guard let version, case .parsed(let doc)? = hosted.documents[version] else { return }
            let id = Identity(app: hosted.profile.applicationName, profile: hosted.profile.profileName)
            for k in doc.flagKeys where seenKeys[id, default: []].insert(k).inserted { keysByIdentity[id, default: []].append(k) }
        }
        for hosted in profiles {
            addKeys(hosted, hosted.latestVersion)
            for e in sortedEnvs where belongs(e, hosted.profile) {
                for d in histories[PairKey(env: e, profile: hosted.profile)] ?? [] { addKeys(hosted, d.configurationVersion) }
            }
        }

        let envOrder = Dictionary(uniqueKeysWithValues: sortedEnvs.enumerated().map { ($1, $0) })
        // Per identity, cells aligned with its key list: no per-cell hashing of flag ids.
        var cellsByIdentity: [Identity: [[(order: Int, cell: FlagCell)]]] = [:]
        var definitions: [Identity: [String: FlagDefinitionSummary]] = [:]
        var servedDocs: [Identity: [FeatureFlagDocument]] = [:]
        var problems: [EnvironmentID: [String]] = [:]
        for hosted in profiles {
            let id = Identity(app: hosted.profile.applicationName, profile: hosted.profile.profileName)
            let keys = keysByIdentity[id] ?? []
            var cache = DocumentValueCache(hosted: hosted, keys: keys)
            if case .parsed(let doc)? = hosted.latestVersion.flatMap({ hosted.documents[$0] }) {
                for k in doc.flagKeys where definitions[id]?[k] == nil {
                    definitions[id, default: [:]][k] = FlagDefinitionSummary(definition: doc.definition(k), value: doc.value(k))
                }
            }
            var perKey = cellsByIdentity[id] ?? Array(repeating: [], count: keys.count)
            for e in sortedEnvs where belongs(e, hosted.profile) {
                let deployments = FlagDerivation.sortedDeployments(histories[PairKey(env: e, profile: hosted.profile)] ?? [])
                let (state, cells) = FlagDerivation.derive(environment: e, hosted: hosted, ordered: deployments, cache: &cache)
                if let p = state.problem { problems[e, default: []].append("\(hosted.profile.profileName): \(p)") }
                let order = envOrder[e]!
                for (i, c) in cells.enumerated() { perKey[i].append((order, c)) }
                if let served = state.served, case .parsed(let doc)? = hosted.documents[served.configurationVersion] {
                    servedDocs[id, default: []].append(doc)
                }
            }
            cellsByIdentity[id] = perKey
        }

        let production = sortedEnvs.map(policy.isProduction)
        var rows: [FlagRow] = []
        for (id, perKey) in cellsByIdentity.sorted(by: { ($0.key.app, $0.key.profile) < ($1.key.app, $1.key.profile) }) {
            let keys = keysByIdentity[id] ?? []
            for i in keys.indices.sorted(by: { keys[$0] < keys[$1] }) {
                let f = FlagID(application: id.app, profile: id.profile, key: keys[i])
                // Fall back to a served definition when no latest version could be read.
                let def = definitions[id]?[keys[i]] ?? servedDocs[id]?.first { $0.definition(keys[i]) != nil || $0.value(keys[i]) != nil }
                    .map { FlagDefinitionSummary(definition: $0.definition(keys[i]), value: $0.value(keys[i])) }
                let ordered = perKey[i].sorted { $0.order < $1.order }
                let cells = ordered.map(\.cell)
                rows.append(FlagRow(flag: f, definition: def, cells: cells,
                                    verdicts: Verdicts.judge(flag: f, definition: def, cells: cells, policy: policy,
                                                             production: ordered.map { production[$0.order] })))
            }
        }
        let summaries = sortedEnvs.map {
            EnvironmentSummary(id: $0, isProduction: policy.isProduction($0), problems: problems[$0] ?? [])
        }
        return FleetSnapshot(asOf: policy.asOf, environments: summaries, rows: rows)
    }

    static func belongs(_ e: EnvironmentID, _ p: ProfileRef) -> Bool {
        e.accountId == p.accountId && e.region == p.region && e.applicationName == p.applicationName
    }
}
