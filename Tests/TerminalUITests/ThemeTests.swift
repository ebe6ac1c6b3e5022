import Foundation
import Testing
@testable import TerminalUI

/// The repository root, from this file's location, for the bundled themes/.
let repositoryRoot = URL(fileURLWithPath: #filePath).resolvingSymlinksInPath().deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
let themesDirectory = repositoryRoot.appendingPathComponent("themes").path

@Suite struct ThemeFileTests {
    @Test func parsesColoursAttributesAndComments() {
        let (theme, warnings) = ThemeFile.parse("""
        # a comment
        flag_on  = #00ff00 default bold   # trailing comment
        flag_off = 244
        selected = bright_white blue reverse underline
        """, name: "t", file: "t.theme")
        #expect(warnings.isEmpty)
        #expect(theme.appearance(of: .flagOn) == Appearance(.rgb(0, 255, 0), .terminalDefault, .bold))
        #expect(theme.appearance(of: .flagOff) == Appearance(.indexed(244)))
        #expect(theme.appearance(of: .selected) == Appearance(.ansi(15), .ansi(4), [.reverse, .underline]))
        #expect(theme.appearance(of: .drift) == Theme.builtinDefault.appearance(of: .drift))
    }

    @Test func unknownKeysAndBadValuesWarnWithFileAndLineAndKeepDefaults() {
        let (theme, warnings) = ThemeFile.parse("""
        flag_on = #00ff00

        flag_onn = red
        stale = #12345z
        dead = red bold blue
        no equals sign here
        """, name: "broken", file: "/x/broken.theme")
        #expect(warnings.map(\.line) == [3, 4, 5, 6])
        #expect(warnings[0].description.hasPrefix("/x/broken.theme:3: unknown key \"flag_onn\""))
        #expect(warnings[1].description == "/x/broken.theme:4: bad value for stale: \"#12345z\" is neither a colour (default, #rrggbb, 0-255, ANSI name) nor an attribute (bold, dim, underline, reverse, italic); using the default")
        #expect(warnings[2].description == "/x/broken.theme:5: bad value for dead: colour \"blue\" after attributes or a third colour; using the default")
        #expect(warnings[3].description == "/x/broken.theme:6: expected `role = colour [colour] [attributes]`, got \"no equals sign here\"")
        #expect(theme.appearance(of: .stale) == Theme.builtinDefault.appearance(of: .stale))
        #expect(theme.appearance(of: .dead) == Theme.builtinDefault.appearance(of: .dead))
        #expect(theme.appearance(of: .flagOn) == Appearance(.rgb(0, 255, 0)))
    }

    @Test func bundledDefaultThemeFileEqualsTheBuiltInDefault() throws {
        let text = try String(contentsOfFile: themesDirectory + "/default.theme", encoding: .utf8)
        let (theme, warnings) = ThemeFile.parse(text, name: "default", file: "default.theme")
        #expect(warnings.isEmpty)
        #expect(theme.appearances == Theme.builtinDefault.appearances)
        #expect(text == ThemeFile.serialize(Theme.builtinDefault))
    }

    @Test(arguments: ["default", "light", "high-contrast", "ansi16", "monochrome"])
    func everyBundledThemeLoadsCleanlyAndSetsEveryRole(name: String) throws {
        let locator = ThemeLocator(searchDirectories: [themesDirectory])
        let (theme, warnings) = try locator.load(name)
        #expect(warnings.isEmpty, "\(warnings)")
        let text = try String(contentsOfFile: themesDirectory + "/\(name).theme", encoding: .utf8)
        for role in StyleRole.allCases {
            #expect(text.contains("\n\(role.rawValue) ") || text.contains("\n\(role.rawValue)="), "\(name) lacks \(role.rawValue)")
        }
        #expect(theme.name == name)
    }

    @Test func ansi16ThemeUsesOnlySixteenColours() throws {
        let (theme, _) = try ThemeLocator(searchDirectories: [themesDirectory]).load("ansi16")
        for role in StyleRole.allCases {
            let look = theme.appearance(of: role)
            for color in [look.foreground, look.background] {
                switch color {
                case .terminalDefault, .ansi: break
                default: Issue.record("\(role) uses \(color)")
                }
            }
        }
    }

    @Test func locatorSearchOrderAndMissingTheme() throws {
        let tmp = FileManager.default.temporaryDirectory.appendingPathComponent("themes-\(UUID())")
        try FileManager.default.createDirectory(at: tmp, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: tmp) }
        try "flag_on = red\n".write(to: tmp.appendingPathComponent("default.theme"), atomically: true, encoding: .utf8)
        let locator = ThemeLocator.standard(environment: ["FLAGDECK_THEMES": tmp.path, "HOME": "/nonexistent"])
        #expect(locator.searchDirectories.first == tmp.path)
        #expect(locator.searchDirectories.contains("/nonexistent/.config/flagdeck/themes"))
        #expect(try locator.load("default").0.appearance(of: .flagOn) == Appearance(.ansi(1)))
        #expect(throws: ThemeLocator.LoadError.self) { try locator.load("no-such-theme") }
        let empty = ThemeLocator(searchDirectories: ["/nonexistent"])
        #expect(try empty.load("default").0 == Theme.builtinDefault)
    }
}

@Suite struct ColorTests {
    @Test func downsamplesToWhatTheTerminalHas() {
        let green = ThemeColor.rgb(0x3f, 0xb9, 0x50)
        #expect(ColorDownsampler.terminalColor(green, mode: .indexed256) == 71)
        #expect(ColorDownsampler.terminalColor(green, mode: .ansi16) == 2)
        #expect(ColorDownsampler.terminalColor(.rgb(0x80, 0x80, 0x80), mode: .indexed256) == 244)
        #expect(ColorDownsampler.terminalColor(.indexed(196), mode: .ansi16) == 9)
        #expect(ColorDownsampler.terminalColor(.ansi(9), mode: .ansi8) == 1)
        #expect(ColorDownsampler.terminalColor(.ansi(9), mode: .none) == -1)
        #expect(ColorDownsampler.terminalColor(.terminalDefault, mode: .indexed256) == -1)
    }

    @Test func colorModeHonoursNoColor() {
        #expect(ColorMode(colors: 256, noColor: true) == ColorMode.none)
        #expect(ColorMode(colors: 256, noColor: false) == .indexed256)
        #expect(ColorMode(colors: 8, noColor: false) == .ansi8)
        #expect(ColorMode(colors: 16, noColor: false) == .ansi16)
        #expect(ColorMode(colors: 0, noColor: false) == ColorMode.none)
    }

    @Test func selectionKeepsStateColourAndMonochromeUsesReverse() {
        let theme = Theme.builtinDefault
        let on = theme.appearance(of: CellStyle(.flagOn, selected: true), mode: .indexed256)
        #expect(on.foreground == theme.appearance(of: .flagOn).foreground)
        #expect(on.background == theme.appearance(of: .selected).background)
        let mono = theme.appearance(of: CellStyle(.text, selected: true), mode: .none)
        #expect(mono.attributes.contains(.reverse))
        #expect(theme.appearance(of: CellStyle(.readonlyBadge), mode: .none).attributes.contains(.reverse))
    }
}
