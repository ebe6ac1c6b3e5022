/// Picks the strategy of each environment and knows the predefined ones, so the
/// confirmation can show duration and bake time even when the account's list was not read.
public enum StrategyCatalog {
    public static let allAtOnceId = "AppConfig.AllAtOnce"
    /// A retirement's default: quick, but not all at once (the flag is off already).
    public static let retireDefaultId = "AppConfig.Linear50PercentEvery30Seconds"

    /// AppConfig's predefined strategies (reference/appconfig.md §3).
    public static let predefined: [StrategySummary] = [
        StrategySummary(id: "AppConfig.AllAtOnce", name: "AppConfig.AllAtOnce", deploymentDurationMinutes: 0,
                        finalBakeMinutes: 10, growthType: "LINEAR", growthFactor: 100),
        StrategySummary(id: "AppConfig.Linear50PercentEvery30Seconds", name: "AppConfig.Linear50PercentEvery30Seconds",
                        deploymentDurationMinutes: 1, finalBakeMinutes: 1, growthType: "LINEAR", growthFactor: 50),
        StrategySummary(id: "AppConfig.Canary10Percent20Minutes", name: "AppConfig.Canary10Percent20Minutes",
                        deploymentDurationMinutes: 20, finalBakeMinutes: 10, growthType: "EXPONENTIAL", growthFactor: 10),
        StrategySummary(id: "AppConfig.Linear20PercentEvery6Minutes", name: "AppConfig.Linear20PercentEvery6Minutes",
                        deploymentDurationMinutes: 30, finalBakeMinutes: 30, growthType: "LINEAR", growthFactor: 20),
    ]

    /// The strategy with this id among `available` (the account-region's list) or the
    /// predefined ones; nil when the list was read and has no such id.
    public static func find(_ id: String, in available: [StrategySummary]) -> StrategySummary? {
        if let s = available.first(where: { $0.id == id }) { return s }
        if let s = predefined.first(where: { $0.id == id }) { return s }
        // An unread list cannot prove the id wrong; the service will say so if it is.
        return available.isEmpty ? StrategySummary(id: id) : nil
    }

    public enum Resolution: Sendable, Hashable {
        case strategy(StrategySummary)
        case unknown(String)
    }

    public static func resolve(_ choice: StrategyChoice, disable: Bool, retire: Bool = false, target: ToggleTarget) -> Resolution {
        switch choice {
        case .id(let id):
            if let s = find(id, in: target.strategies) { return .strategy(s) }
            return .unknown("no deployment strategy \"\(id)\" in \(target.environment.accountName)/\(target.environment.region)")
        case .automatic:
            if retire {
                return .strategy(find(retireDefaultId, in: target.strategies) ?? predefined[1])
            }
            if !disable, let last = target.lastStrategy {
                return .strategy(find(last.id, in: target.strategies) ?? last)
            }
            return .strategy(find(allAtOnceId, in: target.strategies) ?? predefined[0])
        }
    }
}
