import Foundation
import Testing
@testable import FlagDeckConfig

/// `flagdeck iam`: the policies are valid IAM JSON, and they grant exactly the AppConfig
/// operations flagdeck calls. The operations come from the client's source
/// (Sources/AppConfigClient/Operations) and their call sites from the rest of Sources,
/// so adding or starting to use an operation without updating IAMPolicies fails here.
@Suite struct IAMPolicyTests {
    /// Operations the client has that flagdeck itself never calls: the emulator's seeds
    /// and the tests create fixtures with them. Not granted.
    static let notCalledByFlagdeck: Set<String> = [
        "CreateApplication", "CreateEnvironment", "CreateConfigurationProfile", "CreateDeploymentStrategy",
        "GetApplication", "GetEnvironment", "GetConfigurationProfile", "GetDeploymentStrategy",
    ]

    // MARK: - the policies as IAM JSON

    @Test func policiesAreIAMJSON() throws {
        for (name, value) in [("read-only", IAMPolicies.readOnly()), ("toggle", IAMPolicies.toggle()),
                              ("organization", IAMPolicies.organization())] {
            let policy = try #require(try JSONSerialization.jsonObject(with: Data(value.json().utf8)) as? [String: Any],
                                      "\(name) is not a JSON object")
            #expect(policy["Version"] as? String == "2012-10-17", "\(name)")
            let statements = try #require(policy["Statement"] as? [[String: Any]], "\(name): no Statement array")
            #expect(!statements.isEmpty)
            var sids: Set<String> = []
            for s in statements {
                #expect(s["Effect"] as? String == "Allow", "\(name)")
                let actions = try #require(s["Action"] as? [String], "\(name): Action is a list")
                #expect(!actions.isEmpty && actions.allSatisfy { $0.wholeMatch(of: /[a-z0-9-]+:[A-Za-z]+/) != nil },
                        "\(name): \(actions)")
                #expect(Set(actions).count == actions.count, "\(name): duplicate actions")
                #expect(s["Resource"] is String, "\(name)")
                let sid = try #require(s["Sid"] as? String)
                #expect(sid.wholeMatch(of: /[A-Za-z0-9]+/) != nil && sids.insert(sid).inserted, "\(name): Sid \(sid)")
            }
        }
    }

    @Test func readOnlyGrantsNoWrite() {
        let read = Set(actions(IAMPolicies.readOnly()))
        #expect(read.allSatisfy { a in ["List", "Get", "Describe", "Lookup"].contains { a.split(separator: ":")[1].hasPrefix($0) } },
                "\(read)")
        #expect(read.isSuperset(of: ["cloudtrail:LookupEvents", "account:ListRegions"]))
        let toggle = Set(actions(IAMPolicies.toggle()))
        #expect(toggle.subtracting(read) == Set(IAMPolicies.appConfigToggleActions.map { "appconfig:" + $0 }))
    }

    @Test func organizationPolicyAssumesTheNamedRoleOnly() throws {
        let value = IAMPolicies.organization(roleName: "Custom.Reader")
        let policy = try #require(try JSONSerialization.jsonObject(with: Data(value.json().utf8)) as? [String: Any])
        let statements = try #require(policy["Statement"] as? [[String: Any]])
        let assume = try #require(statements.first { ($0["Action"] as? [String]) == ["sts:AssumeRole"] })
        #expect(assume["Resource"] as? String == "arn:aws:iam::*:role/Custom.Reader")
        let all = Set(actions(value))
        #expect(all.isSuperset(of: [
            "organizations:ListAccounts", "organizations:ListParents", "organizations:DescribeOrganization",
            "organizations:ListRoots", "organizations:ListChildren", "organizations:ListOrganizationalUnitsForParent",
            "organizations:ListAccountsForParent", "account:ListRegions",
        ]))
        #expect(!all.contains { $0.hasPrefix("appconfig:") })
    }

    // MARK: - the policies against the code

    @Test func everyAppConfigOperationFlagdeckCallsIsGrantedAndNothingElse() throws {
        let operations = try Self.clientOperations()
        #expect(operations.count >= 15, "the client's operations were not found: \(operations.keys.sorted())")
        let calls = try Self.callSites(of: Set(operations.values.flatMap(\.functions)))

        let read = Set(IAMPolicies.appConfigReadActions), toggle = Set(IAMPolicies.appConfigToggleActions)
        for (operation, info) in operations.sorted(by: { $0.key < $1.key }) {
            let callers = info.functions.flatMap { calls[$0] ?? [] }
            if Self.notCalledByFlagdeck.contains(operation) {
                #expect(callers.isEmpty, """
                    \(operation) is now called by \(callers.joined(separator: ", ")): grant appconfig:\(operation) in \
                    IAMPolicies (read-only if it reads, toggle if it writes) and remove it from notCalledByFlagdeck
                    """)
                #expect(!read.contains(operation) && !toggle.contains(operation), "\(operation) is granted but never called")
                continue
            }
            #expect(!callers.isEmpty, """
                \(operation) (\(info.functions.joined(separator: ", "))) is called nowhere in Sources: \
                remove appconfig:\(operation) from IAMPolicies, or list it in notCalledByFlagdeck
                """)
            if info.reads {
                #expect(read.contains(operation), "\(operation) is read by \(callers.first ?? "?"): add it to IAMPolicies.appConfigReadActions")
            } else {
                #expect(toggle.contains(operation), "\(operation) writes (called by \(callers.first ?? "?")): add it to IAMPolicies.appConfigToggleActions")
                #expect(!read.contains(operation), "\(operation) writes: it cannot be in the read-only policy")
            }
        }
        // Nothing granted that the client does not have.
        #expect(read.union(toggle).subtracting(operations.keys).isEmpty,
                "granted but not an operation of AppConfigClient: \(read.union(toggle).subtracting(operations.keys).sorted())")
    }

    @Test func everyOrganizationsOperationDiscoveryCallsIsGranted() throws {
        // The Organizations client: the AWSCore file speaking AWSOrganizationsV20161128.
        let directory = Self.sources.appendingPathComponent("AWSCore")
        var called: Set<String> = []
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            guard text.contains("\"AWSOrganizationsV20161128\"") else { continue }
            called.formUnion(text.matches(of: /\bcall\(\s*"([A-Z][A-Za-z]+)"/.wordBoundaryKind(.simple)).map { String($0.1) })
        }
        #expect(!called.isEmpty, "no Organizations operation found under Sources/AWSCore")
        let granted = Set(IAMPolicies.organizationActions)
        for operation in called.sorted() {
            #expect(granted.contains("organizations:" + operation),
                    "discovery calls organizations:\(operation): add it to IAMPolicies.organizationActions")
        }
    }

    // MARK: - the StackSet template (its YAML is checked by integration/test_iam_cli.py)

    @Test func stackSetTemplateHasTheRoleAndTheReadOnlyPolicy() throws {
        let value = IAMPolicies.stackSetTemplate(roleName: "Reader", trust: ["111122223333", "arn:aws:iam::444455556666:root"])
        let template = try #require(try JSONSerialization.jsonObject(with: Data(value.json().utf8)) as? [String: Any])
        #expect(template["AWSTemplateFormatVersion"] as? String == "2010-09-09")
        let parameters = try #require(template["Parameters"] as? [String: [String: Any]])
        #expect(parameters["RoleName"]?["Default"] as? String == "Reader")
        #expect(parameters["TrustedPrincipals"]?["Type"] as? String == "CommaDelimitedList")
        #expect(parameters["TrustedPrincipals"]?["Default"] as? String == "111122223333,arn:aws:iam::444455556666:root")
        let resources = try #require(template["Resources"] as? [String: [String: Any]])
        let role = try #require(resources.values.first { $0["Type"] as? String == "AWS::IAM::Role" })
        let properties = try #require(role["Properties"] as? [String: Any])
        #expect(properties["RoleName"] as? [String: String] == ["Ref": "RoleName"])
        let trust = try #require(properties["AssumeRolePolicyDocument"] as? [String: Any])
        let trustStatement = try #require((trust["Statement"] as? [[String: Any]])?.first)
        #expect(trustStatement["Principal"] as? [String: [String: String]] == ["AWS": ["Ref": "TrustedPrincipals"]])
        let inline = try #require((properties["Policies"] as? [[String: Any]])?.first?["PolicyDocument"])
        let expected = try JSONSerialization.jsonObject(with: Data(IAMPolicies.readOnly().json().utf8))
        #expect(NSDictionary(dictionary: inline as! [String: Any]).isEqual(expected))

        // No trust given: the parameter has no default, so deploying it must name one.
        let open = IAMPolicies.stackSetTemplate()
        let openTemplate = try #require(try JSONSerialization.jsonObject(with: Data(open.json().utf8)) as? [String: Any])
        let openParameters = try #require(openTemplate["Parameters"] as? [String: [String: Any]])
        #expect(openParameters["TrustedPrincipals"]?["Default"] == nil)
        #expect(openParameters["RoleName"]?["Default"] as? String == "FlagDeckReader")
        #expect(IAMPolicies.stackSetYAML().contains("ParameterKey=TrustedPrincipals"))
        #expect(IAMPolicies.stackSetYAML().contains("--permission-model SERVICE_MANAGED"))
    }

    @Test func principalAndRoleNameRules() {
        for ok in ["111122223333", "arn:aws:iam::111122223333:root", "arn:aws:iam::111122223333:role/OrgAdmin",
                   "arn:aws:iam::111122223333:role/aws-reserved/sso.amazonaws.com/AWSReservedSSO_Admin_0123",
                   "arn:aws-us-gov:iam::111122223333:user/ops"] {
            #expect(IAMPolicies.isTrustablePrincipal(ok), "\(ok)")
        }
        for bad in ["", "1111", "*", "arn:aws:iam::*:root", "arn:aws:iam::111122223333:group/x", "arn:aws:s3:::bucket"] {
            #expect(!IAMPolicies.isTrustablePrincipal(bad), "\(bad)")
        }
        #expect(IAMPolicies.isRoleName("FlagDeckReader") && IAMPolicies.isRoleName("a.b@c=d,e+f_g-h"))
        #expect(!IAMPolicies.isRoleName("") && !IAMPolicies.isRoleName("a/b") && !IAMPolicies.isRoleName(String(repeating: "a", count: 65)))
    }

    @Test func yamlScalarsNeverChangeType() {
        for s in ["2012-10-17", "yes", "No", "on", "null", "~", "*", "arn:aws:iam::*:role/X", "a: b", "-x", "#c",
                  "1.5", "", "with space", "quote\"", "AWS::IAM::Role:"] {
            #expect(TemplateValue.yamlScalar(s).hasPrefix("\""), "\(s) must be quoted")
        }
        for s in ["AWS::IAM::Role", "appconfig:ListApplications", "FlagDeckReader", "Fn::GetAtt"] {
            #expect(TemplateValue.yamlScalar(s) == s)
        }
    }

    // MARK: - reading the code

    struct Operation { var reads: Bool; var functions: [String] }

    static let sources = URL(fileURLWithPath: #filePath)
        .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
        .appendingPathComponent("Sources")

    /// AWS operation name → whether it is a read (GET), and the client's public functions that send it
    /// (`allApplications` sends ListApplications through `listApplications`).
    static func clientOperations() throws -> [String: Operation] {
        let directory = sources.appendingPathComponent("AppConfigClient/Operations")
        var functionOps: [String: [(name: String, method: String?)]] = [:]
        var bodies: [String: String] = [:]
        for file in try FileManager.default.contentsOfDirectory(atPath: directory.path) where file.hasSuffix(".swift") {
            let text = try String(contentsOf: directory.appendingPathComponent(file), encoding: .utf8)
            for chunk in text.components(separatedBy: "public func ").dropFirst() {
                guard let name = chunk.firstMatch(of: /^(\w+)/)?.1 else { continue }
                bodies[String(name)] = chunk
                functionOps[String(name)] = chunk.matches(of: /\b(?:pages|json|send)\(\s*"([A-Z][A-Za-z]+)"(?:\s*,\s*"([A-Z]+)")?/.wordBoundaryKind(.simple))
                    .map { (String($0.1), $0.2.map(String.init)) }
            }
        }
        // Functions that only call another client function send what it sends.
        for (name, ops) in functionOps where ops.isEmpty {
            let body = bodies[name] ?? ""
            functionOps[name] = functionOps.keys.filter { $0 != name && body.contains($0 + "(") }.flatMap { functionOps[$0] ?? [] }
        }
        var result: [String: Operation] = [:]
        for (function, ops) in functionOps {
            for op in ops {
                let reads = op.method == nil || op.method == "GET"   // pages() are GETs
                result[op.name, default: Operation(reads: reads, functions: [])].functions.append(function)
                #expect(result[op.name]!.reads == reads, "\(op.name) sent with two methods")
            }
        }
        return result
    }

    /// Function name → "File.swift:line" of each call in Sources outside the client and the emulator.
    static func callSites(of functions: Set<String>) throws -> [String: [String]] {
        var calls: [String: [String]] = [:]
        let enumerator = FileManager.default.enumerator(at: sources, includingPropertiesForKeys: nil)
        while let url = enumerator?.nextObject() as? URL {
            let relative = url.path.replacingOccurrences(of: sources.path + "/", with: "")
            guard url.pathExtension == "swift", !relative.hasPrefix("AppConfigClient/"),
                  !relative.hasPrefix("AppConfigEmulator/") else { continue }
            let text = try String(contentsOf: url, encoding: .utf8)
            // Simple word boundaries: by Unicode's rules `client.allEnvironments` is one word.
            for (n, line) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
                for match in line.matches(of: /(func\s+)?\b([a-z]\w*)\(/.wordBoundaryKind(.simple))
                where match.1 == nil && functions.contains(String(match.2)) {
                    calls[String(match.2), default: []].append("\(relative):\(n + 1)")
                }
            }
        }
        return calls
    }

    func actions(_ policy: TemplateValue) -> [String] {
        guard case .map(let entries) = policy, case .list(let statements)? = entries.first(where: { $0.key == "Statement" })?.value
        else { return [] }
        return statements.flatMap { s -> [String] in
            guard case .map(let fields) = s, case .list(let actions)? = fields.first(where: { $0.key == "Action" })?.value
            else { return [] }
            return actions.compactMap { if case .string(let a) = $0 { a } else { nil } }
        }
    }
}
