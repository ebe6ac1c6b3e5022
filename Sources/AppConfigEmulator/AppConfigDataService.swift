import FlagModel
import Foundation

/// AppConfigData (botocore `appconfigdata` 2021-11-11, rest-json): how applications read
/// their configuration. It signs as `appconfig` like the control plane, so it is told
/// apart by its two paths.
enum AppConfigDataService {
    static let startSessionPath = "/configurationsessions"
    static let configurationPath = "/configuration"

    static func isDataPlanePath(_ rawPath: String) -> Bool {
        rawPath == startSessionPath || rawPath == configurationPath
    }

    static func operation(of r: ReceivedRequest) -> String? {
        switch (r.method.uppercased(), r.rawPath) {
        case ("POST", startSessionPath): "StartConfigurationSession"
        case ("GET", configurationPath): "GetLatestConfiguration"
        default: nil
        }
    }

    static func handle(_ r: ReceivedRequest, scope: Scope, engine: EmulatorEngine, sessions: DataPlaneSessions) throws -> WireResponse {
        switch operation(of: r) {
        case "StartConfigurationSession": return try startSession(r, scope: scope, engine: engine, sessions: sessions)
        case "GetLatestConfiguration": return try latestConfiguration(r, scope: scope, engine: engine, sessions: sessions)
        default: throw EmulatedService.appConfigData.unknownOperation(r)
        }
    }

    static func startSession(_ r: ReceivedRequest, scope: Scope, engine: EmulatorEngine, sessions: DataPlaneSessions) throws -> WireResponse {
        let b = try JSONBody(r.body)
        let application = try identifier(b, "ApplicationIdentifier")
        let environment = try identifier(b, "EnvironmentIdentifier")
        let profile = try identifier(b, "ConfigurationProfileIdentifier")
        let minimum = try b.int("RequiredMinimumPollIntervalInSeconds")
        if let minimum, !(15...86400).contains(minimum) {
            throw APIError.validation(String(minimum), member: "requiredMinimumPollIntervalInSeconds",
                                      constraint: "Member must have value between 15 and 86400")
        }
        let target = try engine.resolveConfiguration(scope, application: application, environment: environment, profile: profile)
        let token = sessions.start(target: target, accountId: scope.accountId, region: scope.region, minimumPollSeconds: minimum, now: scope.now)
        return .json(.object(JSONObject([.init(key: "InitialConfigurationToken", value: .string(token))])), status: 201)
    }

    static func latestConfiguration(_ r: ReceivedRequest, scope: Scope, engine: EmulatorEngine, sessions: DataPlaneSessions) throws -> WireResponse {
        guard let token = r.query("configuration_token") else {
            throw APIError.badRequest("1 validation error detected: Value null at 'configurationToken' failed to satisfy constraint: Member must not be null")
        }
        if token.isEmpty || token.count > 8192 || token.contains(where: \.isWhitespace) {
            throw DataPlaneSessions.invalidToken(.corrupted, "The configuration token is malformed")
        }
        let poll = try sessions.poll(token: token, accountId: scope.accountId, region: scope.region, now: scope.now) { session in
            let t = session.target
            // Re-resolved on every poll: a deleted application, environment or profile is a 404.
            _ = try engine.resolveConfiguration(scope, application: t.applicationId, environment: t.environmentId, profile: t.profileId)
            guard let served = try engine.servedVersion(scope, applicationId: t.applicationId, environmentId: t.environmentId,
                                                        profileId: t.profileId, bucket: session.bucket) else {
                var e = APIError.notFound("Configuration profile \(t.names) has not been deployed to this environment")
                e.extra = [("ResourceType", "Deployment")]
                throw e
            }
            return served
        }
        var headers: [(String, String)] = [
            ("Next-Poll-Configuration-Token", poll.nextToken),
            ("Next-Poll-Interval-In-Seconds", String(poll.pollInterval)),
            ("Content-Type", contentType(poll.served)),
        ]
        guard poll.changed else { return WireResponse(status: 200, headers: headers, body: []) }
        if let label = poll.served.versionLabel { headers.append(("Version-Label", label)) }
        return WireResponse(status: 200, headers: headers, body: try body(poll.served))
    }

    /// Feature flags in the retrieval format, anything else as stored.
    static func body(_ served: ServedVersion) throws -> [UInt8] {
        guard served.profileType == ProfileType.featureFlags else { return Array(served.content) }
        do {
            return Array(try RetrievalFormat.flattened(served.content).serialized(pretty: false).utf8)
        } catch let failure as RetrievalFormat.Failure {
            throw APIError.internalError("Version \(served.versionNumber): \(failure.message)")
        }
    }

    static func contentType(_ served: ServedVersion) -> String {
        served.profileType == ProfileType.featureFlags ? "application/json" : served.contentType
    }

    private static func identifier(_ b: JSONBody, _ member: String) throws -> String {
        let lower = member.prefix(1).lowercased() + member.dropFirst()
        guard let value = try b.string(member) else {
            throw APIError.badRequest("1 validation error detected: Value null at '\(lower)' failed to satisfy constraint: Member must not be null")
        }
        guard (1...128).contains(value.count) else {
            throw APIError.validation(value, member: lower, constraint: "Member must have length between 1 and 128")
        }
        return value
    }
}
