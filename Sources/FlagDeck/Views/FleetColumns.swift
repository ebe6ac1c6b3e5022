import FlagModel

/// An environment column: one environment name in one account and region. Flags of
/// different applications share it, which keeps the grid as narrow as the fleet allows.
public struct EnvironmentColumn: Hashable, Sendable {
    public var accountName: String
    public var region: String
    public var environmentName: String
    public var isProduction: Bool

    public func contains(_ id: EnvironmentID) -> Bool {
        id.accountName == accountName && id.region == region && id.environmentName == environmentName
    }

    public var groupLabel: String { "\(accountName) \(RegionName.short(region))" }
}

extension FleetRows {
    /// Every environment column of the fleet: by account, region, then pipeline stage.
    public static func columns(of snapshot: FleetSnapshot) -> [EnvironmentColumn] {
        var seen = Set<EnvironmentColumn>()
        var columns: [EnvironmentColumn] = []
        for env in snapshot.environments {
            let column = EnvironmentColumn(accountName: env.id.accountName, region: env.id.region,
                                           environmentName: env.id.environmentName, isProduction: env.isProduction)
            if seen.insert(column).inserted { columns.append(column) }
        }
        return columns.sorted {
            ($0.accountName, $0.region, stageRank($0), $0.environmentName)
                < ($1.accountName, $1.region, stageRank($1), $1.environmentName)
        }
    }

    /// dev → test → staging → prod, the order people read a pipeline in.
    static func stageRank(_ column: EnvironmentColumn) -> Int {
        let name = column.environmentName.lowercased()
        if column.isProduction { return 4 }
        if name.contains("stag") || name.contains("preprod") { return 3 }
        if name.contains("test") || name.contains("qa") || name.contains("uat") { return 2 }
        if name.contains("dev") || name.contains("sandbox") { return 1 }
        return 2
    }
}

/// Short region names for narrow column headers, as AWS people write them:
/// us-east-1 → use1, eu-central-1 → euc1, ap-southeast-2 → apse2.
public enum RegionName {
    static let words = ["north": "n", "south": "s", "east": "e", "west": "w", "central": "c",
                        "northeast": "ne", "northwest": "nw", "southeast": "se", "southwest": "sw", "gov": "g", "iso": "i"]

    public static func short(_ region: String) -> String {
        let parts = region.split(separator: "-").map(String.init)
        guard parts.count >= 3, let number = parts.last, Int(number) != nil else { return region }
        return parts[0] + parts.dropFirst().dropLast().map { words[$0] ?? String($0.prefix(1)) }.joined() + number
    }
}
