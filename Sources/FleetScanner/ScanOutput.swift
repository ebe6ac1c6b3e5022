import FlagModel
import Foundation

/// `flagdeck scan` output formats. JSON is the contract for scripts (README documents it).
public enum ScanOutput {
    public enum Format: String, CaseIterable, Sendable { case table, json, csv }

    public static func render(_ result: ScanResult, as format: Format) -> String {
        switch format {
        case .json: return json(result)
        case .csv: return csv(result)
        case .table: return table(result)
        }
    }

    static func isoString(_ date: Date) -> String {
        date.formatted(.iso8601)
    }

    static func verdictName(_ kind: VerdictKind) -> String { kind == .shortTerm ? "short-term" : kind.rawValue }

    static func environmentObject(_ cell: FlagCell) -> [String: Any] {
        [
            "account": cell.environment.accountName,
            "accountId": cell.environment.accountId,
            "region": cell.environment.region,
            "environment": cell.environment.environmentName,
            "state": cell.state.rawValue,
            "since": (cell.since ?? cell.stateSince).map { isoString($0) } ?? NSNull(),
            "version": cell.servedVersion ?? NSNull(),
            "rollingOutPercent": cell.rollingOutPercent.map { Int($0.rounded()) } ?? NSNull(),
            "pending": cell.isPending,
        ]
    }

    public static func json(_ result: ScanResult) -> String {
        let flags: [[String: Any]] = result.snapshot.rows.map { row in
            [
                "application": row.flag.application,
                "profile": row.flag.profile,
                "key": row.flag.key,
                "name": row.definition?.name ?? NSNull(),
                "shortTerm": row.definition?.deprecation?.status == "planned",
                "deprecationDate": row.definition?.deprecation?.date ?? NSNull(),
                "verdicts": row.verdicts.map { verdictName($0.kind) },
                "reasons": row.verdicts.map(\.reason),
                "environments": row.cells.map(environmentObject),
            ]
        }
        let object: [String: Any] = [
            "scannedAt": isoString(result.scannedAt),
            "asOf": isoString(result.snapshot.asOf),
            "errors": result.errors.map { ["account": $0.account, "region": $0.region, "message": $0.message] },
            "flags": flags,
        ]
        let data = try! JSONSerialization.data(withJSONObject: object, options: [.prettyPrinted, .sortedKeys, .withoutEscapingSlashes])
        return String(decoding: data, as: UTF8.self) + "\n"
    }

    /// One line per flag and environment, so spreadsheets can pivot it.
    public static func csv(_ result: ScanResult) -> String {
        var lines = ["application,profile,key,name,verdicts,account,account_id,region,environment,state,since,version,rolling_out_percent,pending"]
        for row in result.snapshot.rows {
            let verdicts = row.verdicts.map { verdictName($0.kind) }.joined(separator: ";")
            let cells: [FlagCell?] = row.cells.isEmpty ? [nil] : row.cells
            for cell in cells {
                let fields: [String] = [
                    row.flag.application, row.flag.profile, row.flag.key, row.definition?.name ?? "", verdicts,
                    cell?.environment.accountName ?? "", cell?.environment.accountId ?? "", cell?.environment.region ?? "",
                    cell?.environment.environmentName ?? "", cell?.state.rawValue ?? "",
                    (cell?.since ?? cell?.stateSince).map { isoString($0) } ?? "",
                    cell?.servedVersion.map(String.init) ?? "",
                    cell?.rollingOutPercent.map { String(Int($0.rounded())) } ?? "", cell.map { $0.isPending ? "true" : "false" } ?? "",
                ]
                lines.append(fields.map(escape).joined(separator: ","))
            }
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func escape(_ field: String) -> String {
        // RFC 4180, plus a leading quote against spreadsheet formula injection (OWASP:
        // cells starting with = + - @, tab or carriage return).
        var value = field
        if let first = value.unicodeScalars.first, "=+-@\t\r".unicodeScalars.contains(first) { value = "'" + value }
        // Scalars, not Characters: "\r\n" is one Character, equal to neither "\r" nor "\n".
        if value.unicodeScalars.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }

    /// A human summary: one line per flag with its verdicts and where it is on.
    public static func table(_ result: ScanResult) -> String {
        var lines: [String] = []
        let keyWidth = min(60, result.snapshot.rows.map { $0.flag.description.count }.max() ?? 4)
        lines.append(pad("FLAG", keyWidth) + "  " + pad("VERDICTS", 24) + "  ON/ENVS  REASON")
        for row in result.snapshot.rows {
            let verdicts = row.verdicts.map { verdictName($0.kind) }.joined(separator: ",")
            let on = row.cells.filter { $0.state == .on }.count
            let exists = row.cells.filter { $0.state != .absent }.count
            let reason = row.verdicts.first { $0.kind != .shortTerm }?.reason ?? row.verdicts.first?.reason ?? ""
            lines.append(pad(row.flag.description, keyWidth) + "  " + pad(verdicts, 24) + "  " + pad("\(on)/\(exists)", 7) + "  " + reason)
        }
        let counts = Dictionary(grouping: result.snapshot.rows.flatMap { $0.verdicts.map(\.kind) }, by: { $0 }).mapValues(\.count)
        lines.append("")
        lines.append("\(result.snapshot.rows.count) flags in \(result.snapshot.environments.count) environments; "
                     + VerdictKind.allCases.compactMap { kind in counts[kind].map { "\(verdictName(kind)) \($0)" } }.joined(separator: ", "))
        for environment in result.snapshot.environments {
            for problem in environment.problems { lines.append("warning: \(environment.id): \(problem)") }
        }
        for error in result.errors {
            lines.append("error: \(error.account)/\(error.region): \(error.message)")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
    }
}
