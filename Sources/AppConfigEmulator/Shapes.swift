import FlagModel
import Foundation

/// Wire shapes of the AppConfig model (rest-json), built from records.
enum Shapes {
    static func obj(_ pairs: [(String, JSONValue?)]) -> JSONValue {
        var o = JSONObject()
        for (k, v) in pairs { if let v { o[k] = v } }
        return .object(o)
    }

    static func str(_ s: String?) -> JSONValue? { s.map { .string($0) } }
    static func int(_ i: Int) -> JSONValue { .number(JSONNumber(i)) }
    static func float(_ d: Double) -> JSONValue { .number(JSONNumber(d) ?? JSONNumber(0)) }
    static func time(_ d: Date?) -> JSONValue? { d.map { .string(Timestamp.format($0)) } }

    static func application(_ a: ApplicationRecord) -> JSONValue {
        obj([("Id", .string(a.id)), ("Name", .string(a.name)), ("Description", str(a.description))])
    }

    static func environment(_ e: EnvironmentRecord, state: String) -> JSONValue {
        obj([("ApplicationId", .string(e.applicationId)), ("Id", .string(e.id)), ("Name", .string(e.name)),
             ("Description", str(e.description)), ("State", .string(state)),
             ("Monitors", .array(e.monitors.map { m in obj([("AlarmArn", .string(m.alarmArn)), ("AlarmRoleArn", str(m.alarmRoleArn))]) }))])
    }

    static func profileSummary(_ p: ProfileRecord) -> JSONValue {
        obj([("ApplicationId", .string(p.applicationId)), ("Id", .string(p.id)), ("Name", .string(p.name)),
             ("LocationUri", .string(p.locationUri)),
             ("ValidatorTypes", .array(p.validators.map { .string($0.type) })), ("Type", .string(p.type))])
    }

    static func profile(_ p: ProfileRecord, region: String, account: String) -> JSONValue {
        obj([("ApplicationId", .string(p.applicationId)), ("Id", .string(p.id)), ("Name", .string(p.name)),
             ("Description", str(p.description)), ("LocationUri", .string(p.locationUri)),
             ("RetrievalRoleArn", str(p.retrievalRoleArn)),
             ("Validators", .array(p.validators.map { v in obj([("Type", .string(v.type)), ("Content", .string(v.content))]) })),
             ("Type", .string(p.type)),
             ("KmsKeyArn", str(p.kmsKeyIdentifier.map { kmsArn($0, region: region, account: account) })),
             ("KmsKeyIdentifier", str(p.kmsKeyIdentifier))])
    }

    static func kmsArn(_ id: String, region: String, account: String) -> String {
        id.hasPrefix("arn:") ? id : "arn:aws:kms:\(region):\(account):key/\(id)"
    }

    static func strategy(_ s: StrategyRecord) -> JSONValue {
        obj([("Id", .string(s.id)), ("Name", .string(s.name)), ("Description", str(s.description)),
             ("DeploymentDurationInMinutes", int(s.deploymentDurationInMinutes)), ("GrowthType", .string(s.growthType)),
             ("GrowthFactor", float(s.growthFactor)), ("FinalBakeTimeInMinutes", int(s.finalBakeTimeInMinutes)),
             ("ReplicateTo", .string(s.replicateTo))])
    }

    static func versionSummary(_ v: HostedVersionRecord) -> JSONValue {
        obj([("ApplicationId", .string(v.applicationId)), ("ConfigurationProfileId", .string(v.configurationProfileId)),
             ("VersionNumber", int(v.versionNumber)), ("Description", str(v.description)),
             ("ContentType", .string(v.contentType)), ("VersionLabel", str(v.versionLabel))])
    }

    /// Headers of Create/GetHostedConfigurationVersion (the body is the raw content).
    static func versionHeaders(_ v: HostedVersionRecord) -> [(String, String)] {
        var h: [(String, String)] = [
            ("Application-Id", v.applicationId), ("Configuration-Profile-Id", v.configurationProfileId),
            ("Version-Number", String(v.versionNumber)), ("Content-Type", v.contentType),
        ]
        if let d = v.description { h.append(("Description", d)) }
        if let l = v.versionLabel { h.append(("VersionLabel", l)) }
        return h
    }

    static func deploymentSummary(_ d: DeploymentRecord, _ p: DeploymentProgress) -> JSONValue {
        obj([("DeploymentNumber", int(d.deploymentNumber)), ("ConfigurationName", .string(d.configurationName)),
             ("ConfigurationVersion", .string(d.configurationVersion)),
             ("DeploymentDurationInMinutes", int(d.deploymentDurationInMinutes)), ("GrowthType", .string(d.growthType)),
             ("GrowthFactor", float(d.growthFactor)), ("FinalBakeTimeInMinutes", int(d.finalBakeTimeInMinutes)),
             ("State", .string(p.state)), ("PercentageComplete", float(p.percentageComplete)),
             ("StartedAt", time(d.startedAt)), ("CompletedAt", time(p.completedAt)), ("VersionLabel", str(d.versionLabel))])
    }

    static func deployment(_ d: DeploymentRecord, _ p: DeploymentProgress, region: String, account: String) -> JSONValue {
        let events: [JSONValue] = p.events.reversed().map { e in
            obj([("EventType", .string(e.eventType)), ("TriggeredBy", .string(e.triggeredBy)),
                 ("Description", .string(e.description)), ("ActionInvocations", .array([])),
                 ("OccurredAt", time(e.occurredAt))])
        }
        return obj([
            ("ApplicationId", .string(d.applicationId)), ("EnvironmentId", .string(d.environmentId)),
            ("DeploymentStrategyId", .string(d.deploymentStrategyId)), ("ConfigurationProfileId", .string(d.configurationProfileId)),
            ("DeploymentNumber", int(d.deploymentNumber)), ("ConfigurationName", .string(d.configurationName)),
            ("ConfigurationLocationUri", .string(d.configurationLocationUri)), ("ConfigurationVersion", .string(d.configurationVersion)),
            ("Description", str(d.description)), ("DeploymentDurationInMinutes", int(d.deploymentDurationInMinutes)),
            ("GrowthType", .string(d.growthType)), ("GrowthFactor", float(d.growthFactor)),
            ("FinalBakeTimeInMinutes", int(d.finalBakeTimeInMinutes)), ("State", .string(p.state)),
            ("EventLog", .array(events)), ("PercentageComplete", float(p.percentageComplete)),
            ("StartedAt", time(d.startedAt)), ("CompletedAt", time(p.completedAt)),
            ("AppliedExtensions", .array([])),
            ("KmsKeyArn", str(d.kmsKeyIdentifier.map { kmsArn($0, region: region, account: account) })),
            ("KmsKeyIdentifier", str(d.kmsKeyIdentifier)), ("VersionLabel", str(d.versionLabel)),
        ])
    }

    static func list(_ items: [JSONValue], next: String?) -> JSONValue {
        obj([("Items", .array(items)), ("NextToken", str(next))])
    }
}
