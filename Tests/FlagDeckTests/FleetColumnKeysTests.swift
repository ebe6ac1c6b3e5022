import FlagModel
import Foundation
import Testing
import TerminalUI
@testable import FlagDeck

/// The keys on the Fleet view's environment columns: ←/→ scroll when every column fits;
/// when they are grouped they move a column cursor, Enter expands and collapses a
/// group, Esc collapses, and Enter on the flag or a member opens the flag.
@Suite struct FleetColumnKeysTests {
    func loaded(_ result: ScanResult, _ size: Size = Size(width: 120, height: 40)) -> AppState {
        var state = AppState(readOnly: false, size: size)
        _ = update(&state, .scanFinished(result), registry: .standard)
        return state
    }

    func press(_ state: inout AppState, _ keys: Key...) {
        for key in keys { _ = update(&state, .key(key), registry: .standard) }
    }

    func command(_ state: inout AppState, _ text: String) {
        press(&state, .char(":"))
        for c in text { press(&state, .char(c)) }
        press(&state, .enter)
    }

    @Test func arrowsScrollWhenEveryColumnFits() {
        var state = loaded(FleetFixture.result)
        command(&state, "account payments-prod")
        #expect(!FleetView.columnLayout(state).isGrouped)
        press(&state, .right, .right)
        #expect(state.fleet.firstColumn == 2 && state.fleet.column == nil)
        press(&state, .left)
        #expect(state.fleet.firstColumn == 1)
        press(&state, .enter)
        #expect(state.detail?.key == "express_pay")
    }

    @Test func cursorWalksTheGroupsAndEnterExpandsAndCollapses() {
        var state = loaded(OrgFleetFixture.result)
        #expect(FleetView.columnLayout(state).mode == .grouped)
        press(&state, .left)
        #expect(state.fleet.column == nil)
        press(&state, .right)
        #expect(state.fleet.column == 0)
        press(&state, .right, .right, .right)
        #expect(state.fleet.column == 2)
        press(&state, .enter)
        #expect(state.fleet.expanded == "prod" && state.fleet.column == 0 && state.detail == nil)
        #expect(FleetView.columnLayout(state).scrolling.count == 600)
        // From the pinned summary into the members; Enter on a member opens the flag.
        press(&state, .right)
        #expect(state.fleet.column == 1 + state.fleet.firstColumn)
        press(&state, .enter)
        #expect(state.detail?.key == "button_color")
        press(&state, .escape)
        #expect(state.detail == nil && state.fleet.expanded == "prod")
        press(&state, .escape)
        #expect(state.fleet.expanded == nil && state.fleet.column == 2)
        #expect(state.status == StatusMessage("prod collapsed"))
        // Back on the flag, Enter opens it again.
        press(&state, .left, .left, .left)
        #expect(state.fleet.column == nil)
        press(&state, .enter)
        #expect(state.detail?.key == "button_color")
    }

    @Test func membersScrollUnderTheCursor() {
        var state = loaded(OrgFleetFixture.result)
        press(&state, .right, .right, .right, .enter)
        let layout = FleetView.columnLayout(state)
        let visible = layout.visibleCount(from: 0)
        #expect(state.fleet.firstColumn == 0)
        for _ in 0...(visible + 2) { press(&state, .right) }
        let member = state.fleet.column! - 1
        #expect(member == visible + 2)
        #expect(member >= state.fleet.firstColumn && member < state.fleet.firstColumn + layout.visibleCount(from: state.fleet.firstColumn))
        for _ in 0...member { press(&state, .left) }
        #expect(state.fleet.column == 0 && state.fleet.firstColumn == 0)
    }

    @Test func expandingScrollsToTheFirstAccountThatDiffers() {
        var state = loaded(OrgFleetFixture.result)
        let rows = state.result!.snapshot.rows
        state.fleet.list.selected = state.fleetLines().firstIndex { $0.flagIndex.map { rows[$0].flag.key } == "new_checkout" }!
        press(&state, .right, .right, .right, .enter)
        let grouping = state.fleetGrouping()
        let first = grouping.columns[grouping.groups[2].members[state.fleet.firstColumn]]
        // acct-017's regions side by side: eu-west-1 first, then the us-east-1 that differs.
        #expect(first.accountName == "acct-017" && first.region == "eu-west-1")
        #expect(state.status?.text == "prod ×600: 300 accounts × 2 regions — new_checkout differs in 3, first acct-017 us-east-1 — Esc collapses")
    }

    @Test func narrowingThatFitsShowsEveryColumnAgain() {
        var state = loaded(OrgFleetFixture.result)
        press(&state, .right, .right, .right, .enter)
        command(&state, "account acct-017")
        #expect(!FleetView.columnLayout(state).isGrouped)
        #expect(state.fleet.expanded == nil && state.fleet.column == nil)
        let screen = Screen.render(state, registry: .standard, now: OrgFleetFixture.asOf)
        #expect(screen.text.contains("┌acct-017 euw1"))
        command(&state, "account")
        command(&state, "env prod")
        let layout = FleetView.columnLayout(state)
        #expect(layout.mode == .grouped && layout.scrolling.count == 1)
        #expect(Screen.render(state, registry: .standard, now: OrgFleetFixture.asOf).text.contains("prod ×600"))
    }

    @Test func refreshKeepsTheExpandedGroupAndResizingToFitDropsIt() {
        var state = loaded(FleetFixture.result)
        #expect(FleetView.columnLayout(state).isGrouped)  // 8 environments, room for 7
        press(&state, .right, .right, .right, .enter)
        #expect(state.fleet.expanded == "prod")
        _ = update(&state, .scanFinished(FleetFixture.result), registry: .standard)
        #expect(state.fleet.expanded == "prod" && state.fleet.column == 0)
        _ = update(&state, .resized(Size(width: 160, height: 40)), registry: .standard)
        #expect(!FleetView.columnLayout(state).isGrouped)
        #expect(state.fleet.expanded == nil && state.fleet.column == nil)
    }
}
