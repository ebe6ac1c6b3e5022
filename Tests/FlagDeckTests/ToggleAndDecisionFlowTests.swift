import FlagModel
import Foundation
import Testing
import TerminalUI
@testable import FlagDeck

/// The on-call path and the review path through `update`, without I/O: which effects
/// are asked for, in which order, after how many keys.
@Suite struct ToggleAndDecisionFlowTests {
    func loaded(readOnly: Bool = false) -> AppState {
        var state = AppState(readOnly: readOnly, size: Size(width: 120, height: 40))
        _ = update(&state, .scanFinished(FleetFixture.result), registry: .standard)
        return state
    }

    func press(_ state: inout AppState, _ keys: Key..., registry: KeyRegistry = .standard) -> [Effect] {
        var effects: [Effect] = []
        for key in keys { effects += update(&state, .key(key), registry: registry.active(readOnly: state.readOnly)) }
        return effects
    }

    func type(_ state: inout AppState, _ text: String) {
        for c in text { _ = update(&state, .key(.char(c)), registry: .standard) }
    }

    @Test func incidentDisablesAProductionFlagInFourKeysAfterTheName() {
        var state = loaded()
        _ = press(&state, .char("!"))
        type(&state, "new_checkout")
        // 1: choose the flag; 2: plan with the defaults (disable where on).
        _ = press(&state, .enter)
        guard case .toggle(let dialog)? = state.overlay else { Issue.record("no toggle dialog"); return }
        #expect(dialog.enable == false)
        #expect(dialog.choices.filter(\.selected).count == 6)
        #expect(dialog.strategyLabel.contains("AllAtOnce"))
        let planned = press(&state, .enter)
        guard case .planToggle(let draft)? = planned.first else { Issue.record("no plan effect: \(planned)"); return }
        #expect(draft.flag.key == "new_checkout" && !draft.enable && draft.environments.count == 6 && draft.strategy == nil)

        _ = update(&state, .togglePlanned(TogglePreview(token: 7, lines: ["plan"], warnings: [], refusals: [],
                                                        touchesProduction: true, canExecute: true)), registry: .standard)
        // 3 and 4: production needs y twice.
        #expect(press(&state, .char("y")).isEmpty)
        #expect(press(&state, .char("y")) == [.executeToggle(token: 7)])
    }

    @Test func nonProductionNeedsOneConfirmationAndNCancels() {
        var state = loaded()
        _ = press(&state, .enter, .char("t"))  // open express_pay, toggle from the Flag view
        guard case .toggle(var dialog)? = state.overlay else { Issue.record("no toggle dialog"); return }
        #expect(dialog.flag.key == "express_pay")
        dialog.phase = .confirm(TogglePreview(token: 1, lines: [], warnings: [], refusals: [], touchesProduction: false, canExecute: true), confirmations: 0)
        state.overlay = .toggle(dialog)
        #expect(press(&state, .char("n")).isEmpty)
        guard case .toggle(let back)? = state.overlay, back.phase == .choose else { Issue.record("n did not go back"); return }
        state.overlay = .toggle(dialog)
        #expect(press(&state, .char("y")) == [.executeToggle(token: 1)])
    }

    /// A busy environment is no dead end: `s` chooses "stop it, then deploy" for the one under
    /// the cursor and plans again, so the confirmation shows what the stop does.
    @Test func busyEnvironmentOffersStopThenDeployPerEnvironment() {
        var state = loaded()
        _ = press(&state, .char("!"))
        type(&state, "new_checkout")
        _ = press(&state, .enter)
        guard case .toggle(let dialog)? = state.overlay else { Issue.record("no toggle dialog"); return }
        let busy = dialog.choices.prefix(2).map { BusyEnvironment(environment: $0.environment, running: "deployment 4 is DEPLOYING, 45%",
                                                                  stopFirst: false) }
        _ = press(&state, .enter)
        _ = update(&state, .togglePlanned(TogglePreview(token: 3, lines: ["plan"], warnings: [], refusals: [],
                                                        touchesProduction: true, canExecute: true, busy: busy)), registry: .standard)
        let screen = Screen.render(state, registry: KeyRegistry.standard.active(readOnly: false), now: FleetFixture.asOf).text
        #expect(screen.contains("[ ] stop first, then deploy"))
        _ = press(&state, .char("j"))
        let replanned = press(&state, .char("s"))
        guard case .planToggle(let draft)? = replanned.first else { Issue.record("no re-plan: \(replanned)"); return }
        #expect(draft.stopRunning == [busy[1].environment], "only the environment under the cursor")
        guard case .toggle(let after)? = state.overlay, after.phase == .planning else { Issue.record("not planning again"); return }
    }

    @Test func dialogEditsSelectionValueStrategyAndReason() {
        var state = loaded()
        _ = press(&state, .enter, .char("t"), .char(" "), .char("v"), .char("s"), .tab)
        type(&state, "INC-42")
        let effects = press(&state, .enter)
        guard case .planToggle(let draft)? = effects.first else { Issue.record("no plan effect"); return }
        #expect(draft.enable == true)
        #expect(draft.strategy == "AppConfig.AllAtOnce")
        #expect(draft.reason == "INC-42")
    }

    @Test func resultPanelStopsAndRevertsOnlyWithConfirmation() {
        var state = loaded()
        _ = press(&state, .enter, .char("t"))
        let env = FleetFixture.result.snapshot.environments[0].id
        let handle = DeploymentHandle(environment: env, applicationId: "a", environmentId: "e", deploymentNumber: 9)
        _ = update(&state, .toggleFinished([DeploymentLine(environment: env, text: "started deployment 9", ok: true, handle: handle,
                                                          state: "DEPLOYING", percent: 20)]), registry: .standard)
        #expect(press(&state, .char("x")).isEmpty)
        #expect(press(&state, .char("y")) == [.stopDeployment(handle)])
        _ = update(&state, .deploymentProgress(DeploymentLine(environment: env, text: "complete", ok: true, handle: handle,
                                                              state: "COMPLETE", percent: 100, isFinal: true)), registry: .standard)
        #expect(press(&state, .char("R")).isEmpty)
        #expect(press(&state, .char("n")).isEmpty)  // anything but y cancels
        #expect(press(&state, .char("R"), .char("y")) == [.revertDeployment(handle)])
        #expect(press(&state, .escape) == [.refresh])
        #expect(state.overlay == nil)
    }

    @Test func readOnlyOffersNoToggleNoIncidentNoDecision() {
        var state = loaded(readOnly: true)
        _ = press(&state, .char("t"))
        #expect(state.overlay == nil)
        _ = press(&state, .char("!"))
        #expect(state.overlay == nil)
        _ = press(&state, .tab, .char("r"))
        #expect(state.overlay == nil)
        let footer = KeyRegistry.standard.active(readOnly: true).footerHints(for: .view(.fleet)).map(\.label)
        #expect(!footer.contains("toggle") && !footer.contains("incident"))
    }

    @Test func retireDecisionCollectsOwnerDateNoteAndTicks() {
        var state = loaded()
        _ = press(&state, .tab, .char("4"), .char("r"))
        guard case .decision(let form)? = state.overlay else { Issue.record("no decision form"); return }
        #expect(form.choice == .retire)
        _ = press(&state, .ctrl("u"))
        type(&state, "alice")
        _ = press(&state, .enter)
        type(&state, "2026-12-31")
        _ = press(&state, .enter)
        type(&state, "gone")
        let effects = press(&state, .enter)
        guard case .recordDecision(let request)? = effects.first else { Issue.record("no record effect: \(effects)"); return }
        #expect(request.choice == .retire)
        #expect(request.value("Owner") == "alice" && request.value("Retire by") == "2026-12-31" && request.value("Note") == "gone")
        #expect(request.ticks == [4])
        #expect(request.flag == state.reviewCandidates()[0].flag)
    }

    @Test func decisionsShowAndSnoozedCandidatesLeaveTheList() {
        var state = loaded()
        let candidates = state.reviewCandidates()
        #expect(candidates.count == 3)
        _ = update(&state, .decisionsLoaded([
            candidates[0].flag: DecisionInfo(text: "snoozed until 2026-12-21", overdue: false, exempt: true, history: [], checklist: []),
            candidates[1].flag: DecisionInfo(text: "retire → bob by 2026-11-01", overdue: true, exempt: false, history: ["h"], checklist: [3]),
        ]), registry: .standard)
        #expect(state.reviewCandidates().map(\.flag) == Array(candidates.dropFirst()).map(\.flag))
        _ = press(&state, .tab)
        let screen = Screen.render(state, registry: .standard, now: FleetFixture.asOf)
        #expect(screen.text.contains("retire → bob by 2026-11-01"))
        #expect(screen.text.contains("[x] 3. positive customer feedback"))
    }

    @Test func auditShowsFlagdecksJournalOnJ() {
        var state = loaded()
        _ = update(&state, .journalLoaded([JournalLine(at: FleetFixture.asOf, actor: "alice", action: "toggle",
                                                       target: "payments-prod/us-east-1/checkout/prod new_checkout → off",
                                                       result: "started deployment 5 of version 8")]), registry: .standard)
        _ = press(&state, .backTab, .char("J"))
        let text = Screen.render(state, registry: .standard, now: FleetFixture.asOf).text
        #expect(text.contains("Journal(1)"))
        #expect(text.contains("alice") && text.contains("payments-prod/us-east-1/checkout/prod") && text.contains("started deployment 5"))
        _ = press(&state, .char("J"))
        #expect(Screen.render(state, registry: .standard, now: FleetFixture.asOf).text.contains("Audit("))
    }
}
