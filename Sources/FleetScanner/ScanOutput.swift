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

    /// ISO-8601 strings of the dates a rendering uses, each formatted once: thousands of
    /// cells share a handful of deployment times.
    struct DateStrings {
        private var known: [Date: String] = [:]
        mutating func callAsFunction(_ date: Date) -> String {
            if let text = known[date] { return text }
            let text = ScanOutput.isoString(date)
            known[date] = text
            return text
        }
    }

    static func verdictName(_ kind: VerdictKind) -> String { kind == .shortTerm ? "short-term" : kind.rawValue }

    /// An object with its keys in sorted order, as the documented output shows them.
    static func object(_ members: [(String, JSONValue)]) -> JSONValue {
        var object = JSONObject()
        for (key, value) in members.sorted(by: { $0.0 < $1.0 }) { object[key] = value }
        return .object(object)
    }

    static func environmentObject(_ cell: FlagCell, _ dates: inout DateStrings) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("account", .string(cell.environment.accountName)),
            ("accountId", .string(cell.environment.accountId)),
            ("region", .string(cell.environment.region)),
            ("environment", .string(cell.environment.environmentName)),
            ("state", .string(cell.state.rawValue)),
            ("since", (cell.since ?? cell.stateSince).map { .string(dates($0)) } ?? .null),
            ("version", cell.servedVersion.map { .number(JSONNumber($0)) } ?? .null),
            ("rollingOutPercent", cell.rollingOutPercent.map { .number(JSONNumber(Int($0.rounded()))) } ?? .null),
            ("baking", .bool(cell.isBaking)),
            ("pending", .bool(cell.isPending)),
        ]
        if let end = cell.bakeEndsAt { members.append(("bakeEndsAt", .string(dates(end)))) }
        if let read = cell.lastReadAt { members.append(("lastReadAt", .string(dates(read)))) }
        // A Powertools non-boolean feature serves a value, not a switch: say which.
        if cell.state == .value, let value = cell.attributes?["default"] { members.append(("value", value)) }
        return object(members)
    }

    static func partObject(_ part: UnreadablePart) -> JSONValue {
        var members: [(String, JSONValue)] = [("account", .string(part.account)), ("region", .string(part.region))]
        if let application = part.application { members.append(("application", .string(application))) }
        if let environment = part.environment { members.append(("environment", .string(environment))) }
        return object(members)
    }

    static func strings(_ values: [String]) -> JSONValue { .array(values.map { .string($0) }) }

    /// The contract for scripts (issues 6 and 12, documented in the README). Written with
    /// FlagModel's serializer: `JSONSerialization` with sorted keys spends most of a large
    /// scan's output time sorting `AnyHashable` keys. Flags are written one at a time, so
    /// the whole document never exists as a tree: at 100,000 cells that tree was the
    /// largest thing the scan held.
    public static func json(_ result: ScanResult) -> String {
        var text: [UInt8] = []
        text.reserveCapacity(4096 + result.snapshot.rows.reduce(0) { $0 + 400 + 330 * $1.cells.count })
        writeJSON(result) { text.append(contentsOf: $0) }
        return String(decoding: text, as: UTF8.self)
    }

    /// The JSON document in pieces of about `chunkSize` bytes, handed to `write` as they
    /// fill: a scan of 100,000 cells writes 30 MB of JSON, which held whole (and copied into
    /// a String and then Data) was the largest single thing in the scan's peak memory.
    public static func writeJSON(_ result: ScanResult, chunkSize: Int = 1 << 16,
                                 codeReferences: [FlagID: FlagCodeReferences]? = nil, _ write: ([UInt8]) -> Void) {
        var dates = DateStrings()
        var top: [(String, JSONValue)] = [
            ("scannedAt", .string(isoString(result.scannedAt))),
            ("asOf", .string(isoString(result.snapshot.asOf))),
            ("complete", .bool(result.errors.isEmpty)),
            ("errors", .array(result.errors.map(errorObject))),
            ("flags", .null),  // streamed below
        ]
        // Only for discovered fleets (organization / sso): account counts.
        if let discovery = result.discovery { top.append(("discovery", discoveryObject(discovery))) }
        // Only when some Freeform profile held no flags: which, and why.
        if !result.skippedProfiles.isEmpty {
            top.append(("skippedProfiles", .array(result.skippedProfiles.map(skippedObject))))
        }

        var out: [UInt8] = []
        out.reserveCapacity(chunkSize + 4096)
        func flushIfFull() {
            guard out.count >= chunkSize else { return }
            write(out)
            out.removeAll(keepingCapacity: true)
        }
        out.append(UInt8(ascii: "{"))
        for (i, (key, value)) in top.sorted(by: { $0.0 < $1.0 }).enumerated() {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONSerializer.appendNewline(to: &out, indent: 1)
            JSONSerializer.append(string: key, to: &out)
            out.append(contentsOf: ": ".utf8)
            guard key == "flags" else {
                JSONSerializer.append(value, to: &out, pretty: true, indent: 1)
                continue
            }
            out.append(UInt8(ascii: "["))
            for (j, row) in result.snapshot.rows.enumerated() {
                if j > 0 { out.append(UInt8(ascii: ",")) }
                JSONSerializer.appendNewline(to: &out, indent: 2)
                JSONSerializer.append(flagObject(row, &dates, codeReferences: codeReferences?[row.flag]), to: &out,
                                      pretty: true, indent: 2)
                flushIfFull()
            }
            if !result.snapshot.rows.isEmpty { JSONSerializer.appendNewline(to: &out, indent: 1) }
            out.append(UInt8(ascii: "]"))
        }
        JSONSerializer.appendNewline(to: &out, indent: 0)
        out.append(contentsOf: "}\n".utf8)
        write(out)
    }

    static func flagObject(_ row: FlagRow, _ dates: inout DateStrings, codeReferences: FlagCodeReferences? = nil) -> JSONValue {
        var members: [(String, JSONValue)] = [
            ("application", .string(row.flag.application)),
            ("profile", .string(row.flag.profile)),
            ("key", .string(row.flag.key)),
            ("dialect", .string((row.definition?.dialect ?? .appconfig).rawValue)),
            ("name", row.definition?.name.map { .string($0) } ?? .null),
            ("shortTerm", .bool(row.definition?.deprecation?.status == "planned")),
            ("deprecationDate", row.definition?.deprecation?.date.map { .string($0) } ?? .null),
            ("verdicts", .array(row.verdicts.map { .string(verdictName($0.kind)) })),
            ("reasons", strings(row.verdicts.map(\.reason))),
            ("complete", .bool(row.isComplete)),
            ("environments", .array(row.cells.map { environmentObject($0, &dates) })),
        ]
        if !row.isComplete { members.append(("unreadable", .array(row.unreadable.map(partObject)))) }
        if !row.deprecationDates.isEmpty { members.append(("deprecationDates", strings(row.deprecationDates))) }
        if !row.notes.isEmpty { members.append(("notes", strings(row.notes))) }
        if !row.problems.isEmpty { members.append(("problems", strings(row.problems))) }
        if let refs = codeReferences { members.append(("codeReferences", codeReferencesObject(refs, &dates))) }
        return object(members)
    }

    /// `{"count": N, "files": [{"repository", "path", "line"}], "scannedAt"}` (issue 16).
    static func codeReferencesObject(_ refs: FlagCodeReferences, _ dates: inout DateStrings) -> JSONValue {
        let files = refs.references.map {
            object([("repository", .string($0.repository)), ("path", .string($0.path)), ("line", .number(JSONNumber($0.line)))])
        }
        return object([("count", .number(JSONNumber(refs.count))), ("files", .array(files)),
                       ("scannedAt", refs.scannedAt.map { .string(dates($0)) } ?? .null)])
    }

    static func errorObject(_ error: ScanError) -> JSONValue {
        var members: [(String, JSONValue)] = [("account", .string(error.account)), ("region", .string(error.region)),
                                              ("message", .string(error.message))]
        if let id = error.accountId { members.append(("accountId", .string(id))) }
        if let application = error.application { members.append(("application", .string(application))) }
        if let environment = error.environment { members.append(("environment", .string(environment))) }
        return object(members)
    }

    static func skippedObject(_ skipped: SkippedProfile) -> JSONValue {
        object([("account", .string(skipped.account)), ("region", .string(skipped.region)),
                ("application", .string(skipped.application)), ("profile", .string(skipped.profile)),
                ("reason", .string(skipped.reason))])
    }

    static func discoveryObject(_ summary: DiscoverySummary) -> JSONValue {
        object([("discovered", .number(JSONNumber(summary.discovered))), ("scanned", .number(JSONNumber(summary.scanned))),
                ("unreadable", .number(JSONNumber(summary.unreadable)))])
    }

    /// One line per flag and environment, so spreadsheets can pivot it.
    public static func csv(_ result: ScanResult) -> String {
        var dates = DateStrings()
        var lines = ["application,profile,key,name,verdicts,complete,account,account_id,region,environment,state,since,version,rolling_out_percent,baking,pending,last_read_at"]
        for row in result.snapshot.rows {
            let verdicts = row.verdicts.map { verdictName($0.kind) }.joined(separator: ";")
            let cells: [FlagCell?] = row.cells.isEmpty ? [nil] : row.cells
            for cell in cells {
                let fields: [String] = [
                    row.flag.application, row.flag.profile, row.flag.key, row.definition?.name ?? "", verdicts,
                    row.isComplete ? "true" : "false", cell?.environment.accountName ?? "", cell?.environment.accountId ?? "", cell?.environment.region ?? "",
                    cell?.environment.environmentName ?? "", cell?.state.rawValue ?? "",
                    (cell?.since ?? cell?.stateSince).map { dates($0) } ?? "",
                    cell?.servedVersion.map(String.init) ?? "",
                    cell?.rollingOutPercent.map { String(Int($0.rounded())) } ?? "",
                    cell.map { $0.isBaking ? "true" : "false" } ?? "", cell.map { $0.isPending ? "true" : "false" } ?? "",
                    cell?.lastReadAt.map { dates($0) } ?? "",
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
        // Room for the " ?" of an incomplete flag, which would otherwise be cut off.
        let keyWidth = min(60, result.snapshot.rows.map { $0.flag.description.count + ($0.isComplete ? 0 : 2) }.max() ?? 4)
        lines.append(pad("FLAG", keyWidth) + "  " + pad("VERDICTS", 24) + "  ON/ENVS  REASON")
        for row in result.snapshot.rows {
            let verdicts = row.verdicts.map { verdictName($0.kind) }.joined(separator: ",")
            let fresh = row.cells.filter(\.isFresh)
            let on = fresh.filter { $0.state == .on }.count
            let exists = fresh.filter { $0.state != .absent }.count
            let reason = row.verdicts.first { $0.kind != .shortTerm }?.reason ?? row.verdicts.first?.reason
                ?? row.notes.first ?? ""
            let flag = row.flag.description + (row.isComplete ? "" : " ?")
            lines.append(pad(flag, keyWidth) + "  " + pad(verdicts, 24) + "  " + pad("\(on)/\(exists)", 7) + "  " + reason)
        }
        let counts = Dictionary(grouping: result.snapshot.rows.flatMap { $0.verdicts.map(\.kind) }, by: { $0 }).mapValues(\.count)
        lines.append("")
        lines.append("\(result.snapshot.rows.count) flags in \(result.snapshot.environments.count) environments; "
                     + VerdictKind.allCases.compactMap { kind in counts[kind].map { "\(verdictName(kind)) \($0)" } }.joined(separator: ", "))
        if let discovery = result.discovery {
            lines.append("accounts: \(discovery.discovered) discovered, \(discovery.scanned) scanned, "
                         + "\(discovery.unreadable) unreadable")
        }
        if !result.skippedProfiles.isEmpty {
            let n = result.skippedProfiles.count
            lines.append("\(n) Freeform profile\(n == 1 ? "" : "s") skipped: not Powertools feature flags (see `flagdeck doctor`)")
        }
        for environment in result.snapshot.environments {
            for problem in environment.problems { lines.append("warning: \(environment.id): \(problem)") }
        }
        for row in result.snapshot.rows {
            for problem in row.problems { lines.append("warning: \(row.flag): \(problem)") }
        }
        for error in result.errors {
            lines.append("error: \(error.part): \(error.message)")
        }
        if !result.errors.isEmpty {
            lines.append("incomplete: flags marked ? may live in a part that could not be read; their verdicts speak of the readable rest")
        }
        return lines.joined(separator: "\n") + "\n"
    }

    static func pad(_ text: String, _ width: Int) -> String {
        text.count >= width ? String(text.prefix(width)) : text + String(repeating: " ", count: width - text.count)
    }
}
