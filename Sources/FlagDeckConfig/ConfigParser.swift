import Foundation
import Yams

extension FlagDeckConfiguration {
    /// Reads and validates the file at `path`; the path appears as given in every issue.
    public static func load(path: String) throws(ConfigurationError) -> FlagDeckConfiguration {
        let text: String
        do {
            text = try String(contentsOfFile: path, encoding: .utf8)
        } catch {
            let reason = FileManager.default.fileExists(atPath: path) ? "cannot be read as UTF-8 text" : "does not exist"
            throw ConfigurationError(issues: [ConfigIssue(file: path, message: "the configuration file \(reason)")])
        }
        return try parse(text: text, file: path)
    }

    /// Parses a whole configuration document. Throws every problem found, in
    /// document order, each located by line, column and key path.
    public static func parse(text: String, file: String) throws(ConfigurationError) -> FlagDeckConfiguration {
        let root: Node?
        do {
            root = try Yams.compose(yaml: text)
        } catch {
            throw ConfigurationError(issues: [SyntaxIssue.from(error, file: file)])
        }
        guard let root, !NodeReader.isNull(root) else {
            throw ConfigurationError(issues: [ConfigIssue(
                file: file, line: 1, column: 1,
                message: "the file is empty: it needs at least an \"accounts\" list, or an \"organization\" or \"sso\" "
                    + "block that discovers accounts (see config.example.yaml)")])
        }
        var parser = ConfigParser(reader: NodeReader(file: file))
        let config = parser.configuration(root)
        let issues = parser.reader.issues
        guard issues.isEmpty else {
            // Walk order follows the schema; readers expect the file's order.
            let ordered = issues.enumerated().sorted { a, b in
                let ka = (a.element.line ?? 0, a.element.column ?? 0, a.offset)
                let kb = (b.element.line ?? 0, b.element.column ?? 0, b.offset)
                return ka < kb
            }.map(\.element)
            throw ConfigurationError(issues: ordered)
        }
        return config
    }
}

/// The schema walk: which keys exist, which are required, and what each value
/// must look like. Unset or invalid values fall back to the defaults so the
/// walk can go on and find the next problem.
struct ConfigParser {
    var reader: NodeReader

    static let topLevelKeys = ["accounts", "organization", "sso", "applications", "environments", "production", "retirement",
                               "refreshSeconds", "concurrency", "theme", "readOnly", "powertools", "codeReferences",
                               "cloudTrail", "store"]
    static let accountKeys = ["name", "profile", "roleArn", "externalId", "regions", "endpoint"]
    static let filterKeys = ["include", "exclude"]
    static let retirementKeys = ["rolledOutDays", "deadDays", "permanent"]

    mutating func configuration(_ root: Node) -> FlagDeckConfiguration {
        var config = FlagDeckConfiguration()
        let path = ConfigPath.root
        guard let fields = reader.fields(of: root, path: path, known: Self.topLevelKeys,
                                         what: "a mapping of settings at the top level") else { return config }
        if let node = fields["accounts"] { config.accounts = accounts(node, path: path.key("accounts")) }
        // `accounts` is required unless a discovery block brings accounts (DiscoveryParser.swift).
        if let node = fields["organization"] { config.organization = organization(node, path: path.key("organization")) }
        if let node = fields["sso"] { config.sso = identityCenter(node, path: path.key("sso")) }
        requireSomeAccounts(root, fields: fields)
        if let node = fields["applications"] {
            config.applications = filter(node, path: path.key("applications"), what: "application")
        }
        if let node = fields["environments"] {
            config.environments = filter(node, path: path.key("environments"), what: "environment")
        }
        if let node = fields["production"], let p = reader.patterns(node, path: path.key("production")) {
            config.production = p
        }
        if let node = fields["retirement"] { config.retirement = retirement(node, path: path.key("retirement")) }
        if let node = fields["refreshSeconds"],
           let v = reader.int(node, path: path.key("refreshSeconds"), in: 10...Int.max, unit: "seconds") {
            config.refreshSeconds = v
        }
        if let node = fields["concurrency"],
           let v = reader.int(node, path: path.key("concurrency"), in: 1...64, unit: "calls") {
            config.concurrency = v
        }
        if let node = fields["theme"], let theme = reader.nonEmptyString(node, path: path.key("theme")) {
            if ValueFormats.isThemeName(theme) {
                config.theme = theme
            } else {
                reader.report("\"\(theme)\" is not a theme name (letters, digits, \"-\", \"_\" and \".\"; "
                              + "the file is NAME.theme)", at: node, path: path.key("theme"))
            }
        }
        if let node = fields["readOnly"], let v = reader.bool(node, path: path.key("readOnly")) {
            config.readOnly = v
        }
        if let node = fields["powertools"] { config.powertools = powertools(node, path: path.key("powertools")) }
        if let node = fields["store"], let v = reader.string(node, path: path.key("store")) {
            if v.range(of: #"^postgres(ql)?://[^:@/]+@[^/]+/[^/]+$"#, options: .regularExpression) != nil {
                config.store = v
            } else {
                reader.report("\"\(v.replacingOccurrences(of: #":[^:@/]*@"#, with: ":***@", options: .regularExpression))\" is not "
                              + "postgres://USER@HOST[:PORT]/DATABASE (the password goes in PGPASSWORD or ~/.pgpass, never here)",
                              at: node, path: path.key("store"))
            }
        }
        if let node = fields["cloudTrail"], let v = reader.bool(node, path: path.key("cloudTrail")) {
            config.cloudTrail = v
        }
        if let node = fields["codeReferences"] { config.codeReferences = codeReferences(node, path: path.key("codeReferences")) }
        return config
    }

    private mutating func accounts(_ node: Node, path: ConfigPath) -> [FlagDeckConfiguration.Account] {
        guard let items = reader.list(node, path: path, what: "accounts") else { return [] }
        var result: [FlagDeckConfiguration.Account] = []
        var firstByName: [String: ConfigPath] = [:]
        for (item, itemPath) in items {
            guard let account = account(item, path: itemPath) else { continue }
            if let earlier = firstByName[account.name] {
                let nameNode = item.mapping?["name"]
                reader.report("\"\(account.name)\" is already the name of \(earlier); account names must be unique",
                              at: nameNode ?? item, path: itemPath.key("name"))
                continue
            }
            firstByName[account.name] = itemPath
            result.append(account)
        }
        return result
    }

    private mutating func account(_ node: Node, path: ConfigPath) -> FlagDeckConfiguration.Account? {
        guard let fields = reader.fields(of: node, path: path, known: Self.accountKeys, required: ["name", "regions"],
                                         what: "an account (a mapping with name, regions, ...)") else { return nil }
        var name: String?
        if let node = fields["name"] { name = reader.nonEmptyString(node, path: path.key("name")) }
        var regions: [String]?
        if let node = fields["regions"] { regions = regionList(node, path: path.key("regions")) }
        var profile: String?
        if let node = fields["profile"] { profile = reader.nonEmptyString(node, path: path.key("profile")) }
        var roleArn: String?
        if let node = fields["roleArn"], let arn = reader.nonEmptyString(node, path: path.key("roleArn")) {
            if ValueFormats.isRoleArn(arn) {
                roleArn = arn
            } else {
                reader.report("\"\(arn)\" is not an IAM role ARN (like arn:aws:iam::111111111111:role/FlagDeckReader)",
                              at: node, path: path.key("roleArn"))
            }
        }
        var externalId: String?
        if let node = fields["externalId"], let id = reader.nonEmptyString(node, path: path.key("externalId")) {
            externalId = id
            if fields["roleArn"] == nil {
                reader.report("externalId is only sent when assuming roleArn: add roleArn or remove externalId",
                              at: node, path: path.key("externalId"))
            }
        }
        var endpoint: String?
        if let node = fields["endpoint"], let url = reader.nonEmptyString(node, path: path.key("endpoint")) {
            if ValueFormats.isEndpointURL(url) {
                endpoint = url
            } else {
                reader.report("\"\(url)\" is not an http(s) URL (like http://127.0.0.1:4566)",
                              at: node, path: path.key("endpoint"))
            }
        }
        guard let name, let regions else { return nil }
        return FlagDeckConfiguration.Account(name: name, profile: profile, roleArn: roleArn, externalId: externalId,
                                             regions: regions, endpoint: endpoint)
    }

    mutating func regionList(_ node: Node, path: ConfigPath) -> [String]? {
        guard let items = reader.list(node, path: path, what: "region names (like [us-east-1, eu-west-1])") else {
            return nil
        }
        if items.isEmpty {
            reader.report("at least one region is needed (like [us-east-1])", at: node, path: path)
            return nil
        }
        var result: [String] = []
        for (item, itemPath) in items {
            guard let region = reader.nonEmptyString(item, path: itemPath) else { continue }
            if !ValueFormats.isRegion(region) {
                reader.report("\"\(region)\" is not an AWS region name (like us-east-1)", at: item, path: itemPath)
            } else if result.contains(region) {
                reader.report("\"\(region)\" is listed twice", at: item, path: itemPath)
            } else {
                result.append(region)
            }
        }
        return result
    }

    private mutating func filter(_ node: Node, path: ConfigPath, what: String) -> FlagDeckConfiguration.NameFilter {
        var filter = FlagDeckConfiguration.NameFilter()
        guard let fields = reader.fields(of: node, path: path, known: Self.filterKeys,
                                         what: "a mapping with include and exclude lists of \(what) name patterns")
        else { return filter }
        if let n = fields["include"], let p = reader.patterns(n, path: path.key("include")) { filter.include = p }
        if let n = fields["exclude"], let p = reader.patterns(n, path: path.key("exclude")) { filter.exclude = p }
        return filter
    }

    private mutating func retirement(_ node: Node, path: ConfigPath) -> FlagDeckConfiguration.Retirement {
        var r = FlagDeckConfiguration.Retirement()
        guard let fields = reader.fields(of: node, path: path, known: Self.retirementKeys,
                                         what: "a mapping with rolledOutDays, deadDays and permanent")
        else { return r }
        if let n = fields["rolledOutDays"],
           let v = reader.int(n, path: path.key("rolledOutDays"), in: 1...Int.max, unit: "days") {
            r.rolledOutDays = v
        }
        if let n = fields["deadDays"], let v = reader.int(n, path: path.key("deadDays"), in: 1...Int.max, unit: "days") {
            r.deadDays = v
        }
        if let n = fields["permanent"], let p = reader.patterns(n, path: path.key("permanent")) { r.permanent = p }
        return r
    }
}
