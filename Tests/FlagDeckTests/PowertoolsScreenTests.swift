import FlagModel
import Foundation
import Testing
import TerminalUI
@testable import FlagDeck

/// Golden screens of a Powertools feature (issue 15): the Flag view says what its rules do
/// in words and, after `e`, what each environment serves a context; a non-boolean feature
/// refuses the toggle with the reason.
@Suite struct PowertoolsScreenTests {
    static let asOf = FleetFixture.asOf

    static func features(_ premiumRule: Bool) -> FeatureFlagDocument {
        let rule: JSONValue = ["when_match": true, "conditions": [
            ["action": "EQUALS", "key": "tier", "value": "premium"],
            ["action": "MODULO_RANGE", "key": "userId", "value": ["BASE": 100, "START": 0, "END": 49]],
        ]]
        return FeatureFlagDocument(powertools: [
            "premium_checkout": premiumRule ? ["default": false, "rules": ["premium half": rule]] : ["default": false],
            "order_batch_size": ["default": ["size": 25], "boolean_type": false],
        ])
    }

    static var result: ScanResult {
        let account = "444455556666"
        let profile = ProfileRef(accountId: account, region: "us-east-1", applicationName: "order-events", profileId: "pt",
                                 profileName: "powertools-flags")
        let hosted = HostedProfile(profile: profile, latestVersion: 2,
                                   documents: [1: .parsed(features(false)), 2: .parsed(features(true))])
        var environments: [EnvironmentID] = []
        var histories: [DeploymentHistory] = []
        for (name, version) in [("dev", 2), ("prod", 1)] {
            let e = FleetFixture.env("platform", account, "us-east-1", "order-events", name)
            environments.append(e)
            var deployments = [FleetFixture.deployment(1, 1, completedDaysAgo: 90)]
            if version == 2 { deployments.append(FleetFixture.deployment(2, 2, completedDaysAgo: 5)) }
            histories.append(DeploymentHistory(environment: e, profile: profile, deployments: deployments))
        }
        return ScanResult.build(from: FleetInput(environments: environments, profiles: [hosted], histories: histories),
                                policy: RetirementPolicy(asOf: asOf), errors: [], scannedAt: asOf)
    }

    func loaded(_ size: Size) -> AppState {
        var state = AppState(readOnly: false, size: size)
        _ = update(&state, .scanFinished(Self.result), registry: .standard)
        return state
    }

    func press(_ state: inout AppState, _ keys: Key...) {
        for key in keys { _ = update(&state, .key(key), registry: .standard) }
    }

    func type(_ state: inout AppState, _ text: String) {
        for c in text { press(&state, .char(c)) }
    }

    func render(_ state: AppState) -> CellBuffer {
        Screen.render(state, registry: KeyRegistry.standard, now: Self.asOf)
    }

    @Test(arguments: [Size(width: 120, height: 40), Size(width: 80, height: 24)])
    func flagViewWithRulesInWordsAndAnEvaluation(size: Size) {
        var state = loaded(size)
        press(&state, .char("j"), .enter)
        #expect(state.detail?.key == "premium_checkout")
        press(&state, .char("e"))
        type(&state, "tier=premium userId=142")
        press(&state, .enter)
        #expect(state.evaluation?.context["userId"] == .number(JSONNumber(142)))
        GoldenScreen.assertMatches(render(state), "powertools-flag-\(size.width)x\(size.height)")

        // Esc closes the evaluation first, then the Flag view.
        press(&state, .escape)
        #expect(state.evaluation == nil && state.detail != nil)
        press(&state, .escape)
        #expect(state.detail == nil)
    }

    @Test func aContextThatDoesNotParseSaysWhyAndKeepsTheView() {
        var state = loaded(Size(width: 120, height: 40))
        press(&state, .char("j"), .enter, .char("e"))
        type(&state, "tier")
        press(&state, .enter)
        #expect(state.evaluation == nil)
        #expect(state.status?.kind == .error)
        #expect(state.status?.text.hasPrefix("context: ") == true, "\(state.status?.text ?? "")")
    }

    @Test func aNonBooleanFeatureIsNotToggled() {
        var state = loaded(Size(width: 120, height: 40))
        press(&state, .enter)
        #expect(state.detail?.key == "order_batch_size")
        press(&state, .char("t"))
        #expect(state.overlay == nil)
        #expect(state.status?.text.contains("non-boolean Powertools feature") == true)
    }

    @Test func aValueCellShowsAShortScalarItself() {
        #expect(CellGlyphs.shortValue(5) == "5")
        #expect(CellGlyphs.shortValue("EUR") == #""EUR""#)
        #expect(CellGlyphs.shortValue("a long string") == "val")
        #expect(CellGlyphs.shortValue(["size": 25]) == "val")
        #expect(CellGlyphs.shortValue(nil) == "val")
    }
}
