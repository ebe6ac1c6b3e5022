import FlagModel
import Foundation

/// One new hosted version: the deployed document of one profile with one flag's value
/// changed (one leaf, or every variant's `enabled` for "all variants off").
/// Environments that deploy the same base version share it.
public struct PlannedVersion: Sendable, Hashable {
    public var profile: ProfileKey
    public var profileName: String
    public var baseVersion: Int
    /// Sent as `Latest-Version-Number`: if anyone creates a version after this one was
    /// read, AppConfig refuses ours instead of stacking it on theirs.
    public var latestKnownVersion: Int?
    /// What `latestKnownVersion` contained, to tell the operator what changed on a conflict.
    public var latestKnownDocument: FeatureFlagDocument?
    public var document: FeatureFlagDocument
    /// Every changed leaf, in document order (never empty).
    public var diffs: [FlagDiff]
    public var description: String
    public var versionLabel: String
    /// Problems the base version already had; the edit added none.
    public var inheritedProblems: [ValidationProblem]
    /// The base version's bytes, when known: a Powertools version is edited in them.
    public var baseContent: [UInt8]? = nil
    /// Powertools, switched on: the rules that still switch the feature off, in words.
    public var ruleNotes: [String] = []

    /// The bytes sent to AppConfig. A Powertools (Freeform) version is the base version's
    /// bytes with only the changed leaves replaced: AppConfig keeps Freeform content as
    /// sent, and its history is read as text. A native one is pretty, key order kept (the
    /// service rewrites it anyway), so the hosted diff is one line.
    public var content: String {
        if document.dialect == .powertools, let base = baseContent, let spliced = document.splicedText(diffs, into: base) {
            return String(decoding: spliced, as: UTF8.self)
        }
        return document.serialized(pretty: true)
    }
}

/// The latest version is not the deployed one, so it holds changes the new version
/// will not carry. The operator must see them before confirming.
public struct NewerLatestWarning: Sendable, Hashable {
    public var deployedVersion: Int
    public var latestVersion: Int
    /// Flags that differ from the deployed version to the latest.
    public var changes: [FlagChange]

    public var text: String {
        let what = changes.isEmpty
            ? "no flag values differ"
            : "it differs in " + changes.map(\.description).joined(separator: "; ")
        return "version \(latestVersion) is newer than the deployed version \(deployedVersion) and is not live here; "
            + "the new version is built from \(deployedVersion) and leaves out what \(latestVersion) changed (\(what))"
    }
}

/// One environment that will get a new deployment.
public struct PlannedStep: Sendable, Hashable {
    public var target: ToggleTarget
    /// Index into `TogglePlan.versions`.
    public var versionIndex: Int
    public var baseVersion: Int
    /// Every changed leaf, in document order (never empty): one for a plain toggle, one per
    /// variant that was on for "all variants off".
    public var diffs: [FlagDiff]
    public var strategy: StrategySummary
    public var isProduction: Bool
    public var newerLatest: NewerLatestWarning?
    /// The deployment's Description.
    public var deploymentDescription: String
    /// The deployment in progress to stop first (the operator chose "stop it, then deploy").
    public var stopFirst: RunningDeployment?

    public var environment: EnvironmentID { target.environment }
    /// `values.new_checkout.enabled: true → false`; several changes joined with `; `.
    public var diffLine: String { diffs.map(\.description).joined(separator: "; ") }
}

/// An environment left alone because it already serves the requested value.
public struct UnchangedEnvironment: Sendable, Hashable {
    public var environment: EnvironmentID
    public var deployedVersion: Int
    public var reason: String
}

/// An environment the plan will not touch, and why (the whole toggle should be
/// reconsidered: the UI shows these before anything else).
public struct PlanRefusal: Sendable, Hashable {
    public var environment: EnvironmentID
    public var reason: String

    public init(environment: EnvironmentID, reason: String) {
        self.environment = environment
        self.reason = reason
    }
}

/// What a toggle will do, per environment, before anything is sent.
public struct TogglePlan: Sendable, Hashable {
    public var request: ToggleRequest
    public var versions: [PlannedVersion]
    public var steps: [PlannedStep]
    public var unchanged: [UnchangedEnvironment]
    public var refusals: [PlanRefusal]

    /// Production environments need a deliberate confirmation (typing the flag key, or
    /// `y` twice), not a single key press.
    public var needsDeliberateConfirmation: Bool { steps.contains { $0.isProduction } }
    public var productionEnvironments: [EnvironmentID] { steps.filter(\.isProduction).map(\.environment) }
    public var warnings: [String] {
        steps.compactMap { step in step.newerLatest.map { "\(step.environment): \($0.text)" } }
            + steps.compactMap { step in
                guard step.stopFirst == nil, let running = step.target.running else { return nil }
                return "\(step.environment): \(running.summary)"
            }
            + versions.filter { !$0.inheritedProblems.isEmpty }.map {
                "\($0.profile.accountName)/\($0.profile.region)/\($0.profileName) version \($0.baseVersion) already has problems: "
                    + $0.inheritedProblems.map(\.description).joined(separator: "; ")
            }
    }
    public var hasWork: Bool { !steps.isEmpty }

    /// The confirmation text, one environment per line plus its warnings.
    public func lines() -> [String] {
        var out = ["\(request.flag) → \(request.valueLabel)" + (request.reason.isEmpty ? "" : " (reason: \(request.reason))")]
        for step in steps {
            let prod = step.isProduction ? " [PRODUCTION]" : ""
            let version = versions[step.versionIndex]
            if step.diffs.count == 1 {
                out.append("  \(step.environment)\(prod): \(version.profileName) from version \(step.baseVersion): "
                           + "\(step.diffLine); strategy \(step.strategy.summary)")
            } else {
                // Every variant's change on its own line: the operator confirms exactly these.
                out.append("  \(step.environment)\(prod): \(version.profileName) from version \(step.baseVersion): "
                           + "\(step.diffs.count) changes; strategy \(step.strategy.summary)")
                out += step.diffs.map { "    \($0.description)" }
            }
            // Powertools, switched on: who still gets it off.
            out += version.ruleNotes.map { "    NOTE: \($0)" }
            if let w = step.newerLatest { out.append("    WARNING: \(w.text)") }
            if let r = step.stopFirst {
                // Same profile: what clients return to is the deployed version this plan builds on.
                let back = r.configurationName == version.profileName
                    ? "version \(step.baseVersion)" : "the version deployed before it"
                out.append("    STOP FIRST: \(r.summary) will be stopped: AppConfig rolls it back, so clients that got "
                           + "\(r.configurationName ?? "its profile") version \(r.configurationVersion ?? "?") return to "
                           + "\(back); then this deploys")
            } else if let r = step.target.running {
                out.append("    BUSY: \(r.summary); a new deployment cannot start until it ends (s: stop it, then deploy)")
            }
        }
        for u in unchanged { out.append("  \(u.environment): unchanged (\(u.reason))") }
        for r in refusals { out.append("  \(r.environment): REFUSED: \(r.reason)") }
        let shared = Dictionary(grouping: steps, by: \.versionIndex).filter { $0.value.count > 1 }
        for (index, group) in shared.sorted(by: { $0.key < $1.key }) {
            out.append("  one new version of \(versions[index].profileName) (from \(versions[index].baseVersion)) serves "
                       + group.map { $0.environment.environmentName }.joined(separator: ", "))
        }
        return out
    }
}
