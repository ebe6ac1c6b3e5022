import Foundation

/// STS AssumeRole and GetCallerIdentity (query protocol, XML), on the emulator's port.
enum STSService {
    static let namespace = "https://sts.amazonaws.com/doc/2011-06-15/"

    struct Reply {
        var action: String
        var xml: String
    }

    static func formItems(_ body: [UInt8]) -> [String: String] {
        let text = String(decoding: body, as: UTF8.self)
        var out: [String: String] = [:]
        for pair in text.split(separator: "&") {
            let kv = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            func dec(_ s: Substring) -> String { String(s).replacingOccurrences(of: "+", with: " ").removingPercentEncoding ?? String(s) }
            out[dec(kv[0])] = kv.count > 1 ? dec(kv[1]) : ""
        }
        return out
    }

    static func action(of request: ReceivedRequest) -> String? {
        formItems(request.body)["Action"] ?? request.query("Action")
    }

    static func handle(_ request: ReceivedRequest, caller: VerifiedCaller, engine: EmulatorEngine, now: Date, requestId: String) throws -> Reply {
        var params = formItems(request.body)
        for q in request.queryItems where params[q.name] == nil { params[q.name] = q.value }
        guard let action = params["Action"] else {
            throw APIError(code: "MissingAction", status: 400, message: "Missing Action")
        }
        switch action {
        case "GetCallerIdentity":
            let arn = caller.principal.arn
            let userId = switch caller.principal {
            case .account(let a): "AIDAEMULATOR" + String(a.accountId.suffix(8))
            case .session(let s): "AROAEMULATOR\(s.accountId.suffix(8)):\(s.sessionName)"
            }
            return Reply(action: action, xml: """
            <GetCallerIdentityResponse xmlns="\(namespace)">
              <GetCallerIdentityResult>
                <Arn>\(escape(arn))</Arn>
                <UserId>\(escape(userId))</UserId>
                <Account>\(caller.principal.accountId)</Account>
              </GetCallerIdentityResult>
              <ResponseMetadata>
                <RequestId>\(requestId)</RequestId>
              </ResponseMetadata>
            </GetCallerIdentityResponse>
            """)
        case "AssumeRole":
            guard let roleArn = params["RoleArn"] else { throw validation("roleArn", "Member must not be null", value: "null") }
            guard let sessionName = params["RoleSessionName"] else { throw validation("roleSessionName", "Member must not be null", value: "null") }
            guard (2...64).contains(sessionName.count),
                  sessionName.allSatisfy({ $0.isLetter || $0.isNumber || "_+=,.@-".contains($0) }) else {
                throw validation("roleSessionName", "Member must satisfy regular expression pattern: [\\w+=,.@-]*", value: sessionName)
            }
            var duration = 3600
            if let d = params["DurationSeconds"] {
                guard let n = Int(d) else { throw validation("durationSeconds", "Member must be an integer", value: d) }
                if n < 900 { throw validation("durationSeconds", "Member must have value greater than or equal to 900", value: d) }
                if n > 43200 { throw validation("durationSeconds", "Member must have value less than or equal to 43200", value: d) }
                duration = n
            }
            let parts = roleArn.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
            guard parts.count == 6, parts[0] == "arn", parts[2] == "iam", parts[5].hasPrefix("role/"),
                  parts[4].count == 12, parts[4].allSatisfy(\.isNumber) else {
                throw validation("roleArn", "Member must satisfy ARN format", value: roleArn)
            }
            let account = parts[4]
            let roleName = String(parts[5].split(separator: "/").last ?? "")
            if case .session = caller.principal, duration > 3600 {
                throw APIError(code: "ValidationError", status: 400,
                               message: "The requested DurationSeconds exceeds the 1 hour session limit for roles assumed by role chaining.")
            }
            // Unknown accounts, and in an organization the roles an account lacks, deny as AWS does.
            guard engine.mayAssume(roleName: roleName, inAccount: account) else {
                throw APIError(code: "AccessDenied", status: 403,
                               message: "User: \(caller.principal.arn) is not authorized to perform: sts:AssumeRole on resource: \(roleArn)")
            }
            let session = engine.createSession(accountId: account, roleName: roleName, sessionName: sessionName,
                                               duration: TimeInterval(duration), now: now)
            let roleId = "AROAEMULATOR" + String(account.suffix(8))
            let sourceIdentity = params["SourceIdentity"].map { "\n    <SourceIdentity>\(escape($0))</SourceIdentity>" } ?? ""
            return Reply(action: action, xml: """
            <AssumeRoleResponse xmlns="\(namespace)">
              <AssumeRoleResult>\(sourceIdentity)
                <AssumedRoleUser>
                  <AssumedRoleId>\(roleId):\(escape(sessionName))</AssumedRoleId>
                  <Arn>arn:aws:sts::\(account):assumed-role/\(escape(roleName))/\(escape(sessionName))</Arn>
                </AssumedRoleUser>
                <Credentials>
                  <AccessKeyId>\(session.accessKeyId)</AccessKeyId>
                  <SecretAccessKey>\(session.secretAccessKey)</SecretAccessKey>
                  <SessionToken>\(session.sessionToken)</SessionToken>
                  <Expiration>\(Timestamp.format(session.expiration, fractional: false))</Expiration>
                </Credentials>
              </AssumeRoleResult>
              <ResponseMetadata>
                <RequestId>\(requestId)</RequestId>
              </ResponseMetadata>
            </AssumeRoleResponse>
            """)
        default:
            throw APIError(code: "InvalidAction", status: 400, message: "Could not find operation \(action) for version 2011-06-15")
        }
    }

    static func validation(_ member: String, _ constraint: String, value: String) -> APIError {
        APIError(code: "ValidationError", status: 400,
                 message: "1 validation error detected: Value '\(value)' at '\(member)' failed to satisfy constraint: \(constraint)")
    }

    static func errorXML(_ e: APIError, requestId: String) -> String {
        """
        <ErrorResponse xmlns="\(namespace)">
          <Error>
            <Type>\(e.senderFault ? "Sender" : "Receiver")</Type>
            <Code>\(escape(e.code))</Code>
            <Message>\(escape(e.message))</Message>
          </Error>
          <RequestId>\(requestId)</RequestId>
        </ErrorResponse>
        """
    }

    static func escape(_ s: String) -> String {
        s.replacingOccurrences(of: "&", with: "&amp;").replacingOccurrences(of: "<", with: "&lt;")
            .replacingOccurrences(of: ">", with: "&gt;").replacingOccurrences(of: "\"", with: "&quot;")
            .replacingOccurrences(of: "'", with: "&apos;")
    }
}
