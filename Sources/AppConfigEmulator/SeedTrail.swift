import FlagModel
import Foundation

/// CloudTrail events for a seed's history, so the demo's Audit view says who made the
/// changes it was built with: each application has an author (an Identity Center user),
/// production deployments come from a CI role, stops from the on-call engineer. The
/// events are shaped as for calls served over HTTP (`AppConfigTrail`).
struct SeedTrail {
    /// Identity Center's role for developers (the `AWSReservedSSO_` prefix is how AWS names them).
    static let developerRole = "AWSReservedSSO_Developer_7d2e1c9a4b3f5e60"
    static let onCallRole = "AWSReservedSSO_OnCall_51b0c8e2a9d4f371"
    static let ciRole = "github-actions-deploy"
    static let authors = ["maria.garcia@example.com", "dev.patel@example.com", "li.wei@example.com", "jonas.berg@example.com"]
    static let onCall = "sam.okafor@example.com"
    static let consoleAgent = "Mozilla/5.0 (Macintosh; Intel Mac OS X 10_15_7) AppleWebKit/605.1.15 (KHTML, like Gecko) Version/17.4 Safari/605.1.15"
    static let ciAgent = "aws-cli/2.22.4 md/awscrt#0.23.4 ua/2.1 os/linux#6.8.0 md/arch#x86_64 lang/python#3.12.6 exec-env/GitHubActions"

    func record(into engine: EmulatorEngine) {
        let world = engine.snapshot()
        var calls: [TrailCall] = []
        for (key, region) in world.regions.sorted(by: { $0.key < $1.key }) {
            let parts = key.split(separator: "/").map(String.init)
            guard parts.count == 2 else { continue }
            calls += Self.calls(region, accountId: parts[0], regionName: parts[1])
        }
        for call in calls.sorted(by: { $0.time < $1.time }) { engine.recordTrail(call) }
    }

    static func calls(_ r: RegionState, accountId: String, regionName: String) -> [TrailCall] {
        var out: [TrailCall] = []
        func author(_ applicationId: String) -> String {
            let i = r.applications.firstIndex { $0.id == applicationId } ?? 0
            return authors[(i + accountId.hashValueStable) % authors.count]
        }
        func sso(_ role: String, _ user: String) -> TrailIdentity {
            TrailIdentity(kind: .assumedRole(role: role, session: user, issuedAt: nil), accountId: accountId,
                          accessKeyId: "ASIA" + TrailIdentity.uniqueId("", user + accountId).prefix(16))
        }
        for v in r.versions {
            let params = Shapes.obj([("applicationId", .string(v.applicationId)), ("configurationProfileId", .string(v.configurationProfileId)),
                                     ("content", .string(AppConfigTrail.hidden)), ("contentType", .string(v.contentType)),
                                     ("description", Shapes.str(v.description)), ("versionLabel", Shapes.str(v.versionLabel))])
            let response = Shapes.obj([("applicationId", .string(v.applicationId)), ("configurationProfileId", .string(v.configurationProfileId)),
                                       ("versionNumber", Shapes.int(v.versionNumber)), ("contentType", .string(v.contentType)),
                                       ("description", Shapes.str(v.description)), ("versionLabel", Shapes.str(v.versionLabel)),
                                       ("content", .string(AppConfigTrail.hidden))])
            out.append(call("CreateHostedConfigurationVersion", sso(developerRole, author(v.applicationId)), consoleAgent,
                            regionName, v.createdAt, params, response, ids: [("applicationId", v.applicationId),
                                                                             ("configurationProfileId", v.configurationProfileId)]))
        }
        for d in r.deployments {
            let env = r.environments.first { $0.applicationId == d.applicationId && $0.id == d.environmentId }
            let prod = env.map { Seeds.isProduction($0.name) } ?? false
            let who = prod ? TrailIdentity(kind: .assumedRole(role: ciRole, session: "GitHubActions-\(9_000_000 + d.deploymentNumber * 37)", issuedAt: nil),
                                           accountId: accountId, accessKeyId: "ASIA" + TrailIdentity.uniqueId("", ciRole + accountId).prefix(16))
                           : sso(developerRole, author(d.applicationId))
            let params = Shapes.obj([("applicationId", .string(d.applicationId)), ("environmentId", .string(d.environmentId)),
                                     ("deploymentStrategyId", .string(d.deploymentStrategyId)),
                                     ("configurationProfileId", .string(d.configurationProfileId)),
                                     ("configurationVersion", .string(d.configurationVersion)), ("description", Shapes.str(d.description))])
            let started = DeploymentMath.progress(d, at: d.startedAt)
            let response = AppConfigTrail.lowerCamelKeys(Shapes.deployment(d, started, region: regionName, account: accountId))
            let ids = [("applicationId", d.applicationId), ("environmentId", d.environmentId)]
            out.append(call("StartDeployment", who, prod ? ciAgent : consoleAgent, regionName, d.startedAt, params, response, ids: ids))
            if let stopped = d.stoppedAt ?? d.revertedAt {
                let stopParams = Shapes.obj([("applicationId", .string(d.applicationId)), ("environmentId", .string(d.environmentId)),
                                             ("deploymentNumber", Shapes.int(d.deploymentNumber)), ("allowRevert", .bool(d.revertedAt != nil))])
                let after = AppConfigTrail.lowerCamelKeys(Shapes.deployment(d, DeploymentMath.progress(d, at: stopped), region: regionName, account: accountId))
                out.append(call("StopDeployment", sso(onCallRole, onCall), consoleAgent, regionName, stopped, stopParams, after, ids: ids))
            }
        }
        return out
    }

    private static func call(_ name: String, _ who: TrailIdentity, _ agent: String, _ region: String, _ time: Date,
                             _ params: JSONValue, _ response: JSONValue, ids: [(String, String)]) -> TrailCall {
        let path = ids.map { ($0.0 == "applicationId" ? "applications" : $0.0 == "environmentId" ? "environments" : "configurationprofiles") + "/" + $0.1 }
            .joined(separator: "/")
        return TrailCall(eventName: name, identity: who, region: region, time: time, sourceIP: "203.0.113.\(10 + who.username.hashValueStable % 200)",
                         userAgent: agent, requestParameters: params, responseElements: response, errorCode: nil, errorMessage: nil,
                         requestId: TrailIdentity.uniqueId("", name + "\(time.timeIntervalSince1970)").lowercased(),
                         resources: AppConfigTrail.resources(AppConfigTrail.pathIds("/" + path), region: region, accountId: who.accountId))
    }
}
