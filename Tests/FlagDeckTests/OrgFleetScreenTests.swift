import FlagModel
import Foundation
import Testing
import TerminalUI
@testable import FlagDeck

/// The Fleet view at organization scale (`OrgFleetFixture`: 300 accounts × 2 regions ×
/// dev/staging/prod): one column per environment name, counts per state, drift in red,
/// a group expanded into its accounts and regions.
@Suite struct OrgFleetScreenTests {
    static let sizes = [Size(width: 120, height: 40), Size(width: 80, height: 24)]

    func loaded(_ size: Size) -> AppState {
        var state = AppState(readOnly: false, size: size)
        _ = update(&state, .scanFinished(OrgFleetFixture.result), registry: .standard)
        return state
    }

    func render(_ state: AppState) -> CellBuffer {
        Screen.render(state, registry: .standard, now: OrgFleetFixture.asOf)
    }

    func press(_ state: inout AppState, _ keys: Key...) {
        for key in keys { _ = update(&state, .key(key), registry: .standard) }
    }

    /// The cursor on a flag by key.
    func select(_ state: inout AppState, _ key: String) {
        let rows = state.result!.snapshot.rows
        state.fleet.list.selected = state.fleetLines().firstIndex { $0.flagIndex.map { rows[$0].flag.key } == key }!
    }

    @Test(arguments: sizes)
    func groupedFleet(size: Size) {
        let state = loaded(size)
        let screen = render(state)
        GoldenScreen.assertMatches(screen, "fleet-org-grouped-\(size.width)x\(size.height)")
        #expect(screen.text.contains("prod ×600"))
        #expect(screen.line(0).contains("✖ 2 accounts unreadable"))
    }

    /// → three times puts the column cursor on prod; Enter expands it, scrolled to the
    /// first account where the selected flag differs; Enter again collapses.
    @Test(arguments: sizes)
    func expandedGroup(size: Size) {
        var state = loaded(size)
        select(&state, "new_checkout")
        press(&state, .right, .right, .right)
        #expect(state.fleet.column == 2)
        press(&state, .enter)
        #expect(state.fleet.expanded == "prod" && state.detail == nil)
        #expect(state.status?.text.contains("new_checkout differs in 3, first acct-017 us-east-1") == true)
        GoldenScreen.assertMatches(render(state), "fleet-org-expanded-\(size.width)x\(size.height)")
        press(&state, .enter)
        #expect(state.fleet.expanded == nil && state.fleet.column == 2)
    }

    /// Rendering the 300-account fleet groups its 1,800 columns once per snapshot and
    /// scope, not per frame, row or cell; moving, expanding and filtering reuse it.
    @Test func groupingIsComputedOncePerSnapshotAndScope() {
        var state = loaded(Size(width: 120, height: 40))
        for _ in 0..<3 { _ = render(state) }
        press(&state, .char("j"), .char("j"), .right, .right, .right, .enter, .right, .right, .char("k"))
        _ = render(state)
        press(&state, .escape, .char("/"), .char("n"), .char("e"), .enter)
        _ = render(state)
        #expect(state.derived.groupingBuilds == 1)
        press(&state, .char(":"))
        for c in "env prod" { press(&state, .char(c)) }
        press(&state, .enter)
        _ = render(state)
        #expect(state.derived.groupingBuilds == 2)
        _ = update(&state, .scanFinished(OrgFleetFixture.result), registry: .standard)
        _ = render(state)
        _ = render(state)
        #expect(state.derived.groupingBuilds == 3)
    }
}
