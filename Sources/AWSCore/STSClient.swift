import Foundation

public struct AssumeRoleResult: Sendable {
    public var credentials: Credentials
    public var assumedRoleArn: String?
    public var assumedRoleId: String?
}

public struct CallerIdentity: Sendable, Equatable {
    public var account: String
    public var arn: String
    public var userId: String
}

/// STS over the query protocol: form-encoded POSTs, XML responses.
public struct STSClient: Sendable {
    public static let apiVersion = "2011-06-15"
    public let client: AWSClient
    public let region: String

    public init(client: AWSClient, region: String) {
        self.client = client
        self.region = region
    }

    public func assumeRole(roleArn: String, sessionName: String, externalId: String? = nil,
                           durationSeconds: Int? = nil) async throws -> AssumeRoleResult {
        var params = [QueryItem("RoleArn", roleArn), QueryItem("RoleSessionName", sessionName)]
        if let durationSeconds { params.append(QueryItem("DurationSeconds", String(durationSeconds))) }
        if let externalId { params.append(QueryItem("ExternalId", externalId)) }
        let root = try await call("AssumeRole", params)
        guard let c = root["AssumeRoleResult", "Credentials"],
              let akid = c.child("AccessKeyId")?.trimmedText, !akid.isEmpty,
              let secret = c.child("SecretAccessKey")?.trimmedText, !secret.isEmpty
        else {
            throw AWSError(code: "InvalidResponse", message: "AssumeRole response has no credentials")
        }
        let expiration = c.child("Expiration").flatMap { ISO8601.parse($0.trimmedText) }
        return AssumeRoleResult(
            credentials: Credentials(accessKeyId: akid, secretAccessKey: secret,
                                     sessionToken: c.child("SessionToken")?.trimmedText, expiration: expiration),
            assumedRoleArn: root["AssumeRoleResult", "AssumedRoleUser", "Arn"]?.trimmedText,
            assumedRoleId: root["AssumeRoleResult", "AssumedRoleUser", "AssumedRoleId"]?.trimmedText)
    }

    public func getCallerIdentity() async throws -> CallerIdentity {
        let root = try await call("GetCallerIdentity", [])
        guard let r = root["GetCallerIdentityResult"], let account = r.child("Account")?.trimmedText else {
            throw AWSError(code: "InvalidResponse", message: "GetCallerIdentity response has no Account")
        }
        return CallerIdentity(account: account, arn: r.child("Arn")?.trimmedText ?? "",
                              userId: r.child("UserId")?.trimmedText ?? "")
    }

    private func call(_ action: String, _ params: [QueryItem]) async throws -> XMLElementNode {
        let body = PercentEncoding.formEncode([QueryItem("Action", action), QueryItem("Version", Self.apiVersion)] + params)
        let response = try await client.send(
            service: "sts", region: region, method: "POST", path: "/",
            headers: [HTTPHeader("Content-Type", "application/x-www-form-urlencoded; charset=utf-8")],
            body: Array(body.utf8))
        do {
            return try XMLResponse.parse(response.body)
        } catch {
            throw AWSError(code: "InvalidResponse", message: "\(action): \(error)", statusCode: response.status,
                           requestId: response.headers.first(named: "x-amzn-RequestId"))
        }
    }
}
