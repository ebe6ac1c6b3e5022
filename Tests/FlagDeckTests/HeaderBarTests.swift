import FlagModel
import Foundation
import Testing
import TerminalUI
@testable import FlagDeck

/// The header's account counts (scanned, unreadable, discovered) and its shortening at
/// narrow widths: whole words, the most telling numbers kept longest.
@Suite struct HeaderBarTests {
    func header(_ state: AppState) -> String {
        var line = Screen.render(state, registry: .standard, now: OrgFleetFixture.asOf).line(0)
        while line.last == " " { line.removeLast() }
        return line
    }

    func loaded(_ result: ScanResult, width: Int) -> AppState {
        var state = AppState(readOnly: false, size: Size(width: width, height: 24))
        _ = update(&state, .scanFinished(result), registry: .standard)
        return state
    }

    @Test func countsAccountsScannedAndUnreadableFromTheSnapshot() {
        let org = loaded(OrgFleetFixture.result, width: 120).header
        #expect(org.scannedAccounts == 298 && org.unreadableAccounts == 2 && org.otherFailures == 0 && org.failures == 4)
        #expect(org.discoveredAccounts == nil)
        // The small fleet: platform's only region failed, so it is unreadable.
        let small = loaded(FleetFixture.result, width: 120).header
        #expect(small.scannedAccounts == 2 && small.unreadableAccounts == 1 && small.accounts == 3)
    }

    @Test func anApplicationThatFailedLeavesItsAccountScanned() {
        let part = UnreadablePart(account: "search-prod", accountId: "222222222222", region: "us-east-1", application: "search")
        var header = HeaderInfo()
        header.count(accountsOf: FleetSnapshot(asOf: OrgFleetFixture.asOf, environments: [], rows: [], unreadable: [part]))
        #expect(header.scannedAccounts == 1 && header.unreadableAccounts == 0 && header.otherFailures == 1)
    }

    @Test func headerAt120And80Columns() {
        #expect(header(loaded(OrgFleetFixture.result, width: 120))
            == " flagdeck  ✖ 2 accounts unreadable, 7 flags ?  298 accounts scanned · 2 regions · refreshed just now               [RW]")
        #expect(header(loaded(OrgFleetFixture.result, width: 80))
            == " flagdeck  ✖ 2 accounts unreadable, 7 flags ?  298 accounts · just now     [RW]")
    }

    @Test func aScanFromDiscoverySetsTheDiscoveredCount() {
        var result = OrgFleetFixture.result
        result.discovery = DiscoverySummary(discovered: 312, scanned: 298, unreadable: 2)
        #expect(loaded(result, width: 120).header.discoveredAccounts == 312)
        #expect(loaded(OrgFleetFixture.result, width: 120).header.discoveredAccounts == nil)
    }

    @Test func discoveredAccountsShowWhenKnown() {
        var wide = loaded(OrgFleetFixture.result, width: 120)
        wide.header.discoveredAccounts = 312
        #expect(header(wide).contains("✖ 2 accounts unreadable, 7 flags ?  298 accounts scanned of 312 discovered · 2 regions · just now"))
        var narrow = loaded(OrgFleetFixture.result, width: 80)
        narrow.header.discoveredAccounts = 312
        // Freshness outlasts the count of incomplete flags (every such row says `?` anyway).
        #expect(header(narrow) == " flagdeck  ✖ 2 accounts unreadable  298/312 accounts scanned · just now    [RW]")
        // A discovery that survives the next scan: only discovery knows the number.
        _ = update(&narrow, .scanFinished(OrgFleetFixture.result), registry: .standard)
        #expect(narrow.header.discoveredAccounts == 312)
    }

    @Test func shortensInOrderAndNeverCutsAWord() {
        var info = HeaderInfo(accounts: 300, regions: 2, scanProgress: "scanning 120/600 acct-120", lastRefresh: OrgFleetFixture.asOf.addingTimeInterval(-300))
        info.scannedAccounts = 298
        info.unreadableAccounts = 2
        info.failures = 5
        info.otherFailures = 1
        info.incompleteFlags = 7
        info.discoveredAccounts = 312
        let bar = HeaderBar(info: info, readOnly: true, now: OrgFleetFixture.asOf)
        func line(_ width: Int) -> String { bar.pieces(fitting: width).map(\.text).joined() }
        #expect(line(200) == " ✖ 2 accounts + 1 other part unreadable, 7 flags ?  298 accounts scanned of 312 discovered · 2 regions · scanning 120/600 acct-120 · refreshed 5m ago")
        #expect(line(120) == " ✖ 2 accounts + 1 other part unreadable, 7 flags ?  298/312 accounts scanned · scanning 120/600 acct-120 · 5m ago")
        #expect(line(64) == " ✖ 5  298/312 accounts · scanning 120/600 acct-120")
    }
}
