import FlagModel
import Foundation

/// A small but real snapshot: one environment, one profile, two flags, one deployment.
func sampleSnapshot(asOf: Date, enabled: Bool = true) throws -> FleetSnapshot {
    let env = sampleEnvironment
    let profile = ProfileRef(accountId: "111111111111", region: "eu-west-1", applicationName: "checkout",
                             profileId: "prf1234", profileName: "flags")
    let doc = try FeatureFlagDocument(parsing: """
        {"version":"1","flags":{"new_checkout":{"name":"New checkout"},"kill_switch":{"name":"Kill"}},
         "values":{"new_checkout":{"enabled":\(enabled)},"kill_switch":{"enabled":false}}}
        """)
    let deployment = FlagModel.Deployment(deploymentNumber: 1, state: .complete, percentageComplete: 100,
                                          startedAt: Date(timeIntervalSince1970: 1_790_000_000),
                                          completedAt: Date(timeIntervalSince1970: 1_790_000_060),
                                          configurationVersion: 1, strategyId: "AppConfig.AllAtOnce")
    let input = FleetInput(
        environments: [env],
        profiles: [HostedProfile(profile: profile, latestVersion: 1, documents: [1: .parsed(doc)])],
        histories: [DeploymentHistory(environment: env, profile: profile, deployments: [deployment])])
    return FleetSnapshot.derive(from: input, policy: RetirementPolicy(asOf: asOf))
}

let sampleEnvironment = EnvironmentID(accountName: "payments-prod", accountId: "111111111111", region: "eu-west-1",
                                      applicationName: "checkout", environmentName: "prod")

/// One deployment, started by the IAM user alice as CloudTrail recorded it.
func sampleAudit(at time: Date) -> PublishedAudit {
    var record = DeploymentRecord(environment: sampleEnvironment, profileName: "flags", deploymentNumber: 1, state: .complete,
                                  percentageComplete: 100, startedAt: time, completedAt: time.addingTimeInterval(60),
                                  configurationVersion: 1, strategyName: "AppConfig.AllAtOnce", description: "enable checkout",
                                  changes: [])
    record.applicationId = "app1"
    record.environmentId = "env1"
    record.profileId = "prf1234"
    let event = TrailEvent(eventId: "e1", eventName: "StartDeployment", time: time, accountId: "111111111111", region: "eu-west-1",
                           author: ChangeAuthor(type: "IAMUser", arn: "arn:aws:iam::111111111111:user/alice", name: "alice", role: nil),
                           applicationId: "app1", environmentId: "env1", profileId: "prf1234", deploymentNumber: 1)
    let trail = AuditTrail(events: [event])
    let result = ScanResult(scannedAt: time, snapshot: FleetSnapshot(asOf: time, environments: [], rows: []), deployments: [record],
                            errors: [])
    return PublishedAudit(rows: AuditLog.rows(result, trail: trail), deployments: [record], trail: trail, notes: [])
}
