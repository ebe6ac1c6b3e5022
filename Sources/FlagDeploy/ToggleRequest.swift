import FlagModel
import FleetStore
import Foundation

/// Which deployment strategy to use for the new versions.
public enum StrategyChoice: Sendable, Hashable {
    /// `AppConfig.AllAtOnce` for a disable (an incident wants it off everywhere now);
    /// the environment's last strategy for anything else (whoever set it up chose it).
    case automatic
    /// A strategy id, predefined (`AppConfig.Linear20PercentEvery6Minutes`) or custom.
    case id(String)
}

/// What the operator asked for: one flag, one new value, in some environments.
public struct ToggleRequest: Sendable, Hashable {
    public var flag: FlagID
    public var enabled: Bool
    /// For multi-variant flags: the one variant whose `enabled` changes (`--variant NAME`).
    ///
    /// Without one, a disable of a multi-variant flag switches every variant off, the
    /// default included (an incident wants it off everywhere); an enable is refused, since
    /// "every variant on" is never what anyone means.
    public var variant: String?
    /// Every variant off, the default included, chosen explicitly (the dashboard's
    /// "all variants off"). Only with `enabled == false` and no `variant`. Where the flag
    /// is a plain one it is simply switched off.
    public var allVariants: Bool
    public var strategy: StrategyChoice
    public var reason: String
    /// The OS user, recorded in the version, the deployment and the journal.
    public var actor: String
    public var requestedAt: Date
    /// Unique per toggle: stamped into every version label and deployment description it
    /// writes, and into the journal, so its writes can be found again.
    public var operationId: String
    /// Where a deployment in progress blocks the toggle, stop it (AppConfig rolls it back),
    /// wait for ROLLED_BACK, then deploy. Only these environments, an explicit choice.
    public var stopRunning: Set<EnvironmentID> = []
    /// Retire instead of toggle: the new versions lack the flag altogether (issue 16).
    public var retire = false
    /// Retire even where the flag is still on (clients then fall back to their code default).
    public var force = false

    public init(flag: FlagID, enabled: Bool, variant: String? = nil, strategy: StrategyChoice = .automatic,
                reason: String = "", actor: String = FleetStore.currentUser(), requestedAt: Date = Date(),
                operationId: String = ChangeStamp.newOperationId(), allVariants: Bool = false) {
        self.operationId = operationId
        self.allVariants = allVariants
        self.flag = flag
        self.enabled = enabled
        self.variant = variant
        self.strategy = strategy
        self.reason = reason
        self.actor = actor
        self.requestedAt = requestedAt
    }

    public var isDisable: Bool { !enabled && !retire }

    /// A retirement of `flag`: removed from the deployed documents, `strategy` default
    /// `AppConfig.Linear50PercentEvery30Seconds` (a clean-up, not a kill).
    public static func retirement(flag: FlagID, strategy: StrategyChoice = .automatic, reason: String = "",
                                  force: Bool = false, actor: String = FleetStore.currentUser()) -> ToggleRequest {
        var request = ToggleRequest(flag: flag, enabled: false, strategy: strategy, reason: reason, actor: actor)
        request.retire = true
        request.force = force
        return request
    }

    /// `off`, `on`, `variant Beta off`, `all variants off`, `retired`.
    public var valueLabel: String {
        if retire { return "retired (removed)" }
        let state = enabled ? "on" : "off"
        if allVariants && variant == nil { return "all variants \(state)" }
        return variant.map { "variant \($0) \(state)" } ?? state
    }

    /// Why the request cannot be planned at all, whatever the environments hold.
    public var inconsistency: String? {
        if retire && (variant != nil || allVariants) { return "a retirement removes the whole flag, not a variant" }
        guard allVariants else { return nil }
        if let variant { return "choose one variant (\(variant)) or all variants, not both" }
        if enabled { return "all variants can only be switched off; to switch one on, name it" }
        return nil
    }
}
