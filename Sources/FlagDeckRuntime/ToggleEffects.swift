import AWSCore
import FlagDeck
import FlagDeckConfig
import FlagDeploy
import FlagModel
import FleetScanner
import FleetStore
import Foundation
import TeamStore

/// The toggle dialog's I/O: live reads and the plan, then versions and deployments,
/// then watching, stopping and reverting. Plans are kept under a token so the operator
/// confirms exactly the plan that was shown.
public final class ToggleEffects: @unchecked Sendable {
    private let configuration: FlagDeckConfiguration
    private let clients: AppConfigClients
    private let journal: FleetStore?
    /// The team store, when configured: journal entries and the retired decision go there too.
    private let team: TeamStore?
    private let lock = NSLock()
    private var plans: [Int: TogglePlan] = [:]
    private var nextToken = 1

    /// Clients for every configured account. An account whose credentials cannot be set
    /// up simply has no client: its environments are reported as such when a toggle
    /// reaches them.
    public convenience init(configuration: FlagDeckConfiguration, environment: [String: String], readOnly: Bool,
                            transport: any HTTPTransport, journal: FleetStore?, team: TeamStore? = nil) {
        let factory = AccountClientFactory(readOnly: readOnly, transport: transport, environment: environment)
        self.init(configuration: configuration, clients: AppConfigClients(factory.connect(configuration.accounts)),
                  journal: journal, team: team)
    }

    public init(configuration: FlagDeckConfiguration, clients: AppConfigClients, journal: FleetStore?, team: TeamStore? = nil) {
        self.configuration = configuration
        self.clients = clients
        self.journal = journal
        self.team = team
    }

    /// Where toggles and stops write their journal entries.
    private var actionJournal: (any ActionJournal)? {
        guard let journal else { return nil }
        return team.map { TeamJournal(local: journal, team: $0) } ?? journal
    }

    public func handle(_ effect: Effect, mailbox: Mailbox) {
        switch effect {
        case .planToggle(let draft): Task { await plan(draft, mailbox) }
        case .executeToggle(let token): Task { await execute(token, mailbox) }
        case .stopDeployment(let handle): Task { await control(handle, revert: false, mailbox) }
        case .revertDeployment(let handle): Task { await control(handle, revert: true, mailbox) }
        default: break
        }
    }

    /// Toggles an earlier run left unfinished (killed between writes), checked against
    /// AppConfig and closed in the journal; the operator reads what really happened.
    public func recoverInterrupted(_ mailbox: Mailbox) async {
        guard let journal else { return }
        for toggle in await ToggleRecovery(clients: clients, store: journal).recover() {
            mailbox.post(.status(StatusMessage(toggle.summary + " " + toggle.lines.joined(separator: "; "),
                                               toggle.settled ? .warning : .error)))
        }
    }

    private func plan(_ draft: ToggleDraft, _ mailbox: Mailbox) async {
        var variant: String? = nil
        if case .named(let name)? = draft.variant { variant = name }
        var request = draft.retire
            ? ToggleRequest.retirement(flag: draft.flag, strategy: draft.strategy.map(StrategyChoice.id) ?? .automatic,
                                       reason: draft.reason)
            : ToggleRequest(flag: draft.flag, enabled: draft.enable, variant: variant,
                            strategy: draft.strategy.map(StrategyChoice.id) ?? .automatic,
                            reason: draft.reason, allVariants: draft.variant == .allOff)
        request.stopRunning = draft.stopRunning
        let loaded = await ToggleTargetLoader(clients: clients, powertoolsEnvelope: configuration.powertools.envelope)
            .load(flag: draft.flag, environments: draft.environments.map(EnvironmentSelector.init))
        let plan = TogglePlanner.plan(request, targets: loaded.targets, productionPatterns: configuration.production)
        let token: Int = lock.withLock {
            let token = nextToken
            nextToken += 1
            plans[token] = plan
            return token
        }
        let problems = loaded.problems.map { "\($0.selector): \($0.reason)" }
        let busy = plan.steps.compactMap { step in
            step.target.running.map { BusyEnvironment(environment: step.environment, running: $0.summary, stopFirst: step.stopFirst != nil) }
        }
        mailbox.post(.togglePlanned(TogglePreview(
            token: token, lines: plan.lines(), warnings: plan.warnings, refusals: problems,
            touchesProduction: plan.needsDeliberateConfirmation, canExecute: plan.hasWork, busy: busy,
            journalWarning: journal == nil
                ? "this change will not be journaled: the state directory's store could not be opened (see flagdeck.log)" : nil)))
    }

    private func execute(_ token: Int, _ mailbox: Mailbox) async {
        guard let plan = lock.withLock({ plans.removeValue(forKey: token) }) else {
            mailbox.post(.toggleFailed("that plan is gone; plan again"))
            return
        }
        let report = await ToggleExecutor(clients: clients, journal: actionJournal).execute(plan)
        let lines = report.results.map { result -> DeploymentLine in
            if case .started(let ref, _) = result.outcome {
                return DeploymentLine(environment: result.environment, text: result.outcome.text, ok: true,
                                      handle: Self.handle(ref), state: "DEPLOYING", percent: 0)
            }
            // The deployment in the way can be stopped from its line (x), then toggle again.
            if case .deploymentInProgress(let running, let ref) = result.outcome {
                return DeploymentLine(environment: result.environment, text: result.outcome.text, ok: false,
                                      handle: Self.handle(ref), state: running.state, percent: running.percentageComplete)
            }
            return DeploymentLine(environment: result.environment, text: result.outcome.text, ok: false)
        }
        mailbox.post(.toggleFinished(lines))
        var final: [DeploymentRef: String] = [:]
        for await status in DeploymentWatcher(clients: clients, interval: .seconds(2)).watch(report.started) {
            mailbox.post(.deploymentProgress(Self.line(status)))
            if status.isFinal { final[status.ref] = status.state }
        }
        // A retirement is done once every environment's deployment completed: the decision says so.
        if plan.request.retire, report.allStarted, final.count == report.started.count,
           final.values.allSatisfy({ $0 == "COMPLETE" }), let journal {
            await recordRetired(plan.request, in: journal, mailbox)
        }
    }

    private func recordRetired(_ request: ToggleRequest, in store: FleetStore, _ mailbox: Mailbox) async {
        do {
            let decision = try await store.recordDecision(ReviewDecision(flag: request.flag, kind: .retired,
                                                                         note: request.reason.isEmpty ? nil : request.reason,
                                                                         author: request.actor))
            var teamProblem: String?
            do {
                try await team?.recordDecision(decision)
            } catch {
                teamProblem = "\(error)"
            }
            let effects = DecisionEffects(store: store, team: team)
            mailbox.post(.decisionsLoaded(try await effects.load().infos))
            if let teamProblem {
                mailbox.post(.status(StatusMessage("\(request.flag.key) retired everywhere: decision recorded on this machine, "
                                                   + "not (yet) in the team store: \(teamProblem)", .warning)))
            } else {
                mailbox.post(.status(StatusMessage("\(request.flag.key) retired everywhere: decision recorded")))
            }
        } catch {
            mailbox.post(.status(StatusMessage("\(request.flag.key) retired, but the decision could not be recorded: \(error)", .error)))
        }
    }

    private func control(_ handle: DeploymentHandle, revert: Bool, _ mailbox: Mailbox) async {
        let ref = DeploymentRef(environment: handle.environment, applicationId: handle.applicationId,
                                environmentId: handle.environmentId, deploymentNumber: handle.deploymentNumber)
        let control = DeploymentControl(clients: clients, journal: actionJournal)
        let outcome = revert ? await control.revert(ref, reason: "from the dashboard") : await control.stop(ref, reason: "from the dashboard")
        switch outcome {
        case .done(let status):
            mailbox.post(.deploymentProgress(Self.line(status)))
            mailbox.post(.status(StatusMessage("\(revert ? "reverted" : "stopped") deployment \(handle.deploymentNumber) in \(handle.environment): \(outcome.text)")))
        case .refused, .failed:
            mailbox.post(.status(StatusMessage("\(revert ? "revert" : "stop") of deployment \(handle.deploymentNumber): \(outcome.text)", .error)))
        }
    }

    static func handle(_ ref: DeploymentRef) -> DeploymentHandle {
        DeploymentHandle(environment: ref.environment, applicationId: ref.applicationId, environmentId: ref.environmentId,
                         deploymentNumber: ref.deploymentNumber)
    }

    static func line(_ status: DeploymentStatus) -> DeploymentLine {
        DeploymentLine(environment: status.ref.environment, text: status.lastEvent ?? status.line,
                       ok: status.error == nil && status.state != "ROLLED_BACK", handle: handle(status.ref),
                       state: status.state, percent: status.percentageComplete, isFinal: status.isFinal)
    }
}
