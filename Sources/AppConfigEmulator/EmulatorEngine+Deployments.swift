import FlagModel
import Foundation

/// Deployments: start, list, get, and stop (with AllowRevert, revert).
extension EmulatorEngine {
    func startDeployment(_ s: Scope, applicationId: String, environmentId: String, strategyId: String?, profileId: String?,
                         configurationVersion: String?, description: String?, kmsKeyIdentifier: String?) throws -> DeploymentRecord {
        guard let strategyId else { throw APIError.badRequest("1 validation error detected: Value null at 'deploymentStrategyId' failed to satisfy constraint: Member must not be null") }
        guard let profileId else { throw APIError.badRequest("1 validation error detected: Value null at 'configurationProfileId' failed to satisfy constraint: Member must not be null") }
        guard let configurationVersion, !configurationVersion.isEmpty else { throw APIError.badRequest("1 validation error detected: Value null at 'configurationVersion' failed to satisfy constraint: Member must not be null") }
        try Self.checkDescription(description)
        let strategy = try getStrategy(s, id: strategyId)
        return try write(s) { r, _ in
            let e = try Self.env(r, applicationId, environmentId)
            let p = try Self.profile(r, applicationId, profileId)
            var version = configurationVersion
            var label: String?
            if p.isHosted {
                let versions = r.versions.filter { $0.applicationId == applicationId && $0.configurationProfileId == profileId }
                let match = Int(configurationVersion).flatMap { n in versions.first { $0.versionNumber == n } }
                    ?? versions.first { $0.versionLabel == configurationVersion }
                guard let match else {
                    throw APIError.notFound("Hosted configuration version \(configurationVersion) not found for configuration profile \(profileId)", resource: configurationVersion)
                }
                version = String(match.versionNumber)
                label = match.versionLabel
            }
            if let running = r.deployments.last(where: { $0.applicationId == applicationId && $0.environmentId == environmentId && DeploymentMath.isInProgress($0, at: s.now) }) {
                throw APIError.conflict("Deployment number \(running.deploymentNumber) is currently in progress in environment \(environmentId). Wait for it to complete or stop it before starting a new deployment.")
            }
            let ei = r.environments.firstIndex { $0.applicationId == applicationId && $0.id == e.id }!
            let number = r.environments[ei].nextDeploymentNumber
            r.environments[ei].nextDeploymentNumber += 1
            let d = DeploymentRecord(
                applicationId: applicationId, environmentId: environmentId, deploymentNumber: number,
                deploymentStrategyId: strategy.id, configurationProfileId: profileId, configurationName: p.name,
                configurationLocationUri: p.locationUri, configurationVersion: version, versionLabel: label,
                description: description, deploymentDurationInMinutes: strategy.deploymentDurationInMinutes,
                growthType: strategy.growthType, growthFactor: strategy.growthFactor,
                finalBakeTimeInMinutes: strategy.finalBakeTimeInMinutes, startedAt: s.now, kmsKeyIdentifier: kmsKeyIdentifier)
            r.deployments.append(d)
            return d
        }
    }

    /// Newest first (descending DeploymentNumber).
    func listDeployments(_ s: Scope, applicationId: String, environmentId: String) throws -> [DeploymentRecord] {
        try read(s) { r in
            _ = try Self.env(r, applicationId, environmentId)
            return r.deployments.filter { $0.applicationId == applicationId && $0.environmentId == environmentId }
                .sorted { $0.deploymentNumber > $1.deploymentNumber }
        }
    }

    func getDeployment(_ s: Scope, applicationId: String, environmentId: String, number: Int) throws -> DeploymentRecord {
        try read(s) { r in
            _ = try Self.env(r, applicationId, environmentId)
            guard let d = r.deployments.first(where: { $0.applicationId == applicationId && $0.environmentId == environmentId && $0.deploymentNumber == number }) else {
                throw APIError.notFound("Deployment \(number) not found", resource: String(number))
            }
            return d
        }
    }

    /// Rolls back an in-progress deployment, or (with `allowRevert`) reverts a COMPLETE one
    /// within 72 hours of its completion.
    func stopDeployment(_ s: Scope, applicationId: String, environmentId: String, number: Int, allowRevert: Bool) throws -> DeploymentRecord {
        try write(s) { r, _ in
            _ = try Self.env(r, applicationId, environmentId)
            guard let i = r.deployments.firstIndex(where: { $0.applicationId == applicationId && $0.environmentId == environmentId && $0.deploymentNumber == number }) else {
                throw APIError.notFound("Deployment \(number) not found", resource: String(number))
            }
            let progress = DeploymentMath.progress(r.deployments[i], at: s.now)
            if progress.isInProgress {
                r.deployments[i].stoppedAt = max(s.now, r.deployments[i].startedAt)
                return r.deployments[i]
            }
            switch progress.state {
            case "COMPLETE":
                guard allowRevert else {
                    throw APIError.badRequest("Deployment number \(number) has already completed and cannot be stopped. To revert it, call StopDeployment with AllowRevert set to true.")
                }
                let completed = progress.completedAt ?? s.now
                guard s.now.timeIntervalSince(completed) <= 72 * 3600 else {
                    throw APIError.badRequest("Deployment number \(number) completed more than 72 hours ago and can no longer be reverted.")
                }
                let later = r.deployments.contains { $0.applicationId == applicationId && $0.environmentId == environmentId
                    && $0.configurationProfileId == r.deployments[i].configurationProfileId && $0.deploymentNumber > number
                    && DeploymentMath.progress($0, at: s.now).state != "ROLLED_BACK" }
                if later {
                    throw APIError.badRequest("Only the most recent deployment of a configuration profile to an environment can be reverted.")
                }
                r.deployments[i].revertedAt = s.now
                return r.deployments[i]
            default:
                throw APIError.badRequest("Deployment number \(number) is in state \(progress.state) and cannot be stopped.")
            }
        }
    }
}
