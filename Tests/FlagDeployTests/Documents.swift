import FlagDeploy
import FlagModel
import Foundation

/// Flag documents and targets written by hand for the planner tests.
enum Documents {
    static func document(checkout: Bool = true, darkMode: Bool = false, themeBeta: Bool = true, themeDefault: Bool = false) -> FeatureFlagDocument {
        try! FeatureFlagDocument(parsing: """
        {
          "version": "1",
          "flags": {
            "new_checkout": {"name": "New checkout", "_createdAt": "2026-01-02T03:04:05.678Z", "_updatedAt": "2026-01-02T03:04:05.678Z"},
            "dark_mode": {"name": "Dark mode"},
            "ui_theme": {"name": "UI theme", "attributes": {"theme": {"constraints": {"type": "string", "enum": ["dark", "classic"]}}}}
          },
          "values": {
            "new_checkout": {"enabled": \(checkout), "_createdAt": "2026-01-02T03:04:05.678Z", "_updatedAt": "2026-01-02T03:04:05.678Z"},
            "dark_mode": {"enabled": \(darkMode)},
            "ui_theme": {"_variants": [
              {"name": "Beta", "enabled": \(themeBeta), "rule": "(in $accountId [\\"1\\"])", "attributeValues": {"theme": "dark"}},
              {"name": "Default", "enabled": \(themeDefault), "attributeValues": {"theme": "classic"}}
            ]}
          }
        }
        """)
    }

    static func environment(_ name: String, account: String = "payments-prod", region: String = "us-east-1") -> EnvironmentID {
        EnvironmentID(accountName: account, accountId: "111122223333", region: region, applicationName: "checkout",
                      environmentName: name)
    }

    static func target(_ name: String, region: String = "us-east-1", deployed: Int? = 3,
                       deployedDocument: FeatureFlagDocument = document(), latest: Int = 3,
                       latestDocument: FeatureFlagDocument? = nil, lastStrategy: StrategySummary? = nil,
                       strategies: [StrategySummary] = []) -> ToggleTarget {
        ToggleTarget(
            environment: environment(name, region: region), applicationId: "app\(region.prefix(2))",
            environmentId: "env\(name.prefix(3))", profileId: "prof\(region.prefix(2))", profileName: "feature-flags",
            deployed: deployed.map { VersionedDocument(number: $0, document: deployedDocument) },
            latest: VersionedDocument(number: latest, document: latestDocument ?? deployedDocument),
            lastStrategy: lastStrategy, strategies: strategies)
    }

    static let flag = FlagID(application: "checkout", profile: "feature-flags", key: "new_checkout")
    static let at = Date(timeIntervalSince1970: 1_795_000_000)

    static func request(enabled: Bool = false, key: String = "new_checkout", variant: String? = nil,
                        strategy: StrategyChoice = .automatic, reason: String = "INC-42 checkout errors",
                        allVariants: Bool = false) -> ToggleRequest {
        ToggleRequest(flag: FlagID(application: "checkout", profile: "feature-flags", key: key), enabled: enabled,
                      variant: variant, strategy: strategy, reason: reason, actor: "alice", requestedAt: at,
                      allVariants: allVariants)
    }

    /// Lines of the pretty serialisations that differ, as (old, new) pairs; nil when the
    /// documents do not even have the same number of lines.
    static func changedLines(_ old: FeatureFlagDocument, _ new: FeatureFlagDocument) -> [(String, String)]? {
        let a = old.serialized(pretty: true).split(separator: "\n", omittingEmptySubsequences: false)
        let b = new.serialized(pretty: true).split(separator: "\n", omittingEmptySubsequences: false)
        guard a.count == b.count else { return nil }
        return zip(a, b).filter { $0 != $1 }.map { (String($0), String($1)) }
    }
}
