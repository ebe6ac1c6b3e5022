import FlagModel
import Foundation

/// What CloudTrail records of an AppConfig control-plane call: `requestParameters` are the
/// path's ids and the input members (lowerCamelCase, as CloudTrail writes rest-json
/// inputs), `responseElements` the output members; configuration content is never
/// recorded (`HIDDEN_DUE_TO_SECURITY_REASONS`). Only mutating calls are recorded here:
/// reads would drown the 90-day history the audit needs.
enum AppConfigTrail {
    static let hidden = "HIDDEN_DUE_TO_SECURITY_REASONS"

    static func call(operation: String, request r: ReceivedRequest, response: WireResponse?, error: APIError?,
                     identity: TrailIdentity, region: String, time: Date, requestId: String) -> TrailCall {
        let ids = pathIds(r.rawPath)
        return TrailCall(eventName: operation, identity: identity, region: region, time: time,
                         sourceIP: sourceIP(r), userAgent: r.header("user-agent") ?? "",
                         requestParameters: requestParameters(operation, r, ids),
                         responseElements: response.flatMap { responseElements(operation, $0) },
                         errorCode: error?.code, errorMessage: error?.message, requestId: requestId,
                         resources: resources(ids, region: region, accountId: identity.accountId))
    }

    /// The ids a path names: `/applications/{applicationId}/environments/{environmentId}/deployments/{deploymentNumber}`…
    static func pathIds(_ rawPath: String) -> [(String, String)] {
        let s = AppConfigRoutes.segments(rawPath.split(separator: "?").first.map(String.init) ?? rawPath)
        let names = ["applications": "applicationId", "environments": "environmentId",
                     "configurationprofiles": "configurationProfileId", "deploymentstrategies": "deploymentStrategyId",
                     "deployments": "deploymentNumber", "hostedconfigurationversions": "versionNumber"]
        var out: [(String, String)] = []
        var i = 0
        while i + 1 < s.count {
            if let name = names[s[i]] { out.append((name, s[i + 1])) }
            i += 2
        }
        return out
    }

    private static func requestParameters(_ operation: String, _ r: ReceivedRequest, _ ids: [(String, String)]) -> JSONValue {
        var o = JSONObject()
        for (name, value) in ids {
            o[name] = (name == "deploymentNumber" || name == "versionNumber") ? Int(value).map(Shapes.int) ?? .string(value) : .string(value)
        }
        switch operation {
        case "CreateHostedConfigurationVersion":
            o["content"] = .string(hidden)
            for (header, member) in [("content-type", "contentType"), ("description", "description"),
                                     ("latest-version-number", "latestVersionNumber"), ("versionlabel", "versionLabel")] {
                if let value = r.header(header) {
                    o[member] = member == "latestVersionNumber" ? Int(value).map(Shapes.int) ?? .string(value) : .string(value)
                }
            }
        case "StopDeployment":
            if let revert = r.header("allow-revert") { o["allowRevert"] = .bool(revert.lowercased() == "true") }
        default:
            if let body = try? JSONBody(r.body) {
                for member in body.object { o[lowerCamel(member.key)] = lowerCamelKeys(member.value) }
            }
        }
        return .object(o)
    }

    private static func responseElements(_ operation: String, _ response: WireResponse) -> JSONValue? {
        if operation == "CreateHostedConfigurationVersion" {
            let names = [("application-id", "applicationId"), ("configuration-profile-id", "configurationProfileId"),
                         ("version-number", "versionNumber"), ("content-type", "contentType"), ("description", "description"),
                         ("versionlabel", "versionLabel")]
            var o = JSONObject()
            for (header, member) in names {
                guard let value = response.headers.first(where: { $0.0.lowercased() == header })?.1 else { continue }
                o[member] = member == "versionNumber" ? Int(value).map(Shapes.int) ?? .string(value) : .string(value)
            }
            o["content"] = .string(hidden)
            return .object(o)
        }
        guard !response.body.isEmpty, let value = try? JSONParser.parse(response.body) else { return nil }
        return lowerCamelKeys(value)
    }

    static func resources(_ ids: [(String, String)], region: String, accountId: String) -> [TrailResource] {
        let types = ["applicationId": "AWS::AppConfig::Application", "environmentId": "AWS::AppConfig::Environment",
                     "configurationProfileId": "AWS::AppConfig::ConfigurationProfile",
                     "deploymentStrategyId": "AWS::AppConfig::DeploymentStrategy"]
        var out: [TrailResource] = []
        var app = ""
        for (name, value) in ids {
            guard let type = types[name] else { continue }
            let arn: String
            switch name {
            case "applicationId": app = value; arn = "arn:aws:appconfig:\(region):\(accountId):application/\(value)"
            case "environmentId": arn = "arn:aws:appconfig:\(region):\(accountId):application/\(app)/environment/\(value)"
            case "configurationProfileId": arn = "arn:aws:appconfig:\(region):\(accountId):application/\(app)/configurationprofile/\(value)"
            default: arn = "arn:aws:appconfig:\(region):\(accountId):deploymentstrategy/\(value)"
            }
            out.append(TrailResource(type: type, name: arn))
        }
        return out
    }

    /// The caller's address as the server saw it (`X-Forwarded-For` when a proxy set it).
    private static func sourceIP(_ r: ReceivedRequest) -> String {
        r.header("x-forwarded-for")?.split(separator: ",").first.map { $0.trimmingCharacters(in: .whitespaces) } ?? "127.0.0.1"
    }

    static func lowerCamel(_ key: String) -> String {
        guard let first = key.first, first.isUppercase else { return key }
        return first.lowercased() + key.dropFirst()
    }

    static func lowerCamelKeys(_ value: JSONValue) -> JSONValue {
        switch value {
        case .object(let o): return .object(JSONObject(o.map { .init(key: lowerCamel($0.key), value: lowerCamelKeys($0.value)) }))
        case .array(let a): return .array(a.map(lowerCamelKeys))
        default: return value
        }
    }
}
