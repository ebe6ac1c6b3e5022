import Foundation

/// One line of the audit: a deployment, or the creation of a hosted version. Codable: the
/// team store keeps a published scan's audit for auditors without AWS access.
public struct AuditRow: Sendable, Hashable, Codable {
    public enum Kind: String, Sendable, Hashable, Codable { case deployment, version }

    /// Why WHO is what it is.
    public enum Attribution: Sendable, Hashable, Codable {
        case found(TrailEvent)
        /// No CloudTrail event for it (older than CloudTrail's 90 days, or not delivered yet).
        case notFound
        /// CloudTrail of this account/region could not be read.
        case unreadable(String)
        case loading
        case off
    }

    public var kind: Kind
    public var time: Date
    public var accountName: String
    public var accountId: String
    public var region: String
    public var application: String
    /// nil for a version creation (it is not in any environment yet).
    public var environment: String?
    public var profile: String
    public var version: Int
    public var deploymentNumber: Int?
    public var strategy: String?
    public var state: DeploymentState?
    public var percentage: Double?
    public var description: String?
    public var who: Attribution
    /// For deployments: who stopped it (rolled back or reverted), when someone did.
    public var stoppedBy: TrailEvent?
    /// nil: unknown (the scan did not read both versions).
    public var changes: [FlagChange]?
    /// When flagdeck made the change: its journal's actor and reason.
    public var note: JournalNote?

    public var author: ChangeAuthor? {
        if case .found(let e) = who { return e.author }
        return nil
    }

    public var event: TrailEvent? {
        if case .found(let e) = who { return e }
        return nil
    }

    /// What the WHO column shows.
    public var whoText: String { who.text }

    /// `account/region/application/environment` (or `…/application` for a version).
    public var place: String {
        [accountName, region, application, environment].compactMap { $0 }.joined(separator: "/")
    }
}

extension AuditRow.Attribution {
    /// What a WHO column shows.
    public var text: String {
        switch self {
        case .found(let e): e.author.display
        case .notFound: "—"
        case .unreadable: "no CloudTrail access"
        case .loading: "…"
        case .off: "(CloudTrail off)"
        }
    }

    public var event: TrailEvent? {
        if case .found(let e) = self { return e }
        return nil
    }

    /// A sentence for a detail pane.
    public var explanation: String {
        switch self {
        case .found(let e):
            var parts = [e.author.display]
            if let set = e.author.permissionSet { parts[0] += " (Identity Center, \(set))" }
            if let ip = e.sourceIP { parts.append("from \(ip)") }
            if let agent = e.userAgent, !agent.isEmpty { parts.append(ChangeAuthor.shortAgent(agent)) }
            if let arn = e.author.arn { parts.append(arn) }
            return parts.joined(separator: " · ")
        case .notFound: return "no CloudTrail event found (CloudTrail keeps 90 days; events arrive within minutes)"
        case .unreadable(let why): return "CloudTrail not readable here: \(why)"
        case .loading: return "reading CloudTrail…"
        case .off: return "CloudTrail lookups are off (cloudTrail: false)"
        }
    }
}

/// The audit of a scan: its deployments and the version creations CloudTrail saw, newest
/// first, each with who made it (CloudTrail) and, for flagdeck's own changes, the reason.
public enum AuditLog {
    public static func rows(_ result: ScanResult, trail: AuditTrail, notes: [JournalNote] = []) -> [AuditRow] {
        var accountNames: [String: String] = [:]
        for env in result.snapshot.environments where !env.id.accountId.isEmpty { accountNames[env.id.accountId] = env.id.accountName }
        for d in result.deployments { accountNames[d.environment.accountId] = d.environment.accountName }
        let deploymentNotes = Dictionary(notes.compactMap { n in n.deploymentNumber.map { ("\(n.target)#\($0)", n) } },
                                         uniquingKeysWith: { a, _ in a })
        let versionNotes = Dictionary(notes.compactMap { n -> (String, JournalNote)? in
            guard let v = n.newVersion, let profile = n.profile else { return nil }
            let parts = n.target.split(separator: "/")
            guard parts.count >= 3 else { return nil }
            return ("\(parts[0])/\(parts[1])/\(parts[2])/\(profile)@\(v)", n)
        }, uniquingKeysWith: { a, _ in a })

        var rows: [AuditRow] = result.deployments.map { d in
            AuditRow(kind: .deployment, time: d.startedAt, accountName: d.environment.accountName, accountId: d.environment.accountId,
                     region: d.environment.region, application: d.environment.applicationName,
                     environment: d.environment.environmentName, profile: d.profileName, version: d.configurationVersion,
                     deploymentNumber: d.deploymentNumber, strategy: d.strategyName, state: d.state,
                     percentage: d.percentageComplete, description: d.description,
                     who: attribution(trail.started(d), trail, accountId: d.environment.accountId, region: d.environment.region),
                     stoppedBy: trail.stopped(d), changes: d.changes.isEmpty ? nil : d.changes,
                     note: deploymentNotes["\(d.environment.description)#\(d.deploymentNumber)"])
        }
        var profiles: [String: ProfileRef] = [:]
        for p in result.profiles { profiles["\(p.accountId)/\(p.region)/\(p.profileId)"] = p }
        var versionChanges: [String: [FlagChange]] = [:]
        for v in result.versions { versionChanges["\(v.profile.accountId)/\(v.profile.region)/\(v.profile.profileId)@\(v.versionNumber)"] = v.changes }
        for e in trail.creationEvents {
            guard let profileId = e.profileId, let number = e.versionNumber,
                  let p = profiles["\(e.accountId)/\(e.region)/\(profileId)"] else { continue }
            let account = accountNames[e.accountId] ?? e.accountId
            rows.append(AuditRow(kind: .version, time: e.time, accountName: account, accountId: e.accountId, region: e.region,
                                 application: p.applicationName, environment: nil, profile: p.profileName, version: number,
                                 deploymentNumber: nil, strategy: nil, state: nil, percentage: nil, description: nil,
                                 who: .found(e), stoppedBy: nil,
                                 changes: versionChanges["\(e.accountId)/\(e.region)/\(profileId)@\(number)"],
                                 note: versionNotes["\(account)/\(e.region)/\(p.applicationName)/\(p.profileName)@\(number)"]))
        }
        return rows.sorted { a, b in
            (a.time, a.kind == .deployment ? 1 : 0, a.place, a.deploymentNumber ?? a.version)
                > (b.time, b.kind == .deployment ? 1 : 0, b.place, b.deploymentNumber ?? b.version)
        }
    }

    /// Who started `d`, or why that is not known.
    public static func attribution(of d: DeploymentRecord, in trail: AuditTrail) -> AuditRow.Attribution {
        attribution(trail.started(d), trail, accountId: d.environment.accountId, region: d.environment.region)
    }

    /// flagdeck's journal note for `d`, when flagdeck made it.
    public static func note(for d: DeploymentRecord, in notes: [JournalNote]) -> JournalNote? {
        notes.first { $0.deploymentNumber == d.deploymentNumber && $0.target == d.environment.description }
    }

    static func attribution(_ event: TrailEvent?, _ trail: AuditTrail, accountId: String, region: String) -> AuditRow.Attribution {
        if let event { return .found(event) }
        switch trail.status {
        case .off: return .off
        case .loading: return .loading
        case .loaded: break
        }
        if let gap = trail.gap(accountId: accountId, region: region) { return .unreadable(gap.message) }
        return .notFound
    }
}

/// `flagdeck audit`'s selection: a time window, one flag, one account.
public struct AuditFilter: Sendable, Hashable {
    public var since: Date?
    public var until: Date?
    public var flag: FlagID?
    /// An account name or id.
    public var account: String?

    public init(since: Date? = nil, until: Date? = nil, flag: FlagID? = nil, account: String? = nil) {
        self.since = since
        self.until = until
        self.flag = flag
        self.account = account
    }

    /// A flag's rows are those that changed it, and those of its profile whose changes
    /// are unknown (they may have: leaving them out would hide a possible change).
    public func matches(_ row: AuditRow) -> Bool {
        if let since, row.time < since { return false }
        if let until, row.time > until { return false }
        if let account, row.accountName != account && row.accountId != account { return false }
        if let flag {
            guard row.application == flag.application && row.profile == flag.profile else { return false }
            if let changes = row.changes { return changes.contains { $0.key == flag.key } }
        }
        return true
    }
}
