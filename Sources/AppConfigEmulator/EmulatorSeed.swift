import Foundation

/// What the emulator starts with.
public enum EmulatorSeed: Sendable, Equatable, CustomStringConvertible {
    /// No resources (accounts come from `--credentials`, else one default account).
    case empty
    /// A realistic fleet: 4 accounts, 8 applications, ~150 flags, 180 days of history.
    case demo
    /// A generated fleet for benchmarks.
    case synthetic(SyntheticSeed)

    /// `empty`, `demo`, or `synthetic:accounts=A,regions=R,apps=P,envs=E,flags=F`.
    public init(parsing text: String) throws {
        switch text {
        case "empty": self = .empty
        case "demo": self = .demo
        default:
            guard text.hasPrefix("synthetic") else {
                throw EmulatorConfigError("unknown seed \(text): use demo, empty or synthetic:accounts=A,regions=R,apps=P,envs=E,flags=F")
            }
            var s = SyntheticSeed()
            let spec = text.dropFirst("synthetic".count).drop { $0 == ":" }
            for part in spec.split(separator: ",") where !part.isEmpty {
                let kv = part.split(separator: "=", maxSplits: 1).map(String.init)
                guard kv.count == 2, let n = Int(kv[1]), n >= 0 else { throw EmulatorConfigError("bad synthetic seed parameter \(part)") }
                switch kv[0] {
                case "accounts": s.accounts = max(1, n)
                case "regions": s.regions = min(max(1, n), SyntheticSeed.regionNames.count)
                case "apps": s.apps = n
                case "envs": s.envs = n
                case "flags": s.flags = n
                case "versions": s.versions = max(1, n)
                default: throw EmulatorConfigError("unknown synthetic seed parameter \(kv[0]) (accounts, regions, apps, envs, flags, versions)")
                }
            }
            self = .synthetic(s)
        }
    }

    public var description: String {
        switch self {
        case .empty: "empty"
        case .demo: "demo"
        case .synthetic(let s): "synthetic:accounts=\(s.accounts),regions=\(s.regions),apps=\(s.apps),envs=\(s.envs),flags=\(s.flags),versions=\(s.versions)"
        }
    }
}

/// Sizes of a synthetic fleet: `apps` per account and region, `envs` per app,
/// `flags` per feature-flag profile, `versions` hosted versions per profile.
public struct SyntheticSeed: Sendable, Equatable {
    public var accounts = 2
    public var regions = 2
    public var apps = 5
    public var envs = 3
    public var flags = 50
    public var versions = 3
    public init(accounts: Int = 2, regions: Int = 2, apps: Int = 5, envs: Int = 3, flags: Int = 50, versions: Int = 3) {
        self.accounts = accounts
        self.regions = regions
        self.apps = apps
        self.envs = envs
        self.flags = flags
        self.versions = versions
    }

    /// `regions=R` takes the first R; the ninth is an opt-in region (ENABLED in ListRegions).
    static let regionNames = ["us-east-1", "eu-west-1", "us-west-2", "ap-southeast-2", "eu-central-1", "ap-northeast-1", "sa-east-1", "ca-central-1",
                              "eu-south-1"]
}
