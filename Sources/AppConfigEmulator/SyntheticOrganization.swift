import Foundation

/// The organization a synthetic seed forms. The first account is the management account
/// (`management`, in the root); members cycle through the OUs:
///
///     Root
///     ├── Workloads            workload-N (once the names below run out)
///     │   ├── Prod             payments-prod, search-prod, checkout-prod, …
///     │   └── NonProd          payments-staging, search-staging, …
///     ├── Sandbox              sandbox-1, sandbox-2, …
///     └── Platform             platform-shared, platform-logging, …
///
/// Every member has the roles FlagDeckReader and OrganizationAccountAccessRole, except
/// member 4 (`platform-shared`, with 5+ accounts) which lacks FlagDeckReader, as if the
/// StackSet missed it. Member 6 (`search-staging`, with 10+ accounts) is SUSPENDED. The
/// management account has FlagDeckReader only (OrganizationAccountAccessRole exists only in
/// accounts the organization created).
enum SyntheticOrganization {
    static let units: [[String]] = [["Workloads"], ["Workloads", "Prod"], ["Workloads", "NonProd"], ["Sandbox"], ["Platform"]]
    static let workloadNames = ["payments-prod", "payments-staging", "search-prod", "search-staging", "checkout-prod",
                                "checkout-staging", "identity-prod", "identity-staging", "notifications-prod", "notifications-staging"]
    static let platformNames = ["platform-shared", "platform-logging", "platform-network", "platform-security", "platform-tools"]
    static let managementName = "management"
    /// 1-based member numbers (account index) of the member without FlagDeckReader and the suspended one.
    static let memberWithoutReader = 4
    static let suspendedMember = 6

    struct Placement: Equatable {
        var name: String
        /// OU names from the root down; empty: the root.
        var unit: [String]
    }

    /// Names and places of `count` accounts, management first.
    static func placements(count: Int) -> [Placement] {
        var out = [Placement(name: managementName, unit: [])]
        var workloads = 0, sandboxes = 0, platforms = 0
        for m in stride(from: 1, to: count, by: 1) {
            switch m % 5 {
            case 2:
                sandboxes += 1
                out.append(Placement(name: "sandbox-\(sandboxes)", unit: ["Sandbox"]))
            case 4:
                platforms += 1
                let name = platforms <= platformNames.count ? platformNames[platforms - 1] : "platform-\(platforms)"
                out.append(Placement(name: name, unit: ["Platform"]))
            default:
                workloads += 1
                guard workloads <= workloadNames.count else {
                    out.append(Placement(name: "workload-\(workloads)", unit: ["Workloads"]))
                    continue
                }
                let name = workloadNames[workloads - 1]
                out.append(Placement(name: name, unit: ["Workloads", name.hasSuffix("-prod") ? "Prod" : "NonProd"]))
            }
        }
        return out
    }

    /// The organization of `accounts` (named by `placements`), ids derived deterministically.
    static func build(accounts: [EmulatorAccount], now: Date) -> EmulatorOrganization {
        var random = SplitMix64(seed: 0x0A6_5EED_0F_0126)
        let orgId = "o-" + random.string(length: 10, alphabet: SplitMix64.lowerAlnum)
        let root4 = random.string(length: 4, alphabet: SplitMix64.lowerAlnum)
        let rootId = "r-" + root4
        var unitIds: [[String]: String] = [[]: rootId]
        var units: [EmulatorOrganization.Unit] = []
        for path in Self.units {
            let id = "ou-\(root4)-" + random.string(length: 8, alphabet: SplitMix64.lowerAlnum)
            unitIds[path] = id
            units.append(.init(id: id, name: path.last!, parentId: unitIds[Array(path.dropLast())]!))
        }
        let places = placements(count: accounts.count)
        let base = (now.timeIntervalSince1970 - 800 * 86_400).rounded(.down)
        let members = accounts.enumerated().map { i, account in
            var roles = [EmulatorOrganization.readerRole]
            if i > 0 { roles.append(EmulatorOrganization.accessRole) }
            if i == memberWithoutReader { roles.removeFirst() }
            return EmulatorOrganization.Member(
                accountId: account.accountId, name: account.name, email: "aws+\(account.name)@example.com",
                parentId: unitIds[places[i].unit] ?? rootId,
                status: i == suspendedMember && accounts.count >= 10 ? "SUSPENDED" : "ACTIVE",
                joinedMethod: i == 0 ? "INVITED" : "CREATED",
                joinedAt: Date(timeIntervalSince1970: base + Double(i) * 21_600 + Double(i * 137 % 1000) / 1000),
                roles: roles)
        }
        return EmulatorOrganization(id: orgId, managementAccountId: accounts[0].accountId, rootId: rootId,
                                    units: units, accounts: members)
    }
}
