import FlagModel
import Foundation
import Testing
import TerminalUI
@testable import FlagDeck

/// A multi-variant flag in the toggle dialog: `!` and `t` open the variant picker first,
/// "all variants off" is preselected, and the draft carries the choice.
///
/// The fixture is `FleetFixture` with `button_color` added to the checkout documents:
/// us-east-1 serves Beta (on), Split (on) and Default (off) everywhere; eu-west-1 serves
/// Beta (on, another rule) and Default (off) in versions 1–2 and everything off in version
/// 3, which only eu-west-1 dev serves. So the environments differ, Split is absent in
/// eu-west-1, and eu-west-1 dev has nothing to switch off.
@Suite struct MultiVariantToggleTests {
    static let us = #""button_color": {"_variants": [{"name": "Beta", "enabled": true, "rule": "(ends_with $email \"@example.com\")"}, {"name": "Split", "enabled": true, "rule": "(split by::$userId pct::20)"}, {"name": "Default", "enabled": false}]}"#
    static let eu = #""button_color": {"_variants": [{"name": "Beta", "enabled": true, "rule": "(eq $country \"IE\")"}, {"name": "Default", "enabled": false}]}"#
    static let euOff = #""button_color": {"_variants": [{"name": "Beta", "enabled": false, "rule": "(eq $country \"IE\")"}, {"name": "Default", "enabled": false}]}"#

    static func adding(_ value: String, to document: FeatureFlagDocument) -> FeatureFlagDocument {
        let text = document.serialized(pretty: false)
            .replacingOccurrences(of: #""flags":{"#, with: #""flags":{"button_color":{"name":"Button colour"},"#)
            .replacingOccurrences(of: #""values":{"#, with: #""values":{\#(value),"#)
        return try! FeatureFlagDocument(parsing: text)
    }

    static var result: ScanResult { result() }

    static func result(eu: String = Self.eu, euV3: String = euOff) -> ScanResult {
        var input = FleetFixture.input
        for i in input.profiles.indices where input.profiles[i].profile.applicationName == "checkout" {
            let isEU = input.profiles[i].profile.region == "eu-west-1"
            var documents: [Int: HostedDocument] = [:]
            for (version, hosted) in input.profiles[i].documents {
                guard case .parsed(let doc) = hosted else { continue }
                documents[version] = .parsed(adding(isEU ? (version == 3 ? euV3 : eu) : us, to: doc))
            }
            input.profiles[i] = HostedProfile(profile: input.profiles[i].profile, latestVersion: input.profiles[i].latestVersion,
                                              documents: documents)
        }
        return ScanResult.build(from: input, policy: RetirementPolicy(asOf: FleetFixture.asOf), errors: [], scannedAt: FleetFixture.asOf)
    }

    func loaded(_ size: Size = Size(width: 120, height: 40), _ result: ScanResult = Self.result) -> AppState {
        var state = AppState(readOnly: false, size: size)
        _ = update(&state, .scanFinished(result), registry: .standard)
        return state
    }

    func press(_ state: inout AppState, _ keys: Key...) -> [Effect] {
        var effects: [Effect] = []
        for key in keys { effects += update(&state, .key(key), registry: .standard) }
        return effects
    }

    func type(_ state: inout AppState, _ text: String) {
        for c in text { _ = update(&state, .key(.char(c)), registry: .standard) }
    }

    func render(_ state: AppState) -> CellBuffer {
        Screen.render(state, registry: KeyRegistry.standard.active(readOnly: false), now: FleetFixture.asOf)
    }

    func dialog(_ state: AppState) -> ToggleDialog? {
        if case .toggle(let dialog)? = state.overlay { dialog } else { nil }
    }

    @Test func incidentOnAMultiVariantFlagPicksAllVariantsOffAndPlansIt() throws {
        var state = loaded()
        _ = press(&state, .char("!"))
        type(&state, "button_color")
        // The search says it serves variants (not "on in 0").
        #expect(render(state).text.contains("◆ variants in 6 of 6"))
        _ = press(&state, .enter)
        let picker = try #require(dialog(state))
        #expect(picker.phase == .pickVariant)
        #expect(picker.variantCursor == 0, "all variants off is preselected")
        #expect(picker.variants.map(\.name) == ["Beta", "Split", "Default"])
        #expect(picker.variants.map(\.onIn) == [5, 3, 0])
        #expect(picker.variants.map(\.offIn) == [1, 0, 6])
        #expect(picker.variants.map(\.missingIn) == [0, 3, 0])
        #expect(picker.variants.map(\.isDefault) == [false, false, true])
        #expect(picker.variantsDiffer)

        // Enter: all variants off, then the usual dialog, where every environment with a
        // variant on is selected (eu-west-1 dev serves everything off already).
        _ = press(&state, .enter)
        let chosen = try #require(dialog(state))
        #expect(chosen.phase == .choose && chosen.variant == .allOff && !chosen.enable)
        #expect(chosen.choices.filter(\.selected).map(\.environment.description).sorted()
                == chosen.choices.map(\.environment.description).filter { $0 != "payments-prod/eu-west-1/checkout/dev" }.sorted())
        // `v` cannot turn "all off" into "all on".
        _ = press(&state, .char("v"))
        #expect(dialog(state)?.enable == false)
        #expect(state.status?.text.contains("all variants off is a disable") == true)

        let effects = press(&state, .enter)
        guard case .planToggle(let draft)? = effects.first else { Issue.record("no plan effect: \(effects)"); return }
        #expect(draft.variant == .allOff && !draft.enable && draft.environments.count == 5 && draft.strategy == nil)
        #expect(draft.flag.key == "button_color")

        // The confirmation shows the plan's lines, one per variant change.
        _ = update(&state, .togglePlanned(TogglePreview(
            token: 4, lines: ["checkout/checkout-flags/button_color → all variants off",
                              "  payments-prod/us-east-1/checkout/prod [PRODUCTION]: checkout-flags from version 2: 2 changes; strategy AppConfig.AllAtOnce",
                              "    values.button_color._variants[0].enabled: true → false (variant Beta)",
                              "    values.button_color._variants[1].enabled: true → false (variant Split)"],
            warnings: [], refusals: [], touchesProduction: true, canExecute: true)), registry: .standard)
        let screen = render(state).text
        #expect(screen.contains("values.button_color._variants[0].enabled: true → false (variant Beta)"))
        #expect(screen.contains("values.button_color._variants[1].enabled: true → false (variant Split)"))
        #expect(press(&state, .char("y")).isEmpty)
        #expect(press(&state, .char("y")) == [.executeToggle(token: 4)])
    }

    @Test func pickingOneVariantTogglesOnlyIt() throws {
        var state = loaded()
        _ = press(&state, .char("!"))
        type(&state, "button_color")
        _ = press(&state, .enter, .down, .down)  // Split
        #expect(dialog(state)?.variantCursor == 2)
        _ = press(&state, .enter)
        let chosen = try #require(dialog(state))
        #expect(chosen.variant == .named("Split") && !chosen.enable)
        // Only the environments serving Split (us-east-1) are selected.
        #expect(chosen.choices.filter(\.selected).map(\.environment.region) == ["us-east-1", "us-east-1", "us-east-1"])
        #expect(render(state).text.contains("◆ no Split"))
        _ = press(&state, .char("v"))
        let effects = press(&state, .enter)
        guard case .planToggle(let draft)? = effects.first else { Issue.record("no plan effect: \(effects)"); return }
        #expect(draft.variant == .named("Split") && draft.enable)

        // The default can be switched on by name; Esc in the dialog goes back to the picker.
        state.overlay = nil
        _ = press(&state, .char("!"))
        type(&state, "button_color")
        _ = press(&state, .enter, .up, .char("G"), .char("j"), .char("j"), .char("j"), .char("j"), .enter)
        #expect(dialog(state)?.variant == .named("Default"))
        #expect(dialog(state)?.enable == true, "Default is off everywhere: the proposal is on")
        _ = press(&state, .escape)
        #expect(dialog(state)?.phase == .pickVariant)
        _ = press(&state, .escape)
        #expect(state.overlay == nil)
    }

    @Test func toggleFromTheFlagViewOpensThePickerToo() throws {
        var state = loaded()
        _ = press(&state, .char("/"))
        type(&state, "button")
        _ = press(&state, .enter, .enter, .char("t"))
        #expect(dialog(state)?.flag.key == "button_color")
        #expect(dialog(state)?.phase == .pickVariant)
    }

    @Test func plainFlagsSkipThePicker() throws {
        var state = loaded()
        _ = press(&state, .char("!"))
        type(&state, "new_checkout")
        _ = press(&state, .enter)
        let plain = try #require(dialog(state))
        #expect(plain.phase == .choose && plain.variant == nil && !plain.isMultiVariant)
        let effects = press(&state, .enter)
        guard case .planToggle(let draft)? = effects.first else { Issue.record("no plan effect"); return }
        #expect(draft.variant == nil)
    }

    @Test(arguments: [Size(width: 120, height: 40), Size(width: 80, height: 24)])
    func pickerScreen(size: Size) {
        var state = loaded(size)
        _ = press(&state, .char("!"))
        type(&state, "button_color")
        _ = press(&state, .enter)
        GoldenScreen.assertMatches(render(state), "variant-picker-\(size.width)x\(size.height)")
    }

    @Test func allVariantsOffDialogScreen() {
        var state = loaded()
        _ = press(&state, .char("!"))
        type(&state, "button_color")
        _ = press(&state, .enter, .enter)
        GoldenScreen.assertMatches(render(state), "variant-all-off-120x40")
        // The confirmation: each environment, then its per-variant changes under it (lines as
        // TogglePlan.lines() writes them; the long ones wrap under their own indentation).
        _ = press(&state, .enter)
        _ = update(&state, .togglePlanned(TogglePreview(
            token: 4, lines: [
                "checkout/checkout-flags/button_color → all variants off",
                "  payments-prod/eu-west-1/checkout/prod [PRODUCTION]: checkout-flags from version 2: values.button_color._variants[0].enabled: true → false (variant Beta); strategy AppConfig.AllAtOnce (deploy 0 min, bake 10 min)",
                "  payments-prod/us-east-1/checkout/prod [PRODUCTION]: checkout-flags from version 2: 2 changes; strategy AppConfig.AllAtOnce (deploy 0 min, bake 10 min)",
                "    values.button_color._variants[0].enabled: true → false (variant Beta)",
                "    values.button_color._variants[1].enabled: true → false (variant Split)",
            ],
            warnings: [], refusals: [], touchesProduction: true, canExecute: true)), registry: .standard)
        GoldenScreen.assertMatches(render(state), "variant-confirm-120x40")
    }

    /// eu-west-1 serves the flag as a plain value (on in staging and prod, off in dev): the
    /// picker says so, and "all variants off" switches it off there too.
    @Test func plainEnvironmentsOfAMultiVariantFlagAreNamedAndSwitchedOff() throws {
        var state = loaded(Size(width: 120, height: 40),
                           Self.result(eu: #""button_color": {"enabled": true}"#, euV3: #""button_color": {"enabled": false}"#))
        _ = press(&state, .char("!"))
        type(&state, "button_color")
        #expect(render(state).text.contains("on in 2, ◆ variants in 3 of 6"))
        _ = press(&state, .enter)
        let picker = try #require(dialog(state))
        #expect(picker.phase == .pickVariant && picker.plainEnvironments == 3 && picker.variantEnvironments == 3)
        #expect(!picker.variantsDiffer)
        let screen = render(state).text
        #expect(screen.contains("⚠ 3 environments serve it as a plain flag (no variants)"))
        _ = press(&state, .enter)
        let chosen = try #require(dialog(state))
        #expect(chosen.choices.filter(\.selected).count == 5, "every variant env, and the plain ones that are on")
        #expect(!chosen.choices.first { $0.environment.region == "eu-west-1" && $0.environment.environmentName == "dev" }!.selected)
    }
}
