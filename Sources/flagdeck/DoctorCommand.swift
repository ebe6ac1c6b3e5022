import ArgumentParser
import AWSCore
import FlagDeck
import FlagDeckConfig
import FleetScanner
import Foundation
import Logging

/// `flagdeck doctor`: for every configured account and region, which
/// credentials apply, who they are, and whether AppConfig answers — with one
/// sentence per failure saying what to do about it.
struct DoctorCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "doctor",
        abstract: "Check credentials and AppConfig access for every configured account and region.",
        discussion: """
        Runs STS GetCallerIdentity and AppConfig ListApplications (one item) per account and region, \
        all read-only. Exits 1 when any check fails.
        """
    )

    @Option(name: .long, help: "Configuration file (else $FLAGDECK_CONFIG, else $XDG_CONFIG_HOME/flagdeck/config.yaml).")
    var config: String?

    func run() async throws {
        let environment = ProcessInfo.processInfo.environment
        let location = ConfigLocation.resolve(explicit: config, environment: environment)
        guard let path = location.found else {
            Self.fail(["No configuration file found. Looked in:"] + location.candidates.map { "  \($0)" }
                      + ["Create one from your AWS profiles with `flagdeck init`,",
                         "or try flagdeck on a local emulator with `flagdeck demo`."])
        }
        let configuration: FlagDeckConfiguration
        do {
            configuration = try FlagDeckConfiguration.load(path: path)
        } catch {
            let count = error.issues.count
            Self.fail(error.issues.map(\.description)
                      + ["\(count) problem\(count == 1 ? "" : "s") in \(path): fix \(count == 1 ? "it" : "them") "
                         + "and run `flagdeck doctor` again (config.example.yaml documents every key)."])
        }
        guard !configuration.accounts.isEmpty || configuration.discoversAccounts else {
            Self.fail(["\(path) lists no accounts: add one under `accounts:` (the file has a commented example), "
                       + "or discover them with an `organization:` or `sso:` block, then run `flagdeck doctor` again."])
        }
        let shared: SharedConfig
        do {
            shared = try SharedConfig.load(environment: environment)
        } catch {
            Self.fail(["Cannot read the AWS config files: \(error)"])
        }

        let redactor = DoctorRedactor(shared: shared, environment: environment)
        // Discovered accounts first (DoctorDiscovery.swift), then the listed ones as always.
        var discoveryPassed = true
        if configuration.discoversAccounts {
            discoveryPassed = await DiscoveryDoctor(configuration: configuration, shared: shared, environment: environment,
                                                    configPath: path, redactor: redactor).run()
            if configuration.accounts.isEmpty {
                if !discoveryPassed { throw ExitCode.failure }
                return
            }
        }
        let targets = configuration.accounts.flatMap { account in account.regions.map { (account, $0) } }
        print("Checking \(targets.count) account-region\(targets.count == 1 ? "" : "s") from \(path)\n")
        // Short time-outs: a doctor that hangs on one black-holed endpoint helps nobody.
        let timeouts = AsyncHTTPTransport.Timeouts(connect: 5, read: 15, request: 20)
        let results = try await AsyncHTTPTransport.with(timeouts: timeouts) { transport in
            await withTaskGroup(of: (Int, DoctorResult).self) { group in
                for (index, (account, region)) in targets.enumerated() {
                    let check = DoctorCheck(account: account, region: region, shared: shared,
                                            transport: transport, environment: environment, configPath: path,
                                            baseRedactor: redactor)
                    group.addTask { (index, await check.run()) }
                }
                var results = [DoctorResult?](repeating: nil, count: targets.count)
                for await (index, result) in group { results[index] = result }
                return results.compactMap { $0 }
            }
        }
        print(DoctorReport.render(results))
        if !discoveryPassed || results.contains(where: { !$0.passed }) { throw ExitCode.failure }
    }

    /// Prints to stderr and exits 1, without ArgumentParser's "Error:" prefix and usage.
    static func fail(_ lines: [String]) -> Never {
        FileHandle.standardError.write(Data((lines.joined(separator: "\n") + "\n").utf8))
        Foundation.exit(1)
    }
}

/// One row of the report. Every string in it has been through `DoctorRedactor`.
struct DoctorResult: Sendable {
    var account: String
    var region: String
    var source = "-"
    var accountId = "-"
    var arn = "-"
    var appConfig = "-"
    var seconds = 0.0
    /// One sentence each: what failed and what to do.
    var problems: [String] = []
    var passed: Bool { problems.isEmpty }
}

/// The checks for one account in one region. Identity and AppConfig are
/// asked separately so a policy that blocks one still shows the other.
struct DoctorCheck: Sendable {
    let account: FlagDeckConfiguration.Account
    let region: String
    let shared: SharedConfig
    let transport: any HTTPTransport
    let environment: [String: String]
    let configPath: String
    let baseRedactor: DoctorRedactor

    func run() async -> DoctorResult {
        let started = ContinuousClock.now
        var result = DoctorResult(account: account.name, region: region)
        let advice = DoctorAdvice(account: account, region: region, configPath: configPath)
        var redactor = baseRedactor
        await check(&result, advice: advice, redactor: &redactor)
        let elapsed = ContinuousClock.now - started
        result.seconds = Double(elapsed.components.seconds) + Double(elapsed.components.attoseconds) / 1e18
        return redactor.scrub(result)
    }

    private func check(_ result: inout DoctorResult, advice: DoctorAdvice, redactor: inout DoctorRedactor) async {
        var logger = Logger(label: "flagdeck.doctor")
        logger.logLevel = .critical
        let client: AWSClient
        do {
            client = try AccountClientFactory(readOnly: true, transport: transport, environment: environment,
                                              sharedConfig: shared, logger: logger)
                .aws(for: account, stsRegion: region)
        } catch {
            result.source = account.profile.map { "profile \($0)" } ?? "default chain"
            result.problems.append(advice.credentials(error, source: nil))
            return
        }
        let source = client.credentials.source
        result.source = source.description
        do {
            let credentials = try await client.credentials.credentials()
            redactor.add(credentials)
        } catch {
            result.problems.append(advice.credentials(error, source: source))
            return
        }
        async let identityResult = attempt { try await client.sts(region: region).getCallerIdentity() }
        async let appConfigResult = attempt {
            try await client.send(service: "appconfig", region: region, method: "GET", path: "/applications",
                                  query: [QueryItem("max_results", "1")])
        }
        let (identity, appConfig) = await (identityResult, appConfigResult)
        var callerArn: String?
        var identityProblem: String?
        switch identity {
        case .success(let id):
            result.accountId = id.account
            result.arn = id.arn
            callerArn = id.arn
        case .failure(let error):
            result.accountId = "failed"
            identityProblem = advice.identity(error, source: source)
        }
        var appConfigProblem: String?
        switch appConfig {
        case .success:
            result.appConfig = "ok"
        case .failure(let error):
            result.appConfig = "failed"
            appConfigProblem = advice.appConfig(error, source: source, caller: callerArn)
        }
        result.problems += DoctorAdvice.merged(identityProblem, appConfigProblem)
    }

    private func attempt<T: Sendable>(_ body: @Sendable () async throws -> T) async -> Result<T, any Error> {
        do { return .success(try await body()) } catch { return .failure(error) }
    }
}

/// Belt and braces: error messages from services and credential helpers are
/// printed, so any secret we handled is masked in them should one echo it.
struct DoctorRedactor: Sendable {
    private var secrets: [String] = []

    /// Seeded with every secret in the AWS files and environment, so even the
    /// base keys behind an assumed role are covered.
    init(shared: SharedConfig, environment: [String: String]) {
        let names = ["aws_secret_access_key", "aws_session_token", "aws_security_token"]
        for profile in shared.profiles.values {
            for name in names {
                if let v = profile.credentialsValues[name] { secrets.append(v) }
                if let v = profile.configValues[name] { secrets.append(v) }
            }
        }
        for name in ["AWS_SECRET_ACCESS_KEY", "AWS_SESSION_TOKEN", "AWS_SECURITY_TOKEN"] {
            if let v = environment[name] { secrets.append(v) }
        }
    }

    mutating func add(_ credentials: Credentials) {
        secrets.append(credentials.secretAccessKey)
        if let token = credentials.sessionToken { secrets.append(token) }
    }

    func scrub(_ text: String) -> String {
        secrets.filter { $0.count >= 8 }.reduce(text) { $0.replacingOccurrences(of: $1, with: "<redacted>") }
    }

    func scrub(_ r: DoctorResult) -> DoctorResult {
        var r = r
        r.source = scrub(r.source)
        r.arn = scrub(r.arn)
        r.problems = r.problems.map(scrub)
        return r
    }
}

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

/// The table and the list of problems, as plain text with computed column widths.
enum DoctorReport {
    static let headers = ["ACCOUNT", "REGION", "CREDENTIALS", "ACCOUNT ID", "CALLER ARN", "APPCONFIG", "TIME", "RESULT"]

    static func render(_ results: [DoctorResult]) -> String {
        let rows = results.map { r in
            [r.account, r.region, r.source, r.accountId, r.arn, r.appConfig,
             String(format: "%.2fs", r.seconds), r.passed ? "ok" : "FAIL"]
        }
        var lines = table(headers: headers, rows: rows)
        let failed = results.filter { !$0.passed }
        lines.append("")
        if failed.isEmpty {
            lines.append("All \(results.count) check\(results.count == 1 ? "" : "s") passed.")
        } else {
            lines.append("\(failed.count) of \(results.count) failed:")
            for r in failed {
                for problem in r.problems { lines.append("  \(r.account) \(r.region): \(problem)") }
            }
        }
        return lines.joined(separator: "\n")
    }

    static func table(headers: [String], rows: [[String]]) -> [String] {
        let widths = headers.indices.map { column in
            ([headers] + rows).map { $0[column].count }.max() ?? 0
        }
        func line(_ cells: [String]) -> String {
            cells.enumerated().map { column, cell in
                column == cells.count - 1 ? cell : cell + String(repeating: " ", count: widths[column] - cell.count)
            }.joined(separator: "  ")
        }
        return [line(headers)] + rows.map(line)
    }
}
