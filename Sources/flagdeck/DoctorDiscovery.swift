import AWSCore
import AccountDiscovery
import AppConfigClient
import FlagDeckConfig
import FleetScanner
import Foundation
import Logging

/// `flagdeck doctor` on a configuration that discovers accounts: the listing itself (afresh,
/// never from the store), then one line per discovered account — id, name, OU, whether
/// its credentials (the assumed role, the SSO role) can be had, AppConfig per region and
/// how many applications — then totals and what to do about the failures.
struct DiscoveryDoctor {
    let configuration: FlagDeckConfiguration
    let shared: SharedConfig
    let environment: [String: String]
    let configPath: String
    let redactor: DoctorRedactor

    /// Prints the section; false when anything failed.
    func run() async -> Bool {
        let sources = [configuration.organization.map { "organization (\($0.profile.map { "profile \($0)" } ?? "default credentials"))" },
                       configuration.sso.map { "sso-session \($0.session)" }].compactMap { $0 }
        print("Discovering accounts of \(sources.joined(separator: " and "))\n")
        var logger = Logger(label: "flagdeck.doctor")
        logger.logLevel = .critical
        let timeouts = AsyncHTTPTransport.Timeouts(connect: 5, read: 15, request: 20)
        let outcome: Result<(DiscoveredFleet, [DiscoveredAccountCheck]), Error>
        do {
            outcome = .success(try await AsyncHTTPTransport.with(timeouts: timeouts) { transport in
                let fleet = try await FleetDiscovery(configuration: configuration, transport: transport,
                                                     environment: environment, sharedConfig: shared, logger: logger).resolve()
                let checks = await check(fleet, transport: transport, logger: logger)
                return (fleet, checks)
            })
        } catch {
            outcome = .failure(error)
        }
        switch outcome {
        case .failure(let error):
            print(redactor.scrub("FAIL: \(error)"))
            print(redactor.scrub(Self.discoveryAdvice(error, configuration: configuration, configPath: configPath)))
            print("")
            return false
        case .success(let (fleet, checks)):
            print(redactor.scrub(DiscoveryDoctorReport.render(fleet: fleet, checks: checks, configuration: configuration,
                                                              configPath: configPath)))
            print("")
            return fleet.warnings.isEmpty && checks.allSatisfy(\.passed)
        }
    }

    private func check(_ fleet: DiscoveredFleet, transport: any HTTPTransport, logger: Logger) async -> [DiscoveredAccountCheck] {
        let byId = Dictionary(fleet.accounts.compactMap { a in a.accountId.map { ($0, a) } }, uniquingKeysWith: { a, _ in a })
        let factory = AccountClientFactory(readOnly: true, transport: transport, environment: environment,
                                           sharedConfig: shared, logger: logger)
        let accounts = fleet.discovered.filter { $0.replacedBy == nil }
        // A bounded number of accounts at once: doctor must not trip the APIs' rate limits.
        return await withTaskGroup(of: IndexedCheck.self) { group in
            var results = [DiscoveredAccountCheck?](repeating: nil, count: accounts.count)
            var next = 0
            while next < min(8, accounts.count) {
                let index = next, account = accounts[index], known = byId[account.id]
                group.addTask { IndexedCheck(index: index, check: await Self.check(account, known, factory: factory)) }
                next += 1
            }
            while let done = await group.next() {
                results[done.index] = done.check
                if next < accounts.count {
                    let index = next, account = accounts[index], known = byId[account.id]
                    group.addTask { IndexedCheck(index: index, check: await Self.check(account, known, factory: factory)) }
                    next += 1
                }
            }
            return results.compactMap { $0 }
        }
    }

    private static func check(_ discovered: DiscoveredAccount, _ account: FlagDeckConfiguration.Account?,
                              factory: AccountClientFactory) async -> DiscoveredAccountCheck {
        var result = DiscoveredAccountCheck(account: discovered)
        guard let account, discovered.unreadableReason == nil else {
            result.credentials = .failed(discovered.unreadableReason ?? "not scanned")
            return result
        }
        let client: AWSClient
        do {
            client = try factory.aws(for: account)
            _ = try await client.credentials.credentials()
            result.credentials = .ok
        } catch {
            result.credentials = .failed(DoctorAdvice.detail(error))
            return result
        }
        for region in account.regions {
            do {
                let apps = try await AppConfigClient(aws: client, region: region).allApplications()
                result.regions.append(.init(region: region, applications: apps.count, problem: nil))
            } catch {
                result.regions.append(.init(region: region, applications: nil, problem: DoctorAdvice.detail(error)))
            }
        }
        return result
    }

    static func discoveryAdvice(_ error: Error, configuration: FlagDeckConfiguration, configPath: String) -> String {
        let text = String(describing: error)
        if text.contains("aws sso login") { return "Log in again as the message says, then run `flagdeck doctor` again." }
        if text.contains("not found in") || text.contains("no AWS credentials") {
            return "Fix `organization.profile` in \(configPath) or add the profile to your AWS config files."
        }
        if text.contains("sso-session") && text.contains("section") {
            return "Create the session with `aws configure sso-session`, or fix `sso.session` in \(configPath)."
        }
        return "Discovery lists the accounts with the profile's or session's own credentials: fix the access "
            + "named above, then run `flagdeck doctor` again (or list the accounts under `accounts:`)."
    }
}

struct IndexedCheck: Sendable {
    var index: Int
    var check: DiscoveredAccountCheck
}

/// What doctor found for one discovered account.
struct DiscoveredAccountCheck: Sendable {
    enum Credentials: Sendable {
        case unchecked
        case ok
        case failed(String)
    }

    struct RegionCheck: Sendable {
        var region: String
        var applications: Int?
        var problem: String?
    }

    var account: DiscoveredAccount
    var credentials: Credentials = .unchecked
    var regions: [RegionCheck] = []

    var credentialsOK: Bool { if case .ok = credentials { return true } else { return false } }
    var passed: Bool { credentialsOK && regions.allSatisfy { $0.problem == nil } }
}

/// The per-account table, the totals and the remediation hints.
enum DiscoveryDoctorReport {
    static let headers = ["ACCOUNT ID", "NAME", "OU", "ACCESS", "CREDENTIALS", "APPCONFIG", "APPS", "RESULT"]

    static func render(fleet: DiscoveredFleet, checks: [DiscoveredAccountCheck], configuration: FlagDeckConfiguration,
                       configPath: String) -> String {
        var lines: [String] = []
        for source in fleet.sources {
            var line = "\(source.label): \(source.listed) account\(source.listed == 1 ? "" : "s")"
            if source.inactive > 0 { line += " (and \(source.inactive) not ACTIVE, left out)" }
            line += ", \(source.inScope) in scope of include/exclude"
            if let management = source.managementAccountId { line += "; management account \(management)" }
            if let caller = source.callerAccountId { line += "; the profile is in \(caller)" }
            lines.append(line)
        }
        for warning in fleet.warnings { lines.append("warning: \(warning)") }
        let replaced = fleet.discovered.filter { $0.replacedBy != nil }
        for account in replaced {
            lines.append("\(account.id) \(account.name): read as `\(account.replacedBy!)` from `accounts:` instead")
        }
        lines.append("")
        let rows = checks.map { check -> [String] in
            let a = check.account
            let access: String
            switch a.access {
            case .profile: access = a.isManagement ? "profile (management)" : "profile"
            case .role(let arn): access = "role " + (arn.split(separator: "/").last.map(String.init) ?? arn)
            case .sso(_, let role): access = "sso \(role)"
            }
            let credentials: String
            switch check.credentials {
            case .ok: credentials = "ok"
            case .unchecked: credentials = "-"
            case .failed: credentials = "FAIL"
            }
            let readable = check.regions.filter { $0.problem == nil }.count
            let appConfig = check.regions.isEmpty ? "-" : "\(readable)/\(check.regions.count) regions"
                + (readable == check.regions.count ? "" : " (failed: "
                    + check.regions.filter { $0.problem != nil }.map(\.region).joined(separator: ", ") + ")")
            let apps = check.regions.isEmpty ? "-" : String(check.regions.compactMap(\.applications).reduce(0, +))
            return [a.id, a.name, a.parent ?? "-", access, credentials, appConfig, apps, check.passed ? "ok" : "FAIL"]
        }
        lines += DoctorReport.table(headers: headers, rows: rows)

        let failed = checks.filter { !$0.passed }
        let noCredentials = failed.filter { !$0.credentialsOK }
        let appConfigFailures = failed.filter { $0.credentialsOK }
        let applications = checks.flatMap(\.regions).compactMap(\.applications).reduce(0, +)
        let accountRegions = checks.flatMap(\.regions).filter { $0.problem == nil }.count
        lines.append("")
        lines.append("\(checks.count) account\(checks.count == 1 ? "" : "s") discovered: \(checks.count - failed.count) readable, "
                     + "\(noCredentials.count) without credentials, \(appConfigFailures.count) with AppConfig failures; "
                     + "\(applications) application\(applications == 1 ? "" : "s") in \(accountRegions) account-region"
                     + (accountRegions == 1 ? "" : "s") + ".")
        guard !failed.isEmpty else { return lines.joined(separator: "\n") }
        lines.append("")
        for check in failed {
            let who = "\(check.account.id) \(check.account.name)"
            if case .failed(let reason) = check.credentials { lines.append("  \(who): \(reason)") }
            for region in check.regions where region.problem != nil {
                lines.append("  \(who) \(region.region): AppConfig ListApplications failed (\(region.problem!))")
            }
        }
        lines.append("")
        lines += hints(noCredentials: noCredentials, appConfigFailures: appConfigFailures, configuration: configuration,
                       configPath: configPath)
        return lines.joined(separator: "\n")
    }

    static func hints(noCredentials: [DiscoveredAccountCheck], appConfigFailures: [DiscoveredAccountCheck],
                      configuration: FlagDeckConfiguration, configPath: String) -> [String] {
        var hints: [String] = []
        let roleFailures = noCredentials.filter { if case .role = $0.account.access { return true } else { return false } }
        let ssoFailures = noCredentials.filter { if case .sso = $0.account.access { return true } else { return false } }
        let regionFailures = noCredentials.filter { check in
            if case .failed(let reason) = check.credentials { return reason.contains("enabled regions") } else { return false }
        }
        if let org = configuration.organization, !roleFailures.isEmpty {
            hints.append("Fix: deploy the \(org.roleName) role to every member account with the CloudFormation StackSet "
                         + "that `flagdeck iam` writes (it trusts the organization profile's account), then run "
                         + "`flagdeck doctor` again. To skip accounts on purpose, add them to organization.exclude in "
                         + "\(configPath).")
        }
        if let sso = configuration.sso, !ssoFailures.isEmpty {
            hints.append("Fix: assign the permission set \(sso.roleName) to your user for these accounts in IAM Identity "
                         + "Center, or change sso.roleName / sso.exclude in \(configPath).")
        }
        if !regionFailures.isEmpty {
            hints.append("Fix: allow account:ListRegions (see `flagdeck iam`), or list the regions instead of "
                         + "`regions: all` in \(configPath).")
        }
        if !appConfigFailures.isEmpty {
            hints.append("Fix: the role needs appconfig:List* and appconfig:Get* in every region it reads; "
                         + "`flagdeck iam` prints a policy with exactly those.")
        }
        return hints
    }
}
