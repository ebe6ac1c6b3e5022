import FlagModel
@testable import FleetScanner
import Foundation
import Testing

/// `flagdeck scan` output: the JSON contract of issue 6, CSV for spreadsheets (RFC 4180
/// and no formula injection), and the human table.
@Suite struct ScanOutputTests {
    static let t0 = TestFleet.t0
    static let day = TestFleet.day

    static let prod = EnvironmentID(accountName: "payments-prod", accountId: "111122223333", region: "us-east-1",
                                    applicationName: "checkout", environmentName: "prod")
    static let dev = EnvironmentID(accountName: "payments-prod", accountId: "111122223333", region: "us-east-1",
                                   applicationName: "checkout", environmentName: "dev")
    static let profile = ProfileRef(accountId: "111122223333", region: "us-east-1", applicationName: "checkout",
                                    profileId: "abc1234", profileName: "flags")

    static func document(_ flags: [Flag]) throws -> HostedDocument {
        .parsed(try FeatureFlagDocument(parsing: Array(Flag.document(flags))))
    }

    static func deployment(_ number: Int, version: Int, state: DeploymentState = .complete, at date: Date,
                           percent: Double = 100) -> Deployment {
        Deployment(deploymentNumber: number, state: state, percentageComplete: percent, startedAt: date,
                   completedAt: state == .complete ? date : nil, configurationVersion: version, strategyId: "AppConfig.AllAtOnce")
    }

    /// prod: v1 complete on t0, v2 rolling out at 40 %; dev: v2 complete; v3 undeployed.
    static func result() throws -> ScanResult {
        var named = Flag.on("new_ui")
        named.deprecationDate = "2026-01-20"
        let v1 = try document([named, .off("old_path"), .on("kill_switch"), .on("tuned", ["limit": 1])])
        let v2 = try document([named, .on("old_path"), .on("kill_switch"), .on("tuned", ["limit": 1])])
        let v3 = try document([named, .on("old_path"), .off("kill_switch"), .on("tuned", ["limit": 1])])
        let input = FleetInput(
            environments: [prod, dev],
            profiles: [HostedProfile(profile: profile, latestVersion: 3, documents: [1: v1, 2: v2, 3: v3])],
            histories: [
                DeploymentHistory(environment: prod, profile: profile, deployments: [
                    deployment(1, version: 1, at: t0),
                    deployment(2, version: 2, state: .deploying, at: t0 + 40 * day, percent: 40),
                ]),
                DeploymentHistory(environment: dev, profile: profile, deployments: [deployment(1, version: 2, at: t0 + day)]),
            ])
        return ScanResult.build(from: input, policy: RetirementPolicy(asOf: t0 + 40 * day),
                                errors: [ScanError(account: "search-prod", accountId: nil, region: "eu-west-1",
                                                   message: "ExpiredToken: The security token included in the request is expired")],
                                scannedAt: t0 + 40 * day + 5)
    }

    static func json(_ result: ScanResult) throws -> [String: Any] {
        try #require(JSONSerialization.jsonObject(with: Data(ScanOutput.json(result).utf8)) as? [String: Any])
    }

    @Test func jsonHasExactlyTheDocumentedShape() throws {
        let object = try Self.json(Self.result())
        #expect(Set(object.keys) == ["scannedAt", "asOf", "complete", "errors", "flags"])
        #expect(object["complete"] as? Bool == false, "search-prod/eu-west-1 could not be read")
        #expect(object["scannedAt"] as? String == "2026-02-10T00:00:05Z")
        #expect(object["asOf"] as? String == "2026-02-10T00:00:00Z")

        let errors = try #require(object["errors"] as? [[String: Any]])
        #expect(errors.count == 1)
        #expect(Set(errors[0].keys) == ["account", "region", "message"])
        #expect(errors[0]["account"] as? String == "search-prod")
        #expect(errors[0]["region"] as? String == "eu-west-1")

        let flags = try #require(object["flags"] as? [[String: Any]])
        #expect(flags.map { $0["key"] as? String } == ["kill_switch", "new_ui", "old_path", "tuned"])
        for flag in flags {
            // No earlier scan says which applications live in search-prod/eu-west-1: any flag may.
            #expect(Set(flag.keys) == ["application", "profile", "key", "dialect", "name", "shortTerm", "deprecationDate",
                                       "verdicts", "reasons", "complete", "unreadable", "environments"])
            #expect(flag["dialect"] as? String == "appconfig")
            #expect(flag["complete"] as? Bool == false)
            let unreadable = try #require(flag["unreadable"] as? [[String: Any]])
            #expect(unreadable.count == 1)
            #expect(unreadable.first?["account"] as? String == "search-prod")
            #expect(unreadable.first?["region"] as? String == "eu-west-1")
            #expect(unreadable.first?["application"] == nil, "the whole account/region")
            let environments = try #require(flag["environments"] as? [[String: Any]])
            #expect(environments.count == 2)
            for environment in environments {
                #expect(Set(environment.keys) == ["account", "accountId", "region", "environment", "state", "since",
                                                  "version", "rollingOutPercent", "baking", "pending"])
                #expect(environment["baking"] as? Bool == false)
                #expect(["on", "off", "variants", "absent"].contains(environment["state"] as? String))
                #expect(environment["pending"] is Bool)
            }
        }

        let newUI = try #require(flags.first { $0["key"] as? String == "new_ui" })
        #expect(newUI["application"] as? String == "checkout")
        #expect(newUI["profile"] as? String == "flags")
        #expect(newUI["name"] as? String == "Flag new_ui")
        #expect(newUI["shortTerm"] as? Bool == true)
        #expect(newUI["deprecationDate"] as? String == "2026-01-20")
        #expect(newUI["verdicts"] as? [String] == ["short-term", "overdue", "stale"])
        #expect(newUI["reasons"] as? [String] == ["planned for deprecation on 2026-01-20", "deprecation date 2026-01-20 passed",
                                                  "on everywhere readable since 2026-01-02, 39 days; 1 account/region unreadable"])

        let oldPath = try #require(flags.first { $0["key"] as? String == "old_path" })
        #expect(oldPath["shortTerm"] as? Bool == false)
        #expect(oldPath["deprecationDate"] is NSNull)
        #expect(oldPath["verdicts"] as? [String] == [], "moving, and dev is not production")
        let envs = try #require(oldPath["environments"] as? [[String: Any]])
        // Environments in snapshot order: dev before prod.
        #expect(envs.map { $0["environment"] as? String } == ["dev", "prod"])
        let prod = envs[1]
        #expect(prod["account"] as? String == "payments-prod")
        #expect(prod["accountId"] as? String == "111122223333")
        #expect(prod["region"] as? String == "us-east-1")
        #expect(prod["state"] as? String == "off")
        #expect(prod["since"] as? String == "2026-01-01T00:00:00Z")
        #expect(prod["version"] as? Int == 1)
        #expect(prod["rollingOutPercent"] as? Int == 40)
        #expect(prod["pending"] as? Bool == true, "v3 switches it on and is not deployed there")
        let dev = envs[0]
        #expect(dev["rollingOutPercent"] is NSNull)
        #expect(dev["version"] as? Int == 2)

        let kill = try #require(flags.first { $0["key"] as? String == "kill_switch" })
        #expect(kill["verdicts"] as? [String] == ["permanent"])
        let killEnvs = try #require(kill["environments"] as? [[String: Any]])
        #expect(killEnvs.allSatisfy { $0["pending"] as? Bool == true }, "v3 switches it off, undeployed")
    }

    /// The streamed document is exactly the whole tree serialised at once, with or without flags.
    @Test func streamedJSONEqualsTheTreeSerialised() throws {
        let full = try Self.result()
        var empty = full
        empty.snapshot.rows = []
        for result in [full, empty] {
            var dates = ScanOutput.DateStrings()
            let tree = ScanOutput.object([
                ("scannedAt", .string(ScanOutput.isoString(result.scannedAt))),
                ("asOf", .string(ScanOutput.isoString(result.snapshot.asOf))),
                ("complete", .bool(result.errors.isEmpty)),
                ("errors", .array(result.errors.map(ScanOutput.errorObject))),
                ("flags", .array(result.snapshot.rows.map { ScanOutput.flagObject($0, &dates) })),
            ])
            #expect(ScanOutput.json(result) == JSONSerializer.serialize(tree, pretty: true) + "\n")
        }
    }

    @Test func jsonNullsForNeverDeployedEnvironments() throws {
        let input = FleetInput(environments: [Self.prod, Self.dev],
                               profiles: [HostedProfile(profile: Self.profile, latestVersion: 1, documents: [1: try Self.document([.on("a")])])],
                               histories: [DeploymentHistory(environment: Self.prod, profile: Self.profile,
                                                             deployments: [Self.deployment(1, version: 1, at: Self.t0)])])
        let result = ScanResult.build(from: input, policy: RetirementPolicy(asOf: Self.t0), errors: [], scannedAt: Self.t0)
        let object = try Self.json(result)
        #expect((object["errors"] as? [Any])?.isEmpty == true)
        let flag = try #require((object["flags"] as? [[String: Any]])?.first)
        #expect(flag["name"] as? String == "Flag a")
        let dev = try #require((flag["environments"] as? [[String: Any]])?.first)
        #expect(dev["environment"] as? String == "dev")
        #expect(dev["state"] as? String == "absent")
        #expect(dev["since"] is NSNull)
        #expect(dev["version"] is NSNull)
        #expect(dev["pending"] as? Bool == true, "version 1 would add it here")
    }

    @Test func csvEscapingAndFormulaInjection() {
        #expect(ScanOutput.escape("plain") == "plain")
        #expect(ScanOutput.escape("a,b") == "\"a,b\"")
        #expect(ScanOutput.escape("say \"hi\"") == "\"say \"\"hi\"\"\"")
        #expect(ScanOutput.escape("two\nlines") == "\"two\nlines\"")
        #expect(ScanOutput.escape("cr\rhere") == "\"cr\rhere\"")
        #expect(ScanOutput.escape("crlf\r\nhere") == "\"crlf\r\nhere\"")
        #expect(ScanOutput.escape("=HYPERLINK(\"http://x\")") == "\"'=HYPERLINK(\"\"http://x\"\")\"")
        #expect(ScanOutput.escape("+1") == "'+1")
        #expect(ScanOutput.escape("-2") == "'-2")
        #expect(ScanOutput.escape("@SUM(A1)") == "'@SUM(A1)")
        #expect(ScanOutput.escape("\tcmd") == "'\tcmd")
        #expect(ScanOutput.escape("\r\n=1") == "\"'\r\n=1\"")
        #expect(ScanOutput.escape("a=b") == "a=b", "only a leading sign is a formula")
        #expect(ScanOutput.escape("") == "")
    }

    @Test func csvHasOneLinePerFlagAndEnvironment() throws {
        let csv = ScanOutput.csv(try Self.result())
        let lines = csv.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines.first == "application,profile,key,name,verdicts,complete,account,account_id,region,environment,state,since,version,rolling_out_percent,baking,pending,last_read_at")
        #expect(lines.last == "", "ends with a newline")
        #expect(lines.count == 1 + 4 * 2 + 1)
        #expect(lines.contains("checkout,flags,old_path,Flag old_path,,false,payments-prod,111122223333,us-east-1,prod,off,2026-01-01T00:00:00Z,1,40,false,true,"))
        #expect(lines.contains("checkout,flags,new_ui,Flag new_ui,short-term;overdue;stale,false,payments-prod,111122223333,us-east-1,dev,on,2026-01-02T00:00:00Z,2,,false,false,"))
    }

    @Test func csvGuardsNamesFromDocuments() throws {
        // A flag name is whatever someone wrote into a hosted version.
        let doc = try FeatureFlagDocument(parsing: Array(#"{"version":"1","flags":{"evil":{"name":"=cmd|' /C calc'!A0, \"x\""}},"values":{"evil":{"enabled":true}}}"#.utf8))
        let input = FleetInput(environments: [Self.prod],
                               profiles: [HostedProfile(profile: Self.profile, latestVersion: 1, documents: [1: .parsed(doc)])],
                               histories: [DeploymentHistory(environment: Self.prod, profile: Self.profile,
                                                             deployments: [Self.deployment(1, version: 1, at: Self.t0)])])
        let result = ScanResult.build(from: input, policy: RetirementPolicy(asOf: Self.t0), errors: [], scannedAt: Self.t0)
        let row = ScanOutput.csv(result).split(separator: "\n")[1]
        #expect(row.hasPrefix(#"checkout,flags,evil,"'=cmd|' /C calc'!A0, ""x""",,true,payments-prod"#))
    }

    @Test func tableSummarisesVerdictsProblemsAndErrors() throws {
        let table = ScanOutput.table(try Self.result())
        let lines = table.split(separator: "\n", omittingEmptySubsequences: false).map(String.init)
        #expect(lines[0].hasPrefix("FLAG"))
        #expect(lines[0].contains("VERDICTS"))
        #expect(lines[0].contains("ON/ENVS  REASON"))
        let newUI = try #require(lines.first { $0.hasPrefix("checkout/flags/new_ui") })
        #expect(newUI.contains("short-term,overdue,stale"))
        #expect(newUI.contains("2/2"))
        #expect(newUI.hasSuffix("deprecation date 2026-01-20 passed"), "the first reason that is not short-term")
        #expect(lines.contains("4 flags in 2 environments; short-term 1, overdue 1, stale 2, permanent 1"))
        #expect(lines.contains("error: search-prod/eu-west-1: ExpiredToken: The security token included in the request is expired"))
        #expect(table.hasSuffix("\n"))
    }

    @Test func tableWarnsAboutUnreadableVersions() throws {
        let input = FleetInput(environments: [Self.prod],
                               profiles: [HostedProfile(profile: Self.profile, latestVersion: 1, documents: [1: .unreadable("not JSON")])],
                               histories: [DeploymentHistory(environment: Self.prod, profile: Self.profile,
                                                             deployments: [Self.deployment(1, version: 1, at: Self.t0)])])
        let result = ScanResult.build(from: input, policy: RetirementPolicy(asOf: Self.t0), errors: [], scannedAt: Self.t0)
        #expect(ScanOutput.table(result).contains("warning: payments-prod/us-east-1/checkout/prod: flags: version 1 is unreadable: not JSON"))
    }

    @Test func renderDispatchesOnFormat() throws {
        let result = try Self.result()
        #expect(ScanOutput.render(result, as: .json) == ScanOutput.json(result))
        #expect(ScanOutput.render(result, as: .csv) == ScanOutput.csv(result))
        #expect(ScanOutput.render(result, as: .table) == ScanOutput.table(result))
        #expect(ScanOutput.Format.allCases.map(\.rawValue) == ["table", "json", "csv"])
    }
}
