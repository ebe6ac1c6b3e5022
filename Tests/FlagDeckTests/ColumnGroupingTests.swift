import FlagModel
import Foundation
import Testing
import TerminalUI
@testable import FlagDeck

/// `ColumnGrouping` on its own: environment columns grouped by name, cells placed with
/// one pass, and each group's distribution of a flag's states.
@Suite struct ColumnGroupingTests {
    static func column(_ account: String, _ region: String, _ name: String) -> EnvironmentColumn {
        EnvironmentColumn(accountName: account, region: region, environmentName: name, isProduction: name.hasPrefix("prod"))
    }

    static func environment(_ account: String, _ region: String, _ name: String, app: String = "checkout") -> EnvironmentID {
        EnvironmentID(accountName: account, accountId: account + "-id", region: region, applicationName: app, environmentName: name)
    }

    /// A cell with only what the grouping reads (`FlagCell` has no public initialiser).
    static let template = FleetFixture.result.snapshot.rows[0].cells[0]

    static func cell(_ environment: EnvironmentID, _ state: CellState, served: Int? = 1, pending: Int? = nil,
                     rolling: Double? = nil, lastReadAt: Date? = nil) -> FlagCell {
        var cell = template
        cell.environment = environment
        cell.state = state
        cell.servedVersion = served
        cell.pendingVersion = pending
        cell.rollingOutPercent = rolling
        cell.bakingVersion = nil
        cell.lastReadAt = lastReadAt
        return cell
    }

    /// Two accounts × two regions × dev/prod, in `FleetRows.columns` order.
    static let columns: [EnvironmentColumn] = ["a", "b"].flatMap { account in
        ["eu-west-1", "us-east-1"].flatMap { region in [column(account, region, "dev"), column(account, region, "prod")] }
    }

    @Test func groupsByEnvironmentNameInPipelineOrder() {
        let shuffled = [Self.column("a", "us-east-1", "prod"), Self.column("a", "us-east-1", "staging"),
                        Self.column("b", "us-east-1", "prod"), Self.column("a", "us-east-1", "dev")]
        let grouping = ColumnGrouping(columns: shuffled)
        #expect(grouping.groups.map(\.name) == ["dev", "staging", "prod"])
        #expect(grouping.groups.map(\.title) == ["dev ×1", "staging ×1", "prod ×2"])
        #expect(grouping.groups[2].members == [0, 2] && grouping.groups[2].isProduction)
        #expect(grouping.groupOf == [2, 1, 2, 0])
        #expect(grouping.groupsAnything)
        #expect(!ColumnGrouping(columns: Array(shuffled.prefix(2))).groupsAnything)
    }

    @Test func countsAccountsAndRegionsPerGroup() {
        let grouping = ColumnGrouping(columns: Self.columns)
        #expect(grouping.groups.map(\.members.count) == [4, 4])
        #expect(grouping.groups.map(\.accounts) == [2, 2])
        #expect(grouping.groups.map(\.regions) == [2, 2])
    }

    @Test func placesEachCellInItsColumnAndCountsItInItsGroup() {
        let grouping = ColumnGrouping(columns: Self.columns)
        let cells = [
            Self.cell(Self.environment("a", "eu-west-1", "prod"), .on),
            Self.cell(Self.environment("a", "us-east-1", "prod"), .off),
            Self.cell(Self.environment("b", "us-east-1", "prod"), .on),
            Self.cell(Self.environment("b", "eu-west-1", "dev"), .on),
            // Out of scope (no column) and another application's: ignored.
            Self.cell(Self.environment("c", "us-east-1", "prod"), .on),
            Self.cell(Self.environment("b", "eu-west-1", "prod", app: "search"), .off),
        ]
        let row = FlagRow(flag: FlagID(application: "checkout", profile: "p", key: "k"), definition: nil, cells: cells, verdicts: [])
        let placed = grouping.place(row)
        #expect(placed.cellAt == [-1, 0, -1, 1, 3, -1, -1, 2])
        #expect(placed.cell(7, of: row)?.environment.accountName == "b")
        let prod = placed.distributions[1]
        #expect(prod.on == 2 && prod.off == 1 && prod.total == 3 && prod.disagrees)
        #expect(placed.distributions[0] == StateDistribution(on: 1))
    }

    @Test func distributionFollowsTheDriftRule() {
        func distribution(_ cells: [FlagCell]) -> StateDistribution {
            var d = StateDistribution()
            for cell in cells { d.add(cell) }
            return d
        }
        let e = Self.environment("a", "us-east-1", "prod")
        // Off here, missing from the served version there: nothing is on, no disagreement.
        #expect(!distribution([Self.cell(e, .off), Self.cell(e, .absent)]).disagrees)
        // On here, missing there: the flag is not where the others serve it.
        #expect(distribution([Self.cell(e, .on), Self.cell(e, .absent)]).disagrees)
        // Nothing served at all disagrees with nobody.
        let unserved = distribution([Self.cell(e, .on), Self.cell(e, .absent, served: nil)])
        #expect(!unserved.disagrees && unserved.unserved == 1 && unserved.absent == 1)
        #expect(distribution([Self.cell(e, .on), Self.cell(e, .variants)]).disagrees)
        // Unreadable now (or only known from an earlier scan) counts apart, in no state.
        let unknown = distribution([Self.cell(e, .on), Self.cell(e, .unknown), Self.cell(e, .off, lastReadAt: Date())])
        #expect(!unknown.disagrees && unknown.unreadable == 2 && unknown.on == 1)
        // Moving and pending are counted on top of the served state.
        let moving = distribution([Self.cell(e, .on, pending: 3, rolling: 40), Self.cell(e, .on)])
        #expect(moving.on == 2 && moving.rollingOut == 1 && moving.pending == 1)
    }

    @Test func statesMostServedFirstAndTheOutliers() {
        let e = Self.environment("a", "us-east-1", "prod")
        var d = StateDistribution()
        for cell in [Self.cell(e, .off), Self.cell(e, .on), Self.cell(e, .off), Self.cell(e, .variants)] { d.add(cell) }
        #expect(d.states.map(\.state) == [.off, .on, .variants])
        #expect(d.majority == .off)
        #expect(d.isOutlier(Self.cell(e, .on)) && !d.isOutlier(Self.cell(e, .off)))
        #expect(!d.isOutlier(Self.cell(e, .on, lastReadAt: Date())))
        var tie = StateDistribution()
        tie.add(Self.cell(e, .off))
        tie.add(Self.cell(e, .on))
        #expect(tie.majority == .on)
    }

    @Test func distributionTextShrinksToItsColumn() {
        let d = StateDistribution(on: 593, off: 3, unreadable: 4, baking: 1, pending: 2)
        #expect(CellGlyphs.distribution(d, width: 24, production: true) == ("● 593 ○ 3 ? 4 ⧗ 1*", .drift))
        #expect(CellGlyphs.distribution(d, width: 14, production: true).0 == "●593 ○3 ?4 ⧗1*")
        #expect(CellGlyphs.distribution(d, width: 10, production: true).0 == "●593 ○3…")
        #expect(CellGlyphs.distribution(d, width: 10, production: false).1 == .warning)
        #expect(CellGlyphs.distribution(StateDistribution(on: 600), width: 9, production: true) == ("● 600", .flagOn))
        #expect(CellGlyphs.distribution(StateDistribution(on: 5, rollingOut: 1), width: 20, production: true) == ("● 5 ▲ 1", .flagRolling))
        #expect(CellGlyphs.distribution(StateDistribution(unreadable: 4), width: 9, production: true) == ("? 4", .muted))
        #expect(CellGlyphs.distribution(StateDistribution(), width: 9, production: true) == ("", .flagAbsent))
    }
}
