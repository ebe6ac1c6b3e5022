import FlagModel
import Foundation

/// The hosted version an environment serves one reader, at one instant of the virtual clock,
/// under DESIGN.md's serving semantics. Readers differ only during a gradual deployment:
/// DEPLOYING at N% serves the new version to the readers whose bucket is below N.
struct ServedVersion: Sendable, Equatable {
    var versionNumber: Int
    var versionLabel: String?
    var contentType: String
    var content: Data
    var profileType: String

    static func == (a: ServedVersion, b: ServedVersion) -> Bool {
        a.versionNumber == b.versionNumber && a.content == b.content
    }
}

/// A reader's stable place in a gradual rollout: 0 ≤ bucket < 100, from its session id.
enum RolloutBucket {
    /// FNV-1a over the id's bytes, folded to hundredths of a percent, so one session stays
    /// on the same side of every percentage step of a deployment.
    static func of(_ id: String) -> Double {
        var h: UInt64 = 0xcbf2_9ce4_8422_2325
        for b in id.utf8 { h = (h ^ UInt64(b)) &* 0x100_0000_01b3 }
        return Double(h % 10_000) / 100
    }
}

extension EmulatorEngine {
    /// What `environmentId` serves of `profileId` to a reader in `bucket`: the deployments of
    /// that profile to that environment, oldest first, each replacing what the previous ones
    /// served, or not:
    /// - COMPLETE, BAKING: the new version;
    /// - DEPLOYING at N%: the new version below N, the previous one from N up;
    /// - ROLLED_BACK, REVERTED (and VALIDATING, ROLLING_BACK): the previous one.
    /// nil when nothing of the profile was ever served there.
    func servedVersion(_ s: Scope, applicationId: String, environmentId: String, profileId: String, bucket: Double) throws -> ServedVersion? {
        try read(s) { r in
            _ = try Self.env(r, applicationId, environmentId)
            let profile = try Self.profile(r, applicationId, profileId)
            let deployments = r.deployments
                .filter { $0.applicationId == applicationId && $0.environmentId == environmentId && $0.configurationProfileId == profileId }
                .sorted { $0.deploymentNumber < $1.deploymentNumber }
            var served: String?
            for d in deployments where d.startedAt <= s.now {
                let progress = DeploymentMath.progress(d, at: s.now)
                switch progress.state {
                case "COMPLETE", "BAKING": served = d.configurationVersion
                case "DEPLOYING": if bucket < progress.percentageComplete { served = d.configurationVersion }
                default: break
                }
            }
            guard let served else { return nil }
            guard profile.isHosted, let number = Int(served),
                  let v = r.versions.first(where: { $0.applicationId == applicationId && $0.configurationProfileId == profileId && $0.versionNumber == number })
            else {
                throw APIError.notFound("Configuration \(served) of configuration profile \(profileId) is not in the emulator's hosted configuration store "
                    + "(the emulator serves hosted configurations only)", resource: served)
            }
            return ServedVersion(versionNumber: v.versionNumber, versionLabel: v.versionLabel, contentType: v.contentType,
                                 content: v.content, profileType: profile.type)
        }
    }

    /// The application, environment and profile named by id or by name, as the data plane and
    /// the Agent API accept them. Errors name which one was not found.
    func resolveConfiguration(_ s: Scope, application: String, environment: String, profile: String) throws -> ConfigurationTarget {
        try read(s) { r in
            guard let app = r.applications.first(where: { $0.id == application }) ?? r.applications.first(where: { $0.name == application }) else {
                throw ConfigurationTarget.notFound("Application", application, parameter: "ApplicationIdentifier")
            }
            let envs = r.environments.filter { $0.applicationId == app.id }
            guard let env = envs.first(where: { $0.id == environment }) ?? envs.first(where: { $0.name == environment }) else {
                throw ConfigurationTarget.notFound("Environment", environment, parameter: "EnvironmentIdentifier")
            }
            let profiles = r.profiles.filter { $0.applicationId == app.id }
            guard let p = profiles.first(where: { $0.id == profile }) ?? profiles.first(where: { $0.name == profile }) else {
                throw ConfigurationTarget.notFound("ConfigurationProfile", profile, parameter: "ConfigurationProfileIdentifier")
            }
            return ConfigurationTarget(applicationId: app.id, environmentId: env.id, profileId: p.id,
                                       names: "\(app.name)/\(env.name)/\(p.name)")
        }
    }
}

/// One configuration as a reader addresses it: application, environment, profile (ids).
struct ConfigurationTarget: Sendable, Hashable {
    var applicationId: String
    var environmentId: String
    var profileId: String
    /// `app/env/profile` by name, for messages.
    var names: String

    /// AppConfigData's ResourceNotFoundException: which kind of resource, and which request
    /// parameter named it.
    static func notFound(_ type: String, _ identifier: String, parameter: String) -> APIError {
        let noun = type == "ConfigurationProfile" ? "Configuration profile" : type
        var e = APIError.notFound("\(noun) \(identifier) not found")
        e.extra = [("ResourceType", .string(type)), ("ReferencedBy", .object(JSONObject([.init(key: parameter, value: .string(identifier))])))]
        return e
    }
}
