import FlagModel
import Foundation

/// `flagdeck audit` output: one row per deployment and per version creation, for an
/// auditor's spreadsheet (CSV), a SIEM (JSON) or a terminal (table).
public enum AuditOutput {
    public enum Format: String, CaseIterable, Sendable { case table, json, csv }

    public static func render(_ rows: [AuditRow], as format: Format, gaps: [String] = []) -> String {
        switch format {
        case .table: table(rows, gaps: gaps)
        case .json: json(rows, gaps: gaps)
        case .csv: csv(rows)
        }
    }

    static let columns = ["time", "kind", "account", "account_id", "region", "application", "environment", "profile", "version",
                          "deployment", "strategy", "state", "who", "who_type", "who_arn", "source_ip", "user_agent",
                          "stopped_by", "changes", "flagdeck_actor", "flagdeck_reason", "description"]

    static func fields(_ r: AuditRow) -> [String] {
        [time(r.time), r.kind.rawValue, r.accountName, r.accountId, r.region, r.application, r.environment ?? "", r.profile,
         String(r.version), r.deploymentNumber.map(String.init) ?? "", r.strategy ?? "", r.state?.rawValue ?? "",
         r.whoText, r.author?.type ?? "", r.author?.arn ?? "", r.event?.sourceIP ?? "", r.event?.userAgent ?? "",
         r.stoppedBy?.author.display ?? "", changesText(r.changes), r.note?.actor ?? "", r.note?.reason ?? "", r.description ?? ""]
    }

    public static func csv(_ rows: [AuditRow]) -> String {
        ([columns.joined(separator: ",")] + rows.map { fields($0).map(ScanOutput.escape).joined(separator: ",") })
            .joined(separator: "\n") + "\n"
    }

    /// `{"rows": [...], "unreadable": ["account/region: why"]}`; absent facts are null.
    public static func json(_ rows: [AuditRow], gaps: [String]) -> String {
        func s(_ v: String?) -> JSONValue { v.map(JSONValue.string) ?? .null }
        func n(_ v: Int?) -> JSONValue { v.map { .number(JSONNumber($0)) } ?? .null }
        let items: [JSONValue] = rows.map { r in
            var o = JSONObject()
            o["time"] = .string(time(r.time))
            o["kind"] = .string(r.kind.rawValue)
            o["account"] = .string(r.accountName)
            o["accountId"] = .string(r.accountId)
            o["region"] = .string(r.region)
            o["application"] = .string(r.application)
            o["environment"] = s(r.environment)
            o["profile"] = .string(r.profile)
            o["version"] = .number(JSONNumber(r.version))
            o["deploymentNumber"] = n(r.deploymentNumber)
            o["strategy"] = s(r.strategy)
            o["state"] = s(r.state?.rawValue)
            o["who"] = who(r)
            o["stoppedBy"] = r.stoppedBy.map { .object(identity($0)) } ?? .null
            o["changes"] = r.changes.map { .array($0.map { c in
                .object(JSONObject([.init(key: "key", value: .string(c.key)), .init(key: "kind", value: .string(c.kind.rawValue)),
                                    .init(key: "stateAfter", value: .string(c.stateAfter.rawValue)),
                                    .init(key: "detail", value: .string(c.detail))]))
            }) } ?? .null
            o["flagdeck"] = r.note.map { note in
                .object(JSONObject([.init(key: "actor", value: .string(note.actor)), .init(key: "reason", value: s(note.reason)),
                                    .init(key: "flag", value: s(note.flag))]))
            } ?? .null
            o["description"] = s(r.description)
            return .object(o)
        }
        var top = JSONObject()
        top["rows"] = .array(items)
        top["unreadable"] = .array(gaps.map(JSONValue.string))
        return JSONValue.object(top).serialized(pretty: true) + "\n"
    }

    static func who(_ r: AuditRow) -> JSONValue {
        switch r.who {
        case .found(let e): return .object(identity(e))
        case .notFound: return .object(JSONObject([.init(key: "status", value: "not-found")]))
        case .unreadable(let why): return .object(JSONObject([.init(key: "status", value: "unreadable"), .init(key: "reason", value: .string(why))]))
        case .loading: return .object(JSONObject([.init(key: "status", value: "loading")]))
        case .off: return .object(JSONObject([.init(key: "status", value: "off")]))
        }
    }

    static func identity(_ e: TrailEvent) -> JSONObject {
        var o = JSONObject()
        o["status"] = "found"
        o["name"] = .string(e.author.display)
        o["type"] = .string(e.author.type)
        o["arn"] = e.author.arn.map(JSONValue.string) ?? .null
        o["role"] = e.author.role.map(JSONValue.string) ?? .null
        o["session"] = e.author.type == "AssumedRole" ? e.author.name.map(JSONValue.string) ?? .null : .null
        o["sourceIP"] = e.sourceIP.map(JSONValue.string) ?? .null
        o["userAgent"] = e.userAgent.map(JSONValue.string) ?? .null
        o["eventId"] = .string(e.eventId)
        o["eventTime"] = .string(time(e.time))
        return o
    }

    public static func table(_ rows: [AuditRow], gaps: [String]) -> String {
        let header = ["TIME (UTC)", "WHAT", "WHERE", "PROFILE", "VER", "STATE", "WHO", "CHANGES"]
        var lines: [[String]] = [header]
        for r in rows {
            let what = r.kind == .version ? "version" : "deploy #\(r.deploymentNumber ?? 0)"
            var who = r.whoText
            if let note = r.note { who += " (flagdeck: \(note.actor))" }
            lines.append([String(time(r.time).prefix(16)).replacingOccurrences(of: "T", with: " "), what, r.place, r.profile,
                          "v\(r.version)", r.state?.rawValue ?? "", who, changesText(r.changes)])
        }
        let widths = header.indices.map { i in min(i == header.count - 1 ? 60 : 48, lines.map { $0[i].count }.max() ?? 0) }
        var out = lines.map { cells in
            cells.enumerated().map { i, c in
                let clipped = c.count > widths[i] ? String(c.prefix(widths[i] - 1)) + "…" : c
                return i == cells.count - 1 ? clipped : clipped.padding(toLength: widths[i], withPad: " ", startingAt: 0)
            }.joined(separator: "  ")
        }.joined(separator: "\n") + "\n"
        out += "\(rows.count) rows\n"
        for g in gaps { out += "CloudTrail unreadable: \(g)\n" }
        return out
    }

    static func changesText(_ changes: [FlagChange]?) -> String {
        guard let changes else { return "(unknown)" }
        if changes.isEmpty { return "(no flag changed)" }
        return changes.map(\.description).joined(separator: "; ")
    }

    /// As `flagdeck scan` writes times: `2026-12-01T04:13:36Z`.
    static func time(_ d: Date) -> String { ScanOutput.isoString(d) }
}
