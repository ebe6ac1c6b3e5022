import ArgumentParser
import AWSCore
import FlagDeck
import FlagDeckConfig
import FleetScanner
import Foundation
import Logging

/// One sentence per failure: what went wrong, in the user's terms, and what to do.
struct DoctorAdvice: Sendable {
    let account: FlagDeckConfiguration.Account
    let region: String
    let configPath: String

    private var profileName: String { account.profile ?? "default" }

    /// Building or fetching credentials failed (profile missing, SSO expired, AssumeRole refused...).
    func credentials(_ error: any Error, source: CredentialSource?) -> String {
        let message = String(describing: error)
        let prefix = "No credentials (\(Self.detail(error)))"
        if message.contains("aws sso login") {
            return "\(prefix): run `aws sso login --profile \(profileName)` and check again."
        }
        if message.contains("not found in") || message.contains("which does not exist") {
            return "\(prefix): add the profile to your AWS config files or fix `profile:` of account "
                + "\(account.name) in \(configPath)."
        }
        if message.contains("AssumeRole") {
            if let roleHint = Self.authHint(in: message, role: account.roleArn) { return "\(prefix): \(roleHint)." }
            if message.contains("AccessDenied") {
                return "\(prefix): the base credentials may not assume the role; check the role's trust policy "
                    + "(and externalId) allows the caller, and that the caller may call sts:AssumeRole on it."
            }
            if message.contains("connection error") || message.contains("timed out") {
                return "\(prefix): STS cannot be reached; check your network"
                    + (account.endpoint.map { ", and that the endpoint \($0) is right and running." } ?? ", proxy or VPN.")
            }
        }
        if message.contains("credential_process") || message.contains("credential process") {
            return "\(prefix): run the profile's credential_process command by hand to see why it fails."
        }
        if message.contains("no AWS credentials found") {
            return "\(prefix): set `profile:` for account \(account.name) in \(configPath), or export AWS credentials."
        }
        return "\(prefix): fix profile \(profileName) in your AWS config files, or `profile:`/`roleArn:` of account "
            + "\(account.name) in \(configPath)."
    }

    /// Bad keys or a dead endpoint fail both calls alike: say it once, naming both.
    static func merged(_ identity: String?, _ appConfig: String?) -> [String] {
        let sts = "STS GetCallerIdentity", appconfig = "AppConfig ListApplications"
        if let identity, let appConfig, identity.hasPrefix(sts),
           String(identity.dropFirst(sts.count)) == String(appConfig.dropFirst(appconfig.count)) {
            return ["\(sts) and \(appconfig)" + identity.dropFirst(sts.count).replacingOccurrences(
                of: " failed (", with: " both failed (", options: .anchored)]
        }
        return [identity, appConfig].compactMap { $0 }
    }

    func identity(_ error: any Error, source: CredentialSource) -> String {
        "STS GetCallerIdentity failed (\(Self.detail(error)))"
            + ": " + (fix(error, source: source) ?? "check the credentials of \(source) and the region \(region).")
    }

    func appConfig(_ error: any Error, source: CredentialSource, caller: String?) -> String {
        let what = "AppConfig ListApplications failed (\(Self.detail(error)))"
        if let aws = error as? AWSError, aws.kind == .service {
            if ["AccessDenied", "AccessDeniedException", "UnauthorizedOperation"].contains(aws.code)
                || aws.statusCode == 403 && !aws.isAuthFailure {
                return "\(what): \(caller ?? "the caller") may not call appconfig:ListApplications; attach a policy "
                    + "allowing appconfig:List* and appconfig:Get* to it."
            }
            if aws.statusCode == 404 || aws.code == "UnknownOperationException" {
                return "\(what): \(endpointName) does not serve AppConfig; check `endpoint` of account \(account.name)."
            }
            if let status = aws.statusCode, status >= 500 {
                return "\(what): \(endpointName) answered with a server error, so AppConfig is failing or not "
                    + "implemented there (emulators like moto lack it); retry later, or point `endpoint` of account "
                    + "\(account.name) at a server that implements AppConfig."
            }
        }
        return "\(what): " + (fix(error, source: source) ?? "check access to AppConfig in \(region).")
    }

    /// Fixes shared by every call: connection, clock and key problems.
    private func fix(_ error: any Error, source: CredentialSource) -> String? {
        if let aws = error as? AWSError {
            switch aws.kind {
            case .connection:
                if let endpoint = account.endpoint {
                    return "nothing answers at \(endpoint); check `endpoint` of account \(account.name) in "
                        + "\(configPath) and that the server is running."
                }
                return "AWS cannot be reached; check your network, proxy or VPN."
            case .timeout:
                return "no answer from \(endpointName) in time; check your network, proxy or VPN, and retry."
            case .service:
                if let hint = Self.authHint(in: aws.code, role: nil, source: source, profile: profileName) {
                    return hint + "."
                }
            }
        }
        if error is CredentialsError { return credentials(error, source: source) }
        return nil
    }

    /// Authentication failures by error code, worded for whoever holds the keys.
    private static func authHint(in text: String, role: String?, source: CredentialSource? = nil,
                                 profile: String? = nil) -> String? {
        let holder = source.map { "\($0)" } ?? "the base credentials"
        if text.contains("SignatureDoesNotMatch") {
            return "the request signature was rejected, so the secret access key does not match its access key id; "
                + "check the secret key of \(holder)"
        }
        if text.contains("InvalidClientTokenId") || text.contains("UnrecognizedClientException") {
            return "AWS does not know the access key id of \(holder) (deleted, deactivated, or the region is not "
                + "enabled for the account); use a valid key or enable the region"
        }
        if text.contains("ExpiredToken") {
            return "the session token of \(holder) has expired; refresh it"
                + (profile.map { " (for SSO: `aws sso login --profile \($0)`)" } ?? "")
        }
        if text.contains("RequestTimeTooSkewed") || text.contains("RequestExpired") || text.contains("SignatureExpired") {
            return "this computer's clock is more than 5 minutes off; sync it (NTP) and retry"
        }
        return nil
    }

    private var endpointName: String {
        account.endpoint ?? "appconfig.\(region).amazonaws.com"
    }

    /// What failed, short enough to keep the explanation one sentence: the
    /// error code and status rather than the service's own (multi-sentence) text.
    static func detail(_ error: any Error) -> String {
        switch error {
        case let aws as AWSError:
            switch aws.kind {
            case .connection: return "connection failed"
            case .timeout: return "timed out"
            case .service:
                guard let status = aws.statusCode else { return aws.code }
                // Bodies without an error code decode as "HTTP500": say it once.
                return aws.code == "HTTP\(status)" ? "HTTP \(status)" : "\(aws.code), HTTP \(status)"
            }
        case let credentials as CredentialsError:
            return concise(credentials.message)
        default:
            return concise(String(describing: error))
        }
    }

    /// `AssumeRole arn:... failed: AccessDenied: User ... is not authorized. (HTTP 403)` →
    /// `AssumeRole arn:... failed: AccessDenied`; otherwise the first sentence, capped.
    static func concise(_ text: String) -> String {
        var s = text.split(separator: "\n", omittingEmptySubsequences: true).first.map(String.init) ?? text
        if let failed = s.range(of: " failed: ") {
            let rest = s[failed.upperBound...]
            let code = rest.prefix { $0 != ":" }
            s = String(s[..<failed.upperBound]) + code
        }
        if let stop = s.range(of: ". ") { s = String(s[..<stop.lowerBound]) }
        // The advice part of a credentials message ("...: run `aws sso login`") becomes the fix instead.
        for advice in [": run `", ": set "] {
            if let start = s.range(of: advice) { s = String(s[..<start.lowerBound]) }
        }
        s = s.trimmingCharacters(in: CharacterSet(charactersIn: " ."))
        return s.count > 160 ? String(s.prefix(157)) + "..." : s
    }
}
