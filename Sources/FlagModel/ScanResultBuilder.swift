import Foundation

extension ScanResult {
    /// Derives the snapshot and the fleet's deployment records (with the flags each
    /// deployment changed) from raw scan input. Pure, like `FleetSnapshot.derive`.
    /// `input.unreadable` is filled from `errors`; a `policy.asOf` before the input's
    /// moment time-travels (`FleetInput.asOf`).
    public static func build(from input: FleetInput, policy: RetirementPolicy, errors: [ScanError],
                             scannedAt: Date) -> ScanResult {
        var input = input
        input.unreadable = errors.map(\.part)
        input = input.asOf(policy.asOf)
        // Fingerprints are computed once per profile version and shared by the derivation and
        // every deployment's diff; a diff between the same two versions is computed once.
        let prints = input.profiles.map(HostedPrints.init)
        let snapshot = FleetSnapshot.derive(from: input, policy: policy, prints: prints)
        var profiles: [String: Int] = [:]
        for (i, hosted) in input.profiles.enumerated() {
            profiles[profileKey(hosted.profile.accountId, hosted.profile.region, hosted.profile.profileId)] = i
        }
        struct DiffKey: Hashable { var profile: Int; var old: Int?; var new: Int }
        var diffs: [DiffKey: [FlagChange]] = [:]
        var records: [DeploymentRecord] = []
        records.reserveCapacity(input.histories.reduce(0) { $0 + $1.deployments.count })
        for history in input.histories {
            guard let p = profiles[profileKey(history.profile.accountId, history.profile.region, history.profile.profileId)] else { continue }
            // Diff each deployment against the version the environment served before it.
            var timeline = ServingTimeline()
            for deployment in FlagDerivation.sortedDeployments(history.deployments) {
                let served = timeline.servedVersion
                defer { timeline.add(deployment) }
                var changes: [FlagChange] = []
                if let new = prints[p].version(deployment.configurationVersion) {
                    let old = served.flatMap { prints[p].version($0) }
                    if served == nil || old != nil {
                        let key = DiffKey(profile: p, old: served, new: deployment.configurationVersion)
                        if let known = diffs[key] {
                            changes = known
                        } else {
                            changes = DocumentDiff.changes(from: old, to: new)
                            diffs[key] = changes
                        }
                    }
                }
                records.append(DeploymentRecord(
                    environment: history.environment, profileName: history.profile.profileName,
                    deploymentNumber: deployment.deploymentNumber, state: deployment.state,
                    percentageComplete: deployment.percentageComplete, startedAt: deployment.startedAt,
                    completedAt: deployment.completedAt, configurationVersion: deployment.configurationVersion,
                    strategyName: deployment.strategyName ?? deployment.strategyId,
                    description: deployment.description, changes: changes))
                records[records.count - 1].applicationId = history.applicationId
                records[records.count - 1].environmentId = history.environmentId
                records[records.count - 1].profileId = history.profile.profileId
            }
        }
        var result = ScanResult(scannedAt: scannedAt, snapshot: snapshot, deployments: records, errors: errors)
        result.profiles = input.profiles.map(\.profile)
        result.versions = versionRecords(input.profiles, prints: prints)
        return result
    }

    /// Each version whose predecessor the scan also read, with the flags it changed.
    private static func versionRecords(_ profiles: [HostedProfile], prints: [HostedPrints]) -> [VersionRecord] {
        var out: [VersionRecord] = []
        for (p, hosted) in profiles.enumerated() {
            for number in hosted.documents.keys.sorted() where number > 1 {
                guard let new = prints[p].version(number), let old = prints[p].version(number - 1) else { continue }
                out.append(VersionRecord(profile: hosted.profile, versionNumber: number,
                                         changes: DocumentDiff.changes(from: old, to: new)))
            }
        }
        return out
    }

    private static func profileKey(_ account: String, _ region: String, _ profile: String) -> String {
        account + "|" + region + "|" + profile
    }
}
