import FlagDeploy
import FlagModel
import Foundation
import Testing

@Suite struct TogglePlannerTests {
    @Test func disableChangesExactlyOneValueAndKeepsKeyOrder() throws {
        let plan = TogglePlanner.plan(Documents.request(), targets: [Documents.target("prod")])
        #expect(plan.refusals.isEmpty)
        let step = try #require(plan.steps.first)
        #expect(step.diffLine == "values.new_checkout.enabled: true → false")
        #expect(step.baseVersion == 3)
        #expect(step.strategy.id == "AppConfig.AllAtOnce")
        #expect(step.strategy.finalBakeMinutes == 10)
        #expect(step.isProduction)
        #expect(plan.needsDeliberateConfirmation)

        let version = try #require(plan.versions.first)
        let base = Documents.document()
        let changed = try #require(Documents.changedLines(base, version.document))
        #expect(changed.count == 1)
        #expect(changed.first?.0.trimmingCharacters(in: .whitespaces) == #""enabled": true,"#)
        #expect(changed.first?.1.trimmingCharacters(in: .whitespaces) == #""enabled": false,"#)
        // Same text but for that one value: key order, timestamps and number text survive.
        #expect(version.content == base.serialized(pretty: true).replacingOccurrences(
            of: "\"new_checkout\": {\n      \"enabled\": true", with: "\"new_checkout\": {\n      \"enabled\": false"))
        #expect(version.content != base.serialized(pretty: true))
        #expect(version.document.flagKeys == base.flagKeys)
        #expect(version.document.validate().isEmpty)
        #expect(version.latestKnownVersion == 3)
    }

    @Test func environmentsDeployingTheSameBaseShareOneVersion() {
        let older = Documents.document(darkMode: true)
        let plan = TogglePlanner.plan(Documents.request(), targets: [
            Documents.target("prod"), Documents.target("prod-canary"),
            Documents.target("staging", deployed: 2, deployedDocument: older),
            Documents.target("prod", region: "eu-west-1"),
        ])
        #expect(plan.steps.count == 4)
        #expect(plan.versions.count == 3)
        #expect(plan.steps[0].versionIndex == plan.steps[1].versionIndex)
        #expect(plan.steps[2].versionIndex != plan.steps[0].versionIndex)
        #expect(plan.versions[plan.steps[2].versionIndex].baseVersion == 2)
        // Another region is another profile, even with the same base number.
        #expect(plan.steps[3].versionIndex != plan.steps[0].versionIndex)
        #expect(!plan.steps[2].isProduction)
        #expect(plan.lines().contains { $0.contains("serves prod, prod-canary") })
    }

    @Test func latestNewerThanDeployedIsWarnedWithTheDifference() throws {
        let latest = Documents.document(darkMode: true)
        let plan = TogglePlanner.plan(Documents.request(), targets: [
            Documents.target("prod", deployed: 3, latest: 5, latestDocument: latest),
        ])
        let step = try #require(plan.steps.first)
        let warning = try #require(step.newerLatest)
        #expect(warning.deployedVersion == 3 && warning.latestVersion == 5)
        #expect(warning.changes.map(\.description) == ["dark_mode: off → on"])
        #expect(warning.text.contains("version 5 is newer than the deployed version 3"))
        #expect(warning.text.contains("dark_mode: off → on"))
        #expect(plan.warnings.count == 1)
        #expect(plan.lines().contains { $0.hasPrefix("    WARNING: version 5 is newer") })
        // Built from the deployed version: the latest's dark_mode change is not carried along.
        let version = try #require(plan.versions.first)
        #expect(version.baseVersion == 3)
        #expect(version.latestKnownVersion == 5)
        #expect(version.document.value("dark_mode")?.enabled == false)
        #expect(Documents.changedLines(Documents.document(), version.document)?.count == 1)
    }

    /// An enable of a multi-variant flag needs the variant; a disable without one switches
    /// every variant off (an incident wants it off everywhere).
    @Test func multiVariantEnableNeedsAVariantAndDisableWithoutOneSwitchesAllOff() throws {
        let off = Documents.document(themeBeta: false)
        let refused = TogglePlanner.plan(Documents.request(enabled: true, key: "ui_theme"),
                                         targets: [Documents.target("prod", deployedDocument: off)])
        #expect(refused.steps.isEmpty)
        #expect(refused.refusals.first?.reason
                == FlagEditError.variantRequired(flag: "ui_theme", variants: ["Beta", "Default"]).description)

        let plan = TogglePlanner.plan(Documents.request(key: "ui_theme", variant: "Beta"), targets: [Documents.target("prod")])
        let step = try #require(plan.steps.first)
        #expect(step.diffLine == "values.ui_theme._variants[0].enabled: true → false (variant Beta)")
        #expect(plan.request.valueLabel == "variant Beta off")
        let enable = TogglePlanner.plan(Documents.request(enabled: true, key: "ui_theme", variant: "Default"),
                                        targets: [Documents.target("prod")])
        #expect(enable.steps.first?.diffLine == "values.ui_theme._variants[1].enabled: false → true (variant Default, the default)")

        // A plain disable (no variant): every variant that is on goes off.
        let disable = TogglePlanner.plan(Documents.request(key: "ui_theme"),
                                         targets: [Documents.target("prod", deployedDocument: Documents.document(themeDefault: true))])
        #expect(disable.refusals.isEmpty)
        let all = try #require(disable.steps.first)
        #expect(all.diffs.map(\.description) == ["values.ui_theme._variants[0].enabled: true → false (variant Beta)",
                                                 "values.ui_theme._variants[1].enabled: true → false (variant Default, the default)"])
        #expect(all.strategy.id == "AppConfig.AllAtOnce")
        #expect(all.deploymentDescription.hasPrefix("flagdeck: alice: ui_theme all variants off: INC-42"))
    }

    @Test func allVariantsOffShowsEveryPerVariantChangeAndNothingElseChanges() throws {
        let base = Documents.document(themeDefault: true)
        let plan = TogglePlanner.plan(Documents.request(key: "ui_theme", allVariants: true),
                                      targets: [Documents.target("prod", deployedDocument: base),
                                                Documents.target("staging", deployedDocument: base)])
        #expect(plan.request.valueLabel == "all variants off")
        #expect(plan.refusals.isEmpty && plan.steps.count == 2 && plan.versions.count == 1)
        let version = try #require(plan.versions.first)
        #expect(version.diffs.count == 2)
        #expect(version.description == "flagdeck: alice: ui_theme all variants off (variant Beta, variant Default, the default) "
                + "(from version 3): INC-42 checkout errors")
        // Exactly the two `enabled` leaves change; key order, rules and attributes stay.
        let changed = try #require(Documents.changedLines(base, version.document))
        #expect(changed.map { $0.0.trimmingCharacters(in: .whitespaces) } == [#""enabled": true,"#, #""enabled": true,"#])
        #expect(changed.map { $0.1.trimmingCharacters(in: .whitespaces) } == [#""enabled": false,"#, #""enabled": false,"#])
        #expect(version.document.value("ui_theme")?.variants?.map(\.enabled) == [false, false])
        #expect(version.document.validate().isEmpty)

        let lines = plan.lines()
        #expect(lines[0] == "checkout/feature-flags/ui_theme → all variants off (reason: INC-42 checkout errors)")
        #expect(lines[1].hasPrefix("  payments-prod/us-east-1/checkout/prod [PRODUCTION]: feature-flags from version 3: 2 changes; strategy AppConfig.AllAtOnce"))
        #expect(lines[2] == "    values.ui_theme._variants[0].enabled: true → false (variant Beta)")
        #expect(lines[3] == "    values.ui_theme._variants[1].enabled: true → false (variant Default, the default)")
        #expect(plan.steps[0].diffLine == lines[2].trimmingCharacters(in: .whitespaces) + "; " + lines[3].trimmingCharacters(in: .whitespaces))
    }

    @Test func allVariantsOffAlreadyOffIsUnchangedAndOnAPlainFlagIsAPlainDisable() throws {
        let off = Documents.document(themeBeta: false)
        let unchanged = TogglePlanner.plan(Documents.request(key: "ui_theme", allVariants: true),
                                           targets: [Documents.target("prod", deployedDocument: off)])
        #expect(!unchanged.hasWork)
        #expect(unchanged.unchanged.first?.reason == "version 3 already has ui_theme all variants off")

        let plain = TogglePlanner.plan(Documents.request(allVariants: true), targets: [Documents.target("prod")])
        #expect(plain.steps.first?.diffLine == "values.new_checkout.enabled: true → false")
        #expect(plain.steps.first?.deploymentDescription.hasPrefix("flagdeck: alice: new_checkout off: ") == true)

        let on = TogglePlanner.plan(Documents.request(enabled: true, key: "ui_theme", allVariants: true), targets: [Documents.target("prod")])
        #expect(on.refusals.first?.reason == "all variants can only be switched off; to switch one on, name it")
        let both = TogglePlanner.plan(Documents.request(key: "ui_theme", variant: "Beta", allVariants: true), targets: [Documents.target("prod")])
        #expect(both.refusals.first?.reason == "choose one variant (Beta) or all variants, not both")
    }

    @Test func enableUsesTheLastStrategyAndDisableAllAtOnce() throws {
        let linear = StrategySummary(id: "AppConfig.Linear20PercentEvery6Minutes", deploymentDurationMinutes: 30,
                                     finalBakeMinutes: 30)
        let off = Documents.document(checkout: false)
        let enable = TogglePlanner.plan(Documents.request(enabled: true), targets: [
            Documents.target("prod", deployedDocument: off, lastStrategy: linear),
        ])
        #expect(enable.steps.first?.strategy.id == linear.id)
        #expect(enable.steps.first?.strategy.summary == "AppConfig.Linear20PercentEvery6Minutes (deploy 30 min, bake 30 min)")

        let disable = TogglePlanner.plan(Documents.request(), targets: [Documents.target("prod", lastStrategy: linear)])
        #expect(disable.steps.first?.strategy.id == "AppConfig.AllAtOnce")

        let chosen = TogglePlanner.plan(Documents.request(strategy: .id("AppConfig.Canary10Percent20Minutes")),
                                        targets: [Documents.target("prod")])
        #expect(chosen.steps.first?.strategy.deploymentDurationMinutes == 20)
    }

    @Test func unknownStrategyInAKnownListIsRefused() {
        let custom = StrategySummary(id: "abc1234", name: "Slow", deploymentDurationMinutes: 600, finalBakeMinutes: 30)
        let plan = TogglePlanner.plan(Documents.request(strategy: .id("zzz9999")),
                                      targets: [Documents.target("prod", strategies: [custom])])
        #expect(plan.steps.isEmpty)
        #expect(plan.refusals.first?.reason.contains("no deployment strategy \"zzz9999\"") == true)
        let ok = TogglePlanner.plan(Documents.request(strategy: .id("abc1234")),
                                    targets: [Documents.target("prod", strategies: [custom])])
        #expect(ok.steps.first?.strategy == custom)
    }

    @Test func alreadySetNeverDeployedAndAbsentFlags() {
        let plan = TogglePlanner.plan(Documents.request(), targets: [
            Documents.target("prod", deployedDocument: Documents.document(checkout: false)),
            Documents.target("dev", deployed: nil),
        ])
        #expect(!plan.hasWork)
        #expect(plan.unchanged.map(\.environment.environmentName) == ["prod"])
        #expect(plan.refusals.map(\.environment.environmentName) == ["dev"])
        #expect(plan.refusals.first?.reason.contains("never deployed") == true)

        let absent = TogglePlanner.plan(Documents.request(key: "no_such_flag"), targets: [Documents.target("prod")])
        #expect(absent.refusals.first?.reason.contains("has no flag \"no_such_flag\"") == true)
    }

    @Test func productionFollowsTheConfiguredPatterns() {
        let plan = TogglePlanner.plan(Documents.request(), targets: [Documents.target("live"), Documents.target("prod")],
                                      productionPatterns: ["live"])
        #expect(plan.steps.map(\.isProduction) == [true, false])
    }

    @Test func descriptionAndLabelRecordWhoWhatWhy() throws {
        let plan = TogglePlanner.plan(Documents.request(reason: "Kunde beschwert sich — Zahlungsfehler\nsiehe INC-42"),
                                      targets: [Documents.target("prod")])
        let version = try #require(plan.versions.first)
        #expect(version.description == "flagdeck: alice: values.new_checkout.enabled: true -> false (from version 3): "
                + "Kunde beschwert sich - Zahlungsfehler siehe INC-42")
        #expect(version.versionLabel.hasPrefix("flagdeck.alice."))
        // The operation id makes the label unique and findable after a lost answer.
        let operation = plan.request.operationId
        #expect(operation.count == 10 && operation.hasPrefix("fd"))
        #expect(version.versionLabel.contains(".v3.\(operation).kunde-beschwert-si"))
        #expect(version.versionLabel.count <= 64)
        #expect(plan.steps.first?.deploymentDescription
                == "flagdeck: alice: new_checkout off: Kunde beschwert sich - Zahlungsfehler siehe INC-42 [flagdeck-op \(operation)]")
    }
}
