import FlagModel
import TerminalUI

/// What the operator asked for in the toggle dialog, before anything is read or written.
public struct ToggleDraft: Hashable, Sendable {
    public var flag: FlagID
    public var environments: [EnvironmentID]
    public var enable: Bool
    /// nil: AllAtOnce for a disable, the environment's last strategy otherwise.
    public var strategy: String?
    public var reason: String
    /// Busy environments where the operator chose "stop it, then deploy".
    public var stopRunning: Set<EnvironmentID>

    public init(flag: FlagID, environments: [EnvironmentID], enable: Bool, strategy: String?, reason: String,
                stopRunning: Set<EnvironmentID> = []) {
        self.flag = flag
        self.environments = environments
        self.enable = enable
        self.strategy = strategy
        self.reason = reason
        self.stopRunning = stopRunning
    }
}

/// An environment where a deployment in progress blocks the toggle.
public struct BusyEnvironment: Hashable, Sendable {
    public var environment: EnvironmentID
    /// `deployment 34 (feature-flags version 34) is DEPLOYING, 20%`.
    public var running: String
    /// The plan stops it first (the operator chose so).
    public var stopFirst: Bool

    public init(environment: EnvironmentID, running: String, stopFirst: Bool) {
        self.environment = environment
        self.running = running
        self.stopFirst = stopFirst
    }
}

/// The plan as the confirmation shows it: exactly what will happen per environment.
/// `token` names the real plan the effect handler keeps, so confirming executes
/// precisely what was shown.
public struct TogglePreview: Hashable, Sendable {
    public var token: Int
    public var lines: [String]
    public var warnings: [String]
    public var refusals: [String]
    /// Production environments demand a deliberate confirmation (`y` twice).
    public var touchesProduction: Bool
    public var canExecute: Bool
    /// Environments blocked by a running deployment: `s` chooses "stop it, then deploy".
    public var busy: [BusyEnvironment]
    /// Why the change may go unrecorded (the store cannot be opened), shown before `y`.
    public var journalWarning: String?

    public init(token: Int, lines: [String], warnings: [String], refusals: [String], touchesProduction: Bool, canExecute: Bool,
                busy: [BusyEnvironment] = [], journalWarning: String? = nil) {
        self.busy = busy
        self.journalWarning = journalWarning
        self.token = token
        self.lines = lines
        self.warnings = warnings
        self.refusals = refusals
        self.touchesProduction = touchesProduction
        self.canExecute = canExecute
    }
}

/// A deployment flagdeck started or may stop/revert.
public struct DeploymentHandle: Hashable, Sendable {
    public var environment: EnvironmentID
    public var applicationId: String
    public var environmentId: String
    public var deploymentNumber: Int

    public init(environment: EnvironmentID, applicationId: String, environmentId: String, deploymentNumber: Int) {
        self.environment = environment
        self.applicationId = applicationId
        self.environmentId = environmentId
        self.deploymentNumber = deploymentNumber
    }
}

/// One environment's line in the result and the live deployments panel.
public struct DeploymentLine: Hashable, Sendable {
    public var environment: EnvironmentID
    public var text: String
    public var ok: Bool
    public var handle: DeploymentHandle?
    public var state: String?
    public var percent: Double?
    public var isFinal: Bool

    public init(environment: EnvironmentID, text: String, ok: Bool, handle: DeploymentHandle? = nil,
                state: String? = nil, percent: Double? = nil, isFinal: Bool = false) {
        self.environment = environment
        self.text = text
        self.ok = ok
        self.handle = handle
        self.state = state
        self.percent = percent
        self.isFinal = isFinal
    }
}

/// The toggle dialog: choose → planning → confirm → executing → result (watching).
public struct ToggleDialog: Hashable, Sendable {
    public struct Choice: Hashable, Sendable {
        public var environment: EnvironmentID
        public var state: CellState
        public var isProduction: Bool
        public var selected: Bool
    }

    public enum Phase: Hashable, Sendable {
        case choose
        case planning
        case confirm(TogglePreview, confirmations: Int)
        case executing
        case result([DeploymentLine])
        case failed(String)
    }

    public enum Focus: Hashable, Sendable { case environments, reason }

    public static let strategies: [String?] = [nil, "AppConfig.AllAtOnce", "AppConfig.Linear50PercentEvery30Seconds",
                                               "AppConfig.Canary10Percent20Minutes", "AppConfig.Linear20PercentEvery6Minutes"]

    public var flag: FlagID
    public var choices: [Choice]
    public var enable: Bool
    public var strategyIndex = 0
    public var reason = TextInput()
    public var focus: Focus = .environments
    public var cursor = 0
    public var phase: Phase = .choose
    /// A stop or revert waiting for its `y`.
    public var pendingControl: PendingControl?
    /// Busy environments where the plan stops the running deployment first.
    public var stopRunning: Set<EnvironmentID> = []
    /// Which busy environment `s` applies to in the confirmation.
    public var busyCursor = 0

    public enum PendingControl: Hashable, Sendable {
        case stop(DeploymentHandle)
        case revert(DeploymentHandle)
    }

    public var strategy: String? { Self.strategies[strategyIndex] }

    public var strategyLabel: String {
        strategy ?? (enable ? "environment's last strategy" : "AppConfig.AllAtOnce (default for a disable)")
    }

    /// Defaults for the on-call path: disable everywhere it is on (or enable where it is off).
    public init(row: FlagRow, isProduction: (EnvironmentID) -> Bool, inScope: (EnvironmentID) -> Bool) {
        flag = row.flag
        let cells = row.cells.filter { $0.state != .absent && inScope($0.environment) }
        let anyOn = cells.contains { $0.state == .on }
        enable = !anyOn
        choices = cells.map { cell in
            Choice(environment: cell.environment, state: cell.state, isProduction: isProduction(cell.environment),
                   selected: anyOn ? cell.state == .on : cell.state == .off)
        }
    }

    public var draft: ToggleDraft {
        ToggleDraft(flag: flag, environments: choices.filter(\.selected).map(\.environment), enable: enable,
                    strategy: strategy, reason: reason.text, stopRunning: stopRunning)
    }
}
