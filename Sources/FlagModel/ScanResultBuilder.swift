import Foundation

extension ScanResult {
    /// Derives the snapshot and the fleet's deployment records (with the flags each
    /// deployment changed) from raw scan input. Pure, like `FleetSnapshot.derive`.
    public static func build(from input: FleetInput, policy: RetirementPolicy, errors: [ScanError],
                             scannedAt: Date) -> ScanResult {
        let snapshot = FleetSnapshot.derive(from: input, policy: policy)
        var profiles: [String: HostedProfile] = [:]
        for hosted in input.profiles {
            profiles[profileKey(hosted.profile.accountId, hosted.profile.region, hosted.profile.profileId)] = hosted
        }
        var records: [DeploymentRecord] = []
        for history in input.histories {
            guard let hosted = profiles[profileKey(history.profile.accountId, history.profile.region, history.profile.profileId)] else { continue }
            // Diff each deployment against the version the environment served before it.
            var served: Int?
            for deployment in history.deployments.sorted(by: { $0.deploymentNumber < $1.deploymentNumber }) {
                var changes: [FlagChange] = []
                if case .parsed(let new)? = hosted.documents[deployment.configurationVersion] {
                    var old: FeatureFlagDocument?
                    if let served, case .parsed(let doc)? = hosted.documents[served] { old = doc }
                    if served == nil || old != nil { changes = DocumentDiff.changes(from: old, to: new) }
                }
                records.append(DeploymentRecord(
                    environment: history.environment, profileName: history.profile.profileName,
                    deploymentNumber: deployment.deploymentNumber, state: deployment.state,
                    percentageComplete: deployment.percentageComplete, startedAt: deployment.startedAt,
                    completedAt: deployment.completedAt, configurationVersion: deployment.configurationVersion,
                    strategyName: deployment.strategyName ?? deployment.strategyId,
                    description: deployment.description, changes: changes))
                if deployment.state == .complete { served = deployment.configurationVersion }
            }
        }
        return ScanResult(scannedAt: scannedAt, snapshot: snapshot, deployments: records, errors: errors)
    }

    private static func profileKey(_ account: String, _ region: String, _ profile: String) -> String {
        account + "|" + region + "|" + profile
    }
}
