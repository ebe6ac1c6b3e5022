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
    /// nil: AppConfig native (and every snapshot stored before Powertools was read).
    public var dialect: FlagDialect?

    public var isPowertools: Bool { dialect == .powertools }

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
        dialect = document.dialect == .powertools ? .powertools : nil
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
    /// Set when this environment could not be read now and its cells are the last known
    /// ones, read by an earlier scan at this moment.
    public var lastReadAt: Date?
}

/// A part of the fleet this scan could not read: a whole account/region, or one
/// application in it.
public struct UnreadablePart: Sendable, Hashable, Codable, Comparable, CustomStringConvertible {
    public var account: String
    public var accountId: String?
    public var region: String
    /// nil: the whole account/region.
    public var application: String?
    /// With `application`: only this environment of it (its deployments could not be read).
    public var environment: String?

    public init(account: String, accountId: String?, region: String, application: String? = nil,
                environment: String? = nil) {
        self.account = account
        self.accountId = accountId
        self.region = region
        self.application = application
        self.environment = application == nil ? nil : environment
    }

    /// `payments-prod/eu-west-1`, `payments-prod/eu-west-1/checkout` or `.../checkout/prod`.
    public var description: String {
        [account, region, application, environment].compactMap { $0 }.joined(separator: "/")
    }

    public static func < (a: Self, b: Self) -> Bool {
        (a.account, a.region, a.application ?? "", a.environment ?? "") < (b.account, b.region, b.application ?? "", b.environment ?? "")
    }

    /// The region of a part whose regions are unknown: an account discovered with
    /// `regions: all` whose enabled regions could not be listed. It covers every region.
    public static let everyRegion = "*"

    /// Whether `environment` lies in this part.
    public func contains(_ environment: EnvironmentID) -> Bool {
        (region == Self.everyRegion || environment.region == region)
            && (accountId.map { $0 == environment.accountId } ?? (environment.accountName == account))
            && (application.map { $0 == environment.applicationName } ?? true)
            && (self.environment.map { $0 == environment.environmentName } ?? true)
    }
}

public struct FlagRow: Sendable, Hashable, Codable {
    public var flag: FlagID
    public var definition: FlagDefinitionSummary?
    /// One cell per environment of the flag's application, in `FleetSnapshot.environments`
    /// order; cells with `lastReadAt` are last known values of unreadable environments.
    public var cells: [FlagCell]
    public var verdicts: [Verdict]
    /// Unreadable parts where this flag may live: its verdicts rest on the readable rest.
    public var unreadable: [UnreadablePart] = []
    /// Facts that are no verdict but explain one's absence ("absent in prod: not promoted").
    public var notes: [String] = []
    /// What is wrong with the flag's documents (a malformed deprecation date).
    public var problems: [String] = []
    /// Every distinct deprecation date, when the served documents disagree.
    public var deprecationDates: [String] = []

    public init(flag: FlagID, definition: FlagDefinitionSummary?, cells: [FlagCell], verdicts: [Verdict],
                unreadable: [UnreadablePart] = [], notes: [String] = [], problems: [String] = [],
                deprecationDates: [String] = []) {
        self.flag = flag
        self.definition = definition
        self.cells = cells
        self.verdicts = verdicts
        self.unreadable = unreadable
        self.notes = notes
        self.problems = problems
        self.deprecationDates = deprecationDates
    }

    /// Snapshots stored before a field existed decode with its empty value.
    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        flag = try c.decode(FlagID.self, forKey: .flag)
        definition = try c.decodeIfPresent(FlagDefinitionSummary.self, forKey: .definition)
        cells = try c.decode([FlagCell].self, forKey: .cells)
        verdicts = try c.decode([Verdict].self, forKey: .verdicts)
        unreadable = try c.decodeIfPresent([UnreadablePart].self, forKey: .unreadable) ?? []
        notes = try c.decodeIfPresent([String].self, forKey: .notes) ?? []
        problems = try c.decodeIfPresent([String].self, forKey: .problems) ?? []
        deprecationDates = try c.decodeIfPresent([String].self, forKey: .deprecationDates) ?? []
    }

    public func cell(for environment: EnvironmentID) -> FlagCell? { cells.first { $0.environment == environment } }
    public func has(_ kind: VerdictKind) -> Bool { verdicts.contains { $0.kind == kind } }
    public var reasons: [String] { verdicts.map(\.description) }
    /// No unreadable part may hold this flag.
    public var isComplete: Bool { unreadable.isEmpty }
}

/// The whole fleet at one moment: what the UI draws, `scan` prints and the store keeps.
public struct FleetSnapshot: Sendable, Hashable, Codable {
    public var asOf: Date
    public var environments: [EnvironmentSummary]
    /// Sorted by flag identity.
    public var rows: [FlagRow]
    /// What this scan could not read (sorted).
    public var unreadable: [UnreadablePart] = []

    public init(asOf: Date, environments: [EnvironmentSummary], rows: [FlagRow], unreadable: [UnreadablePart] = []) {
        self.asOf = asOf
        self.environments = environments
        self.rows = rows
        self.unreadable = unreadable
    }

    public init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        asOf = try c.decode(Date.self, forKey: .asOf)
        environments = try c.decode([EnvironmentSummary].self, forKey: .environments)
        rows = try c.decode([FlagRow].self, forKey: .rows)
        unreadable = try c.decodeIfPresent([UnreadablePart].self, forKey: .unreadable) ?? []
    }

    /// Every part of the fleet in scope was read.
    public var isComplete: Bool { unreadable.isEmpty }

    /// Derives every cell and verdict from raw fleet data. Pure: same input, same snapshot.
    public static func derive(from input: FleetInput, policy: RetirementPolicy) -> FleetSnapshot {
        let input = input.asOf(policy.asOf)
        return derive(from: input, policy: policy, prints: input.profiles.map(HostedPrints.init))
    }

    /// `prints[i]` holds the fingerprints of `input.profiles[i]` (shared with `ScanResult.build`);
    /// `input` is already as of `policy.asOf`.
    static func derive(from input: FleetInput, policy: RetirementPolicy, prints: [HostedPrints]) -> FleetSnapshot {
        FleetDerivation(input: input, policy: policy, prints: prints).snapshot()
    }
}
