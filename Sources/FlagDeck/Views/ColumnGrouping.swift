import FlagModel

/// One environment name across accounts and regions (`prod ×600`): the column the Fleet
/// view shows when one column per environment does not fit.
struct ColumnGroup: Hashable, Sendable {
    var name: String
    var isProduction: Bool
    /// Indices into the grouping's columns, in account/region order.
    var members: [Int]
    var accounts: Int
    var regions: Int

    /// `prod ×600`: the name and how many account/region environments it stands for.
    var title: String { "\(name) ×\(members.count)" }
}

/// The Fleet view's environment columns grouped by environment name, in pipeline order
/// (dev → staging → prod), with an index from an environment to its column.
///
/// Built once per snapshot and scope (`AppState.fleetGrouping()` memoises it); a frame
/// then places each visible row's cells with one pass over them (`place`), so drawing
/// costs the cells on screen, never columns × cells.
struct ColumnGrouping: Sendable {
    let columns: [EnvironmentColumn]
    let groups: [ColumnGroup]
    /// `groupOf[column]`: the index of the column's group.
    let groupOf: [Int]
    private let index: [Place: Int]

    private struct Place: Hashable {
        var account: String
        var region: String
        var environment: String
    }

    init(columns: [EnvironmentColumn]) {
        self.columns = columns
        var index: [Place: Int] = [:]
        index.reserveCapacity(columns.count)
        var byName: [String: Int] = [:]
        var groups: [ColumnGroup] = []
        for (i, column) in columns.enumerated() {
            index[Place(account: column.accountName, region: column.region, environment: column.environmentName)] = i
            if let g = byName[column.environmentName] {
                groups[g].members.append(i)
            } else {
                byName[column.environmentName] = groups.count
                groups.append(ColumnGroup(name: column.environmentName, isProduction: column.isProduction,
                                          members: [i], accounts: 0, regions: 0))
            }
        }
        for g in groups.indices {
            let members = groups[g].members.map { columns[$0] }
            groups[g].accounts = Set(members.map(\.accountName)).count
            groups[g].regions = Set(members.map(\.region)).count
        }
        groups.sort {
            (FleetRows.stageRank(columns[$0.members[0]]), $0.name) < (FleetRows.stageRank(columns[$1.members[0]]), $1.name)
        }
        var groupOf = [Int](repeating: 0, count: columns.count)
        for (g, group) in groups.enumerated() { for member in group.members { groupOf[member] = g } }
        self.groups = groups
        self.groupOf = groupOf
        self.index = index
    }

    /// The column showing `environment`, nil when it is out of scope.
    func column(of environment: EnvironmentID) -> Int? {
        index[Place(account: environment.accountName, region: environment.region, environment: environment.environmentName)]
    }

    /// Grouping only helps when some environment name occurs in several accounts or regions.
    var groupsAnything: Bool { groups.count < columns.count }

    /// One pass over the row's cells: which cell each column shows, and per group how the
    /// cells spread.
    func place(_ row: FlagRow) -> PlacedRow {
        var placed = PlacedRow(cellAt: [Int](repeating: -1, count: columns.count),
                               distributions: [StateDistribution](repeating: StateDistribution(), count: groups.count))
        for (i, cell) in row.cells.enumerated() {
            guard cell.environment.applicationName == row.flag.application, let c = column(of: cell.environment) else { continue }
            placed.cellAt[c] = i
            placed.distributions[groupOf[c]].add(cell)
        }
        return placed
    }
}

/// One flag row laid over the columns.
struct PlacedRow: Sendable {
    /// `cellAt[column]`: the index of the row's cell in that column, -1 for none.
    var cellAt: [Int]
    /// Per group: how the row's cells in its members spread.
    var distributions: [StateDistribution]

    func cell(_ column: Int, of row: FlagRow) -> FlagCell? {
        let i = cellAt[column]
        return i < 0 ? nil : row.cells[i]
    }
}
