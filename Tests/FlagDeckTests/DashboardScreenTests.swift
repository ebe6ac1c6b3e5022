import FlagModel
import Foundation
import Testing
import TerminalUI
@testable import FlagDeck

/// Golden screens of every view from a fixed fleet, at 120×40 and 80×24.
@Suite struct DashboardScreenTests {
    static let sizes = [Size(width: 120, height: 40), Size(width: 80, height: 24)]

    func loaded(_ size: Size, readOnly: Bool = false) -> AppState {
        var state = AppState(readOnly: readOnly, size: size)
        _ = update(&state, .scanFinished(FleetFixture.result), registry: .standard)
        return state
    }

    func render(_ state: AppState) -> CellBuffer {
        Screen.render(state, registry: KeyRegistry.standard.active(readOnly: state.readOnly), now: FleetFixture.asOf)
    }

    func press(_ state: inout AppState, _ keys: Key...) {
        for key in keys { _ = update(&state, .key(key), registry: .standard) }
    }

    @Test(arguments: sizes)
    func fleetView(size: Size) {
        GoldenScreen.assertMatches(render(loaded(size)), "fleet-\(size.width)x\(size.height)")
    }

    @Test(arguments: sizes)
    func flagView(size: Size) {
        var state = loaded(size)
        press(&state, .enter)
        #expect(state.detail == FlagID(application: "checkout", profile: "checkout-flags", key: "express_pay"))
        GoldenScreen.assertMatches(render(state), "flag-\(size.width)x\(size.height)")
    }

    @Test(arguments: sizes)
    func reviewView(size: Size) {
        var state = loaded(size)
        press(&state, .tab, .char("3"))
        GoldenScreen.assertMatches(render(state), "review-\(size.width)x\(size.height)")
    }

    @Test(arguments: sizes)
    func auditView(size: Size) {
        var state = loaded(size)
        press(&state, .backTab)
        GoldenScreen.assertMatches(render(state), "audit-\(size.width)x\(size.height)")
    }

    @Test func fleetFilteredAndScrolledSideways() {
        var state = loaded(Size(width: 80, height: 24))
        press(&state, .char("/"))
        for c in "new" { press(&state, .char(c)) }
        press(&state, .enter, .char("l"), .char("l"))
        GoldenScreen.assertMatches(render(state), "fleet-filtered-scrolled-80x24")
    }
}
