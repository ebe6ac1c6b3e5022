import Foundation

/// An emulated AWS account and the fake, emulator-only keys that sign as it.
public struct EmulatorAccount: Sendable, Codable, Hashable {
    public var accountId: String
    public var name: String
    public var accessKeyId: String
    public var secretAccessKey: String
    public var regions: [String]

    public init(accountId: String, name: String, accessKeyId: String, secretAccessKey: String, regions: [String]) {
        self.accountId = accountId
        self.name = name
        self.accessKeyId = accessKeyId
        self.secretAccessKey = secretAccessKey
        self.regions = regions
    }

    /// `AKID:SECRET:ACCOUNT` as given to `--credentials`.
    public init(credentialsSpec spec: String, regions: [String] = ["us-east-1"]) throws {
        let parts = spec.split(separator: ":", omittingEmptySubsequences: false).map(String.init)
        guard parts.count == 3, !parts[0].isEmpty, !parts[1].isEmpty,
              parts[2].count == 12, parts[2].allSatisfy(\.isNumber) else {
            throw EmulatorConfigError("credentials must be AKID:SECRET:ACCOUNT with a 12-digit account id, got \(spec.split(separator: ":").first ?? "")…")
        }
        self.init(accountId: parts[2], name: parts[2], accessKeyId: parts[0], secretAccessKey: parts[1], regions: regions)
    }
}

public struct EmulatorConfigError: Error, CustomStringConvertible, Sendable {
    public var description: String
    public init(_ description: String) { self.description = description }
}

/// Temporary credentials handed out by STS AssumeRole.
struct SessionRecord: Codable, Sendable {
    var accessKeyId: String
    var secretAccessKey: String
    var sessionToken: String
    var accountId: String
    var roleName: String
    var sessionName: String
    var expiration: Date
}

struct ApplicationRecord: Codable, Sendable {
    var id: String
    var name: String
    var description: String?
    var tags: [String: String] = [:]
}

struct MonitorRecord: Codable, Sendable, Equatable {
    var alarmArn: String
    var alarmRoleArn: String?
}

struct EnvironmentRecord: Codable, Sendable {
    var applicationId: String
    var id: String
    var name: String
    var description: String?
    var monitors: [MonitorRecord] = []
    var nextDeploymentNumber: Int = 1
}

struct ValidatorRecord: Codable, Sendable, Equatable {
    var type: String
    var content: String
}

struct ProfileRecord: Codable, Sendable {
    var applicationId: String
    var id: String
    var name: String
    var description: String?
    var locationUri: String
    var retrievalRoleArn: String?
    var validators: [ValidatorRecord] = []
    var type: String
    var kmsKeyIdentifier: String?
    var nextVersionNumber: Int = 1

    var isFeatureFlags: Bool { type == ProfileType.featureFlags }
    var isHosted: Bool { locationUri == "hosted" }
}

enum ProfileType {
    static let featureFlags = "AWS.AppConfig.FeatureFlags"
    static let freeform = "AWS.Freeform"
}

struct StrategyRecord: Codable, Sendable {
    var id: String
    var name: String
    var description: String?
    var deploymentDurationInMinutes: Int
    var growthType: String
    var growthFactor: Double
    var finalBakeTimeInMinutes: Int
    var replicateTo: String
}

struct HostedVersionRecord: Codable, Sendable {
    var applicationId: String
    var configurationProfileId: String
    var versionNumber: Int
    var description: String?
    var contentType: String
    var versionLabel: String?
    var content: Data
    var createdAt: Date
}

struct DeploymentRecord: Codable, Sendable {
    var applicationId: String
    var environmentId: String
    var deploymentNumber: Int
    var deploymentStrategyId: String
    var configurationProfileId: String
    var configurationName: String
    var configurationLocationUri: String
    var configurationVersion: String
    var versionLabel: String?
    var description: String?
    var deploymentDurationInMinutes: Int
    var growthType: String
    var growthFactor: Double
    var finalBakeTimeInMinutes: Int
    var startedAt: Date
    /// Set by StopDeployment while in progress: the deployment rolled back at this time.
    var stoppedAt: Date?
    /// Set by StopDeployment with Allow-Revert on a COMPLETE deployment.
    var revertedAt: Date?
    var kmsKeyIdentifier: String?
}

/// Everything one (account, region) holds.
struct RegionState: Codable, Sendable {
    var applications: [ApplicationRecord] = []
    var environments: [EnvironmentRecord] = []
    var profiles: [ProfileRecord] = []
    var strategies: [StrategyRecord] = []
    var versions: [HostedVersionRecord] = []
    var deployments: [DeploymentRecord] = []
}

/// The whole emulated world; Codable for `--state`.
struct WorldState: Codable, Sendable {
    var accounts: [EmulatorAccount] = []
    var sessions: [SessionRecord] = []
    /// The AWS Organization the accounts form (synthetic seeds); nil: no organization.
    var organization: EmulatorOrganization?
    /// Keyed by "ACCOUNT/REGION".
    var regions: [String: RegionState] = [:]
    var random = SplitMix64(seed: 0x5EED_F1A6_DEC4)
    /// CloudTrail's event history (mutating AppConfig calls), oldest first.
    var trail: [TrailRecord] = []

    static func key(_ account: String, _ region: String) -> String { "\(account)/\(region)" }

    init() {}

    // State files written before the event history existed still load.
    init(from decoder: Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        accounts = try c.decode([EmulatorAccount].self, forKey: .accounts)
        sessions = try c.decode([SessionRecord].self, forKey: .sessions)
        organization = try c.decodeIfPresent(EmulatorOrganization.self, forKey: .organization)
        regions = try c.decode([String: RegionState].self, forKey: .regions)
        random = try c.decode(SplitMix64.self, forKey: .random)
        trail = try c.decodeIfPresent([TrailRecord].self, forKey: .trail) ?? []
    }
}

/// Deterministic PRNG so seeds and ids are reproducible.
struct SplitMix64: Codable, Sendable, RandomNumberGenerator {
    var state: UInt64
    init(seed: UInt64) { state = seed }
    mutating func next() -> UInt64 {
        state &+= 0x9E37_79B9_7F4A_7C15
        var z = state
        z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
        z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
        return z ^ (z >> 31)
    }

    mutating func string(length: Int, alphabet: [Character]) -> String {
        String((0..<length).map { _ in alphabet[Int(next() % UInt64(alphabet.count))] })
    }

    static let lowerAlnum = Array("abcdefghijklmnopqrstuvwxyz0123456789")
    static let upperAlnum = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZ234567")
    static let secretChars = Array("ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/")
}
