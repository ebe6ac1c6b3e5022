import FlagModel
import Foundation

/// Turns a request and the environments' current state into a plan. Pure: no I/O, same
/// input, same plan, so the confirmation the operator reads is exactly what runs.
public enum TogglePlanner {
    public static func plan(_ request: ToggleRequest, targets: [ToggleTarget],
                            productionPatterns: [String] = ProductionEnvironments.defaultPatterns) -> TogglePlan {
        var plan = TogglePlan(request: request, versions: [], steps: [], unchanged: [], refusals: [])
        struct VersionKey: Hashable { var profile: ProfileKey; var base: Int }
        var versionIndex: [VersionKey: Int] = [:]
        let key = request.flag.key

        for target in targets {
            let env = target.environment
            guard let deployed = target.deployed else {
                plan.refusals.append(PlanRefusal(environment: env, reason: "\(target.profileName) was never deployed here, so there is no live version to change"))
                continue
            }
            guard deployed.document.definition(key) != nil || deployed.document.value(key) != nil else {
                let known = deployed.document.flagKeys
                let list = known.prefix(20).joined(separator: ", ") + (known.count > 20 ? ", …" : "")
                plan.refusals.append(PlanRefusal(environment: env, reason: "the deployed version \(deployed.number) of \(target.profileName) has no flag \"\(key)\""
                                                 + (known.isEmpty ? "" : " (flags: \(list))")))
                continue
            }
            if let why = request.inconsistency {
                plan.refusals.append(PlanRefusal(environment: env, reason: why))
                continue
            }
            if request.retire, !request.force, let why = Self.stillServing(key, in: deployed.document) {
                plan.refusals.append(PlanRefusal(environment: env, reason: "\(key) is still \(why) in version \(deployed.number): "
                                                 + "removing it makes clients fall back to their code default; switch it off "
                                                 + "first, or retire with --force"))
                continue
            }
            let powertools = deployed.document.dialect == .powertools
            if powertools, let variant = request.variant {
                plan.refusals.append(PlanRefusal(environment: env, reason: "\(key) is a Powertools feature: it has rules, "
                                                 + "not variants, so there is no variant \"\(variant)\" to change"))
                continue
            }
            // A disable without a variant of a multi-variant flag: every variant off.
            let allVariants = request.variant == nil && !request.enabled
                && deployed.document.value(key)?.isMultiVariant == true
            let label = request.retire ? "retired (removed)"
                : powertools ? (request.enabled ? "on" : "off for every context")
                : allVariants ? "all variants off"
                : (request.variant == nil ? (request.enabled ? "on" : "off") : request.valueLabel)
            let edited: (document: FeatureFlagDocument, diff: [FlagDiff])
            do {
                edited = request.retire ? try deployed.document.removingFlag(key)
                    : powertools ? try deployed.document.setPowertoolsFeature(key, to: request.enabled)
                    : allVariants ? try deployed.document.disableAllVariants(flag: key)
                    : try deployed.document.setEnabled(flag: key, to: request.enabled, variant: request.variant)
            } catch {
                plan.refusals.append(PlanRefusal(environment: env, reason: error.description))
                continue
            }
            let diffs = edited.diff
            guard !diffs.isEmpty else {
                plan.unchanged.append(UnchangedEnvironment(environment: env, deployedVersion: deployed.number,
                                                           reason: "version \(deployed.number) already has \(key) \(label)"))
                continue
            }
            let change = diffs.count == 1
                ? diffs[0].description
                : "\(key) \(label) (" + diffs.map { $0.note ?? $0.path.relative }.joined(separator: ", ") + ")"
            let strategy: StrategySummary
            switch StrategyCatalog.resolve(request.strategy, disable: request.isDisable, retire: request.retire, target: target) {
            case .strategy(let s): strategy = s
            case .unknown(let why):
                plan.refusals.append(PlanRefusal(environment: env, reason: why))
                continue
            }

            let vkey = VersionKey(profile: target.profileKey, base: deployed.number)
            let index: Int
            if let existing = versionIndex[vkey] {
                index = existing
            } else {
                let inherited = Set(deployed.document.validate())
                let problems = edited.document.validate().filter { !inherited.contains($0) }
                if !problems.isEmpty {
                    plan.refusals.append(PlanRefusal(environment: env, reason: "the changed document would be invalid: "
                                                     + problems.map(\.description).joined(separator: "; ")))
                    continue
                }
                index = plan.versions.count
                versionIndex[vkey] = index
                plan.versions.append(PlannedVersion(
                    profile: target.profileKey, profileName: target.profileName, baseVersion: deployed.number,
                    latestKnownVersion: target.latest?.number, latestKnownDocument: target.latest?.document,
                    document: edited.document, diffs: diffs,
                    description: ChangeStamp.description(actor: request.actor, change: change,
                                                         baseVersion: deployed.number, reason: request.reason),
                    versionLabel: ChangeStamp.versionLabel(actor: request.actor, at: request.requestedAt,
                                                           baseVersion: deployed.number, reason: request.reason,
                                                           operation: request.operationId),
                    inheritedProblems: deployed.document.validate(), baseContent: deployed.content,
                    ruleNotes: request.enabled ? Self.rulesStillOff(key, in: edited.document) : []))
            }

            var newer: NewerLatestWarning?
            if let latest = target.latest, latest.number > deployed.number {
                newer = NewerLatestWarning(deployedVersion: deployed.number, latestVersion: latest.number,
                                           changes: DocumentDiff.changes(from: deployed.document, to: latest.document))
            }
            plan.steps.append(PlannedStep(
                target: target, versionIndex: index, baseVersion: deployed.number, diffs: diffs, strategy: strategy,
                isProduction: ProductionEnvironments(patterns: productionPatterns).contains(env),
                newerLatest: newer,
                deploymentDescription: ChangeStamp.description(actor: request.actor, change: "\(key) \(label)",
                                                               baseVersion: nil, reason: request.reason,
                                                               operation: request.operationId),
                stopFirst: request.stopRunning.contains(env) ? target.running : nil))
        }
        return plan
    }

    /// Why removing `key` would change what clients get: it is on (or on for some contexts,
    /// or a value) in the deployed version. nil when it serves off.
    static func stillServing(_ key: String, in document: FeatureFlagDocument) -> String? {
        switch document.servedState(key) {
        case .on: "on"
        case .variants: document.dialect == .powertools ? "on for the contexts its rules match" : "served as variants"
        case .value: "serving a value"
        default: nil
        }
    }

    /// After switching a Powertools feature on: the rules that still switch it off, and for whom.
    static func rulesStillOff(_ key: String, in document: FeatureFlagDocument) -> [String] {
        document.rulesStillOff(key).map { rule in
            let when = rule.conditions.map(\.description).joined(separator: " and ")
            return "rule \"\(rule.name)\" still switches \(key) off when \(when.isEmpty ? "it matches" : when)"
        }
    }
}
