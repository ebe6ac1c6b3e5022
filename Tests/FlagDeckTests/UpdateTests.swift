import Testing
import TerminalUI
@testable import FlagDeck

@Suite struct UpdateTests {
    var state = AppState(readOnly: false, size: Size(width: 80, height: 24))

    @discardableResult
    mutating func press(_ keys: Key..., registry: KeyRegistry = .standard) -> [Effect] {
        var effects: [Effect] = []
        for key in keys { effects += update(&state, .key(key), registry: registry) }
        return effects
    }

    mutating func type(_ text: String) { for c in text { press(.char(c)) } }

    @Test mutating func quitKeys() {
        press(.char("q"))
        #expect(state.shouldQuit)
        state.shouldQuit = false
        press(.ctrl("c"))
        #expect(state.shouldQuit)
    }

    @Test mutating func helpOpensScrollsAndCloses() {
        press(.char("?"))
        #expect(state.overlay == .help(scroll: 0))
        press(.char("j"), .char("j"), .char("k"))
        #expect(state.overlay == .help(scroll: 1))
        // q inside help closes help instead of quitting the app.
        press(.char("q"))
        #expect(state.overlay == nil && !state.shouldQuit)
    }

    @Test mutating func tabCyclesViewsBothWays() {
        press(.tab)
        #expect(state.view == .review)
        press(.tab, .tab)
        #expect(state.view == .fleet)
        press(.backTab)
        #expect(state.view == .audit)
    }

    @Test mutating func commandLineSwitchesViewsCompletesAndReportsErrors() {
        press(.char(":"))
        type("aud")
        press(.tab)
        #expect(state.overlay == .commandLine(TextInput("audit")))
        press(.enter)
        #expect(state.view == .audit && state.overlay == nil)

        press(.char(":")); type("bogus"); press(.enter)
        #expect(state.status == StatusMessage("unknown command :bogus — try :fleet, :review, :audit, :account NAME, :env PATTERN, :asof TIME, :theme NAME, :q", .error))

        press(.char(":")); type("theme"); press(.enter)
        #expect(state.status == StatusMessage(":theme needs a theme name", .error))

        state.availableThemes = ["default", "high-contrast", "light"]
        press(.char(":")); type("theme hi"); press(.tab)
        #expect(state.overlay == .commandLine(TextInput("theme high-contrast")))
        #expect(press(.enter) == [.loadTheme("high-contrast")])

        press(.char(":")); type("q"); press(.enter)
        #expect(state.shouldQuit)
    }

    @Test mutating func escapeLeavesTheCommandLineWithoutRunningIt() {
        press(.char(":")); type("q"); press(.escape)
        #expect(!state.shouldQuit && state.overlay == nil)
    }

    @Test mutating func filterEditsLiveAndEscapeClearsIt() {
        press(.char("/")); type("chk")
        #expect(state.filterText == "chk")
        press(.enter)
        #expect(state.overlay == nil && state.filterText == "chk")
        press(.char("/"), .backspace, .escape)
        #expect(state.filterText == "")
    }

    @Test mutating func refreshIsAnEffectAndUnknownKeysExplainThemselves() {
        #expect(press(.ctrl("r")) == [.refresh])
        press(.char("Z"))
        #expect(state.status?.text == "Z does nothing here — press ? for the keys")
    }

    @Test mutating func resizeUpdatesTheSize() {
        _ = update(&state, .resized(Size(width: 60, height: 15)), registry: .standard)
        #expect(state.size == Size(width: 60, height: 15))
    }

    @Test func commandCompletionExtendsToTheCommonPrefix() {
        #expect(CommandPrompt.complete("f", themes: []) == "fleet")
        #expect(CommandPrompt.complete("", themes: []) == "")
        #expect(CommandPrompt.complete("th", themes: []) == "theme ")
        #expect(CommandPrompt.complete("theme ", themes: ["light", "lime"]) == "theme li")
        #expect(CommandPrompt.parse("  review  ") == .action(.show(.review)))
    }
}

@Suite struct KeyRegistryTests {
    let registry = KeyRegistry([
        KeyBinding([.char("?")], .help, "help", inFooter: true),
        KeyBinding([.char("q")], .quit, "quit", inFooter: true),
        KeyBinding([.char("t")], .refresh, "toggle flag", scope: .view(.fleet), mutates: true, inFooter: true),
        KeyBinding([.char("?")], .back, "view-specific help", scope: .view(.audit)),
    ])

    @Test func readOnlyRemovesMutatingBindingsFromKeysFooterAndHelp() {
        let rw = registry.active(readOnly: false)
        let ro = registry.active(readOnly: true)
        #expect(rw.action(for: .char("t"), in: .view(.fleet)) == .refresh)
        #expect(ro.action(for: .char("t"), in: .view(.fleet)) == nil)
        #expect(rw.footerHints(for: .view(.fleet)).map(\.key) == ["?", "q", "t"])
        #expect(ro.footerHints(for: .view(.fleet)).map(\.key) == ["?", "q"])
        let rwHelp = rw.helpLines(for: .view(.fleet)).map { $0.spans.map(\.text).joined() }
        let roHelp = ro.helpLines(for: .view(.fleet)).map { $0.spans.map(\.text).joined() }
        #expect(rwHelp.contains { $0.contains("toggle flag") && $0.contains("(writes)") })
        #expect(!roHelp.contains { $0.contains("toggle flag") })
    }

    @Test func viewBindingsWinOverGlobalOnes() {
        #expect(registry.action(for: .char("?"), in: .view(.audit)) == .back)
        #expect(registry.action(for: .char("?"), in: .view(.fleet)) == .help)
    }

    @Test func standardRegistryHasNoDuplicateKeysPerScope() {
        var seen = Set<String>()
        for binding in KeyRegistry.standard.bindings {
            for key in binding.keys {
                #expect(seen.insert("\(binding.scope)|\(key)").inserted, "\(key) bound twice")
            }
        }
    }
}

@Suite struct RegionNameTests {
    @Test(arguments: [("us-east-1", "use1"), ("eu-central-1", "euc1"), ("ap-southeast-2", "apse2"),
                      ("us-gov-west-1", "usgw1"), ("me-central-1", "mec1"), ("local", "local")])
    func shortNames(region: String, short: String) {
        #expect(RegionName.short(region) == short)
    }
}
