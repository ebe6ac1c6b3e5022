import Foundation
import Testing
import TerminalUI
@testable import FlagDeck

@Suite struct ScreenTests {
    let fixedNow = Date(timeIntervalSince1970: 1_795_300_000)

    func state(_ size: Size, readOnly: Bool = false) -> AppState {
        var state = AppState(readOnly: readOnly, size: size)
        state.notice = ["No configuration file found. Looked in:", "  /home/op/.config/flagdeck/config.yaml", "",
                        "Create one from your AWS profiles with `flagdeck init`,",
                        "or try flagdeck on a local emulator with `flagdeck demo`."]
        return state
    }

    func render(_ state: AppState, registry: KeyRegistry = .standard) -> CellBuffer {
        Screen.render(state, registry: registry.active(readOnly: state.readOnly), now: fixedNow)
    }

    @Test(arguments: [Size(width: 120, height: 40), Size(width: 80, height: 24)])
    func emptyFleetScreen(size: Size) {
        GoldenScreen.assertMatches(render(state(size)), "empty-fleet-\(size.width)x\(size.height)")
    }

    @Test(arguments: [Size(width: 120, height: 40), Size(width: 80, height: 24)])
    func helpOverlay(size: Size) {
        var s = state(size)
        _ = update(&s, .key(.char("?")), registry: .standard)
        GoldenScreen.assertMatches(render(s), "help-\(size.width)x\(size.height)")
    }

    @Test func readOnlyHeaderAndCommandLine() {
        var s = state(Size(width: 80, height: 24), readOnly: true)
        s.header = HeaderInfo(accounts: 4, regions: 2, scanProgress: "scanning 12/40", lastRefresh: fixedNow.addingTimeInterval(-125))
        _ = update(&s, .key(.char(":")), registry: .standard)
        for c in "rev" { _ = update(&s, .key(.char(c)), registry: .standard) }
        GoldenScreen.assertMatches(render(s), "readonly-command-80x24")
        let header = render(s).line(0)
        #expect(header.contains("4 accounts · 2 regions · scanning 12/40 · refreshed 2m ago"))
        #expect(header.hasSuffix("[RO] "))
    }

    @Test func tooSmallTerminalSaysWhatItNeeds() {
        let buffer = render(state(Size(width: 20, height: 5)))
        #expect(buffer.text == """
         Terminal too small
              is 20×5
             need 50×12
              q quits
        """.split(separator: "\n").map { String($0.dropFirst(0)) }.joined(separator: "\n") + "\n")
        let tiny = render(state(Size(width: 3, height: 1)))
        #expect(tiny.line(0) == "Te…")
        let nothing = render(state(Size(width: 0, height: 0)))
        #expect(nothing.cells.isEmpty)
    }

    @Test func minimumSizeRendersTheFullLayout() {
        let buffer = render(state(Screen.minimumSize))
        #expect(buffer.line(0).hasPrefix(" flagdeck "))
        #expect(buffer.line(1).hasPrefix(" Fleet "))
        #expect(buffer.line(11).hasPrefix("<?> help"))
    }
}
