import ArgumentParser
import AWSCore
import AppConfigClient
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
        all read-only, then counts the profiles a scan reads there (AppConfig feature flags, Powertools \
        flags in Freeform profiles) and the Freeform profiles it skips. Exits 1 when any check fails.
        """
    )

    @Option(name: .long, help: "Configuration file (else $FLAGDECK_CONFIG, else $XDG_CONFIG_HOME/flagdeck/config.yaml).")
    var config: String?

    @Flag(name: .customLong("list-skipped"), help: "List the Freeform profiles the scan skips (not Powertools flags).")
    var listSkipped = false

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
                                            baseRedactor: redactor, configuration: configuration)
                    group.addTask { (index, await check.run()) }
                }
                var results = [DoctorResult?](repeating: nil, count: targets.count)
                for await (index, result) in group { results[index] = result }
                return results.compactMap { $0 }
            }
        }
        print(DoctorReport.render(results, listSkipped: listSkipped))
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
    /// The profiles a scan reads here (DoctorProfiles.swift); "-" when AppConfig failed.
    var profiles = "-"
    /// Freeform profiles meant as Powertools whose newest version fails its schema, and why.
    var profileProblems: [String] = []
    /// Freeform profiles skipped (not flags), and why.
    var skippedProfiles: [String] = []
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
    let configuration: FlagDeckConfiguration

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
        guard appConfigProblem == nil else { return }
        // What the scan will read here. Not a pass/fail check: the scan reports what it cannot read.
        do {
            let census = try await DoctorProfileCensus.take(client: AppConfigClient(aws: client, region: region),
                                                            configuration: configuration)
            result.profiles = census.summary
            result.profileProblems = census.invalid.map { "fails Powertools' schema: \($0)" }
            result.skippedProfiles = census.skipped
        } catch {
            result.profiles = "not listed"
            result.profileProblems = ["profiles could not be listed: \(String(describing: error).replacingOccurrences(of: "\n", with: " "))"]
        }
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
        r.profileProblems = r.profileProblems.map(scrub)
        return r
    }
}

/// The table and the list of problems, as plain text with computed column widths.
enum DoctorReport {
    static let headers = ["ACCOUNT", "REGION", "CREDENTIALS", "ACCOUNT ID", "CALLER ARN", "APPCONFIG", "PROFILES", "TIME", "RESULT"]

    static func render(_ results: [DoctorResult], listSkipped: Bool = false) -> String {
        let rows = results.map { r in
            [r.account, r.region, r.source, r.accountId, r.arn, r.appConfig, r.profiles,
             String(format: "%.2fs", r.seconds), r.passed ? "ok" : "FAIL"]
        }
        var lines = table(headers: headers, rows: rows)
        let notes = results.flatMap { r in r.profileProblems.map { "  \(r.account) \(r.region): \($0)" } }
        if !notes.isEmpty {
            lines.append("")
            lines.append("Profiles the scan shows as unreadable:")
            lines += notes
        }
        let skipped = results.flatMap { r in r.skippedProfiles.map { "  \(r.account) \(r.region): \($0)" } }
        if !skipped.isEmpty {
            lines.append("")
            lines.append("\(skipped.count) Freeform profile\(skipped.count == 1 ? " is" : "s are") not Powertools feature flags: "
                         + "the scan skips \(skipped.count == 1 ? "it" : "them")"
                         + (listSkipped ? ":" : " (--list-skipped names them)."))
            if listSkipped { lines += skipped }
        }
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
