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
    /// For a multi-variant flag: every variant off, or one variant (nil for a plain flag).
    public var variant: VariantPick?
    /// Remove the flag from the documents instead (issue 16).
    public var retire = false

    public init(flag: FlagID, environments: [EnvironmentID], enable: Bool, strategy: String?, reason: String,
                stopRunning: Set<EnvironmentID> = [], variant: VariantPick? = nil) {
        self.variant = variant
        self.flag = flag
        self.environments = environments
        self.enable = enable
        self.strategy = strategy
        self.reason = reason
        self.stopRunning = stopRunning
    }
}

/// What a toggle of a multi-variant flag changes.
public enum VariantPick: Hashable, Sendable {
    /// Every variant off, the default included: the incident's disable.
    case allOff
    /// One variant's `enabled`.
    case named(String)
}

/// One `_variants` entry as one environment serves it.
public struct VariantState: Hashable, Sendable {
    public var name: String
    public var enabled: Bool
    public var rule: String?
    /// AppConfig serves it when no rule matches: the last entry, without a rule.
    public var isDefault: Bool

    public init(name: String, enabled: Bool, rule: String?, isDefault: Bool) {
        self.name = name
        self.enabled = enabled
        self.rule = rule
        self.isDefault = isDefault
    }

    /// The variants a cell serves (its `attributes` hold `_variants`); empty for a plain flag.
    public static func of(_ cell: FlagCell) -> [VariantState] {
        guard cell.state == .variants, let list = cell.attributes?["_variants"]?.arrayValue else { return [] }
        let variants = list.map(Variant.init(json:))
        return variants.enumerated().map { i, v in
            VariantState(name: v.name ?? "#\(i)", enabled: v.enabled ?? false, rule: v.rule,
                         isDefault: i == variants.count - 1 && v.rule == nil)
        }
    }
}

/// One line of the variant picker: a variant and what the environments in scope serve.
public struct VariantOption: Hashable, Sendable {
    public var name: String
    /// Environments where the variant is switched on, and where it is off.
    public var onIn: Int
    public var offIn: Int
    /// Environments that serve the flag as variants but have no variant of this name.
    public var missingIn: Int
    /// The default (no rule, last) wherever it exists.
    public var isDefault: Bool
    /// The default in some environments and not in others.
    public var defaultDiffers: Bool
    /// The rule where it has one (the first environment's, if they differ).
    public var rule: String?
    public var ruleDiffers: Bool
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
        /// What the environment serves, for a multi-variant flag (empty: a plain value here).
        public var variants: [VariantState] = []
    }

    public enum Phase: Hashable, Sendable {
        /// A multi-variant flag: all variants off, or which variant (before `choose`).
        case pickVariant
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
    /// Remove the flag rather than switch it (the Review view's `R`).
    public var retire = false
    /// Busy environments where the plan stops the running deployment first.
    public var stopRunning: Set<EnvironmentID> = []
    /// Which busy environment `s` applies to in the confirmation.
    public var busyCursor = 0
    /// A multi-variant flag's variants, the union over the environments in scope (empty:
    /// a plain flag). The picker offers "all variants off" first, then these.
    public var variants: [VariantOption] = []
    /// The environments do not all serve the same variants (names, values, rules, default).
    public var variantsDiffer = false
    /// In-scope environments serving the flag as variants, and as a plain value.
    public var variantEnvironments = 0
    public var plainEnvironments = 0
    /// The picker's choice; nil for a plain flag.
    public var variant: VariantPick?
    /// The picker's line: 0 is "all variants off", i is `variants[i - 1]`.
    public var variantCursor = 0

    public enum PendingControl: Hashable, Sendable {
        case stop(DeploymentHandle)
        case revert(DeploymentHandle)
    }

    public var strategy: String? { Self.strategies[strategyIndex] }

    public var strategyLabel: String {
        strategy ?? (retire ? "AppConfig.Linear50PercentEvery30Seconds (default for a retirement)"
                     : enable ? "environment's last strategy" : "AppConfig.AllAtOnce (default for a disable)")
    }

    /// A retirement of the row's flag: every environment where its profile is served,
    /// all selected; the plan removes it (and refuses where it is still on).
    public static func retirement(row: FlagRow, isProduction: (EnvironmentID) -> Bool,
                                  inScope: (EnvironmentID) -> Bool) -> ToggleDialog {
        var dialog = ToggleDialog(row: row, isProduction: isProduction, inScope: inScope)
        dialog.retire = true
        dialog.enable = false
        dialog.variants = []
        dialog.variant = nil
        dialog.phase = .choose
        dialog.choices = row.cells.filter { $0.servedVersion != nil && $0.isFresh && inScope($0.environment) }.map {
            Choice(environment: $0.environment, state: $0.state, isProduction: isProduction($0.environment), selected: true)
        }
        return dialog
    }

    public var isMultiVariant: Bool { !variants.isEmpty }

    /// Defaults for the on-call path: disable everywhere it is on (or enable where it is off).
    /// A multi-variant flag starts at the variant picker, on "all variants off".
    public init(row: FlagRow, isProduction: (EnvironmentID) -> Bool, inScope: (EnvironmentID) -> Bool) {
        flag = row.flag
        let cells = row.cells.filter { $0.state != .absent && inScope($0.environment) }
        // A Powertools feature with rules ("variants") is on for whom they match: a disable
        // switches it off for every context, so it counts as on here.
        let powertools = row.definition?.isPowertools == true
        let servesOn = { (state: CellState) in state == .on || (powertools && state == .variants) }
        let anyOn = cells.contains { servesOn($0.state) }
        enable = !anyOn
        choices = cells.map { cell in
            Choice(environment: cell.environment, state: cell.state, isProduction: isProduction(cell.environment),
                   selected: anyOn ? servesOn(cell.state) : cell.state == .off, variants: VariantState.of(cell))
        }
        let served = choices.filter { !$0.variants.isEmpty }
        guard !served.isEmpty else { return }
        variantEnvironments = served.count
        plainEnvironments = choices.filter { $0.state == .on || $0.state == .off }.count
        variantsDiffer = Set(served.map(\.variants)).count > 1
        // The union in evaluation order: a name first seen in one environment goes right
        // after the variant before it there, so the default stays last.
        var names: [String] = []
        for choice in served {
            for (j, v) in choice.variants.enumerated() where !names.contains(v.name) {
                let after = j == 0 ? nil : names.firstIndex(of: choice.variants[j - 1].name)
                names.insert(v.name, at: after.map { $0 + 1 } ?? (j == 0 ? 0 : names.count))
            }
        }
        variants = names.map { name in
            let found = served.compactMap { $0.variants.first { $0.name == name } }
            return VariantOption(name: name, onIn: found.filter(\.enabled).count, offIn: found.filter { !$0.enabled }.count,
                                 missingIn: served.count - found.count, isDefault: found.contains(where: \.isDefault),
                                 defaultDiffers: Set(found.map(\.isDefault)).count > 1,
                                 rule: found.lazy.compactMap(\.rule).first, ruleDiffers: Set(found.map(\.rule)).count > 1)
        }
        phase = .pickVariant
    }

    /// The picker's Enter: sets the variant choice, the value and the environments it
    /// changes (where every variant off, or the chosen variant's new value, differs from now).
    public mutating func pick(_ line: Int) {
        if line == 0 {
            variant = .allOff
            enable = false
            for i in choices.indices {
                let c = choices[i]
                // Variants whose values are not known here (no served attributes): selected,
                // the plan reads the live version and says "unchanged" if all are off.
                choices[i].selected = c.state == .variants ? (c.variants.isEmpty || c.variants.contains(where: \.enabled))
                    : c.state == .on
            }
        } else {
            let name = variants[line - 1].name
            variant = .named(name)
            enable = variants[line - 1].onIn == 0
            for i in choices.indices {
                choices[i].selected = choices[i].variants.first { $0.name == name }.map { $0.enabled != enable } ?? false
            }
        }
        cursor = 0
        phase = .choose
    }

    public var draft: ToggleDraft {
        var draft = ToggleDraft(flag: flag, environments: choices.filter(\.selected).map(\.environment), enable: enable,
                                strategy: strategy, reason: reason.text, stopRunning: stopRunning, variant: variant)
        draft.retire = retire
        return draft
    }
}
