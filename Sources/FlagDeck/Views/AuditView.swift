import FlagModel
import Foundation
import TerminalUI

/// The Audit view: every deployment across the fleet, newest first, with the flags
/// each one changed against the version deployed before it.
struct AuditView {
    let state: AppState

    static let timestampFormat: DateFormatter = {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyy-MM-dd HH:mm"
        return f
    }()

    static func timestamp(_ date: Date) -> String { timestampFormat.string(from: date) }

    static func stateText(_ record: DeploymentRecord) -> String {
        switch record.state {
        case .deploying, .baking, .validating:
            return "\(record.state.rawValue) \(Int(record.percentageComplete.rounded()))%"
        default:
            return record.state.rawValue
        }
    }

    static func stateRole(_ state: DeploymentState) -> StyleRole {
        switch state {
        case .complete: return .ok
        case .rolledBack, .rollingBack, .reverted: return .error
        default: return .flagRolling
        }
    }

    static func detailHeight(forInner height: Int) -> Int { height >= 16 ? 7 : 0 }

    static func listHeight(_ state: AppState) -> Int {
        let inner = max(0, state.size.height - 4 - 2)
        return max(0, inner - detailHeight(forInner: inner) - 1)
    }

    func render(into buffer: inout CellBuffer, area: Rect) {
        if state.auditShowsJournal {
            renderJournal(into: &buffer, area: area)
            return
        }
        let records = state.auditRecords()
        let inner = drawBox(&buffer, area, title: "Audit(\(records.count)) — deployments, newest first" + (state.filterText.isEmpty ? "" : " /\(state.filterText)")
                                + Self.trailNotice(state))
        guard !inner.isEmpty else { return }
        guard state.result != nil else {
            buffer.put("No deployments: no fleet scanned yet.", x: inner.x + 1, y: inner.y, style: CellStyle(.muted), clip: inner)
            return
        }
        let detailHeight = Self.detailHeight(forInner: inner.height)
        let parts = split(inner, .vertical, [.fill(1), .length(detailHeight)])
        // WHERE first among the wide ones: at 3 a.m. where it happened matters most; the
        // detail pane below has every change and the full identity.
        let columns = [TableColumn("TIME (UTC)", width: .fixed(16)), TableColumn("WHERE", width: .fill(min: inner.width >= 110 ? 34 : 20)),
                       TableColumn("PROFILE", width: .fixed(13)), TableColumn("VER", width: .fixed(4), alignment: .right),
                       TableColumn("STATE", width: .fixed(13)), TableColumn("WHO", width: .fixed(24)),
                       TableColumn("CHANGES", width: .fill(min: 6))]
        let visible = max(0, parts[0].height - 1)
        let offset = ScrollWindow.offset(current: state.audit.offset, selected: state.audit.selected,
                                         visible: visible, count: records.count)
        let rows: [TableRow] = records[offset..<min(records.count, offset + visible)].map { record in
            let env = record.environment
            return .cells([TableCell(Self.timestamp(record.time), .muted),
                           TableCell("\(env.accountName)/\(env.region)/\(env.applicationName)/\(env.environmentName)"),
                           TableCell(record.profileName), TableCell("v\(record.configurationVersion)"),
                           TableCell(Self.stateText(record), Self.stateRole(record.state)),
                           TableCell(Self.whoText(record, state), Self.whoRole(record, state)),
                           TableCell(summary(record.changes))])
        }
        Table(columns: columns, rows: rows, selected: records.isEmpty ? nil : state.audit.selected - offset,
              emptyMessage: "No deployments in scope.").render(into: &buffer, area: parts[0])
        guard detailHeight > 0, state.audit.selected < records.count else { return }
        let record = records[state.audit.selected]
        var lines = [StyledLine(String(repeating: "─", count: parts[1].width), .border),
                     StyledLine(spans: [("#\(record.deploymentNumber) ", .muted), ("started \(Self.timestamp(record.startedAt))", .muted),
                                        (record.completedAt.map { ", ended \(Self.timestamp($0))" } ?? ", in progress", .muted),
                                        (", \(record.strategyName)", .muted),
                                        ("  \(record.description ?? "(no description)")", .text)])]
        lines += whoLines(record)
        for change in record.changes.prefix(parts[1].height) {
            lines.append(StyledLine("  " + change.description, change.stateAfter == .on ? .flagOn : .text))
        }
        for (i, line) in lines.prefix(parts[1].height).enumerated() {
            line.render(into: &buffer, x: parts[1].x, y: parts[1].y + i, clip: parts[1])
        }
    }

    /// The WHO cell: the CloudTrail identity, `flagdeck:` + the journal's actor when
    /// flagdeck made it and CloudTrail has not said yet.
    static func whoText(_ record: DeploymentRecord, _ state: AppState) -> String {
        let who = AuditLog.attribution(of: record, in: state.auditTrail)
        if case .found = who { return who.text }
        if let note = AuditLog.note(for: record, in: state.journalNotes) { return "flagdeck: \(note.actor)" }
        return who.text
    }

    static func whoRole(_ record: DeploymentRecord, _ state: AppState) -> StyleRole {
        switch AuditLog.attribution(of: record, in: state.auditTrail) {
        case .found: .text
        case .unreadable: .warning
        default: .muted
        }
    }

    /// "CloudTrail unreadable in payments-prod (AccessDenied…)": once per account, in the title.
    static func trailNotice(_ state: AppState) -> String {
        let trail = state.auditTrail
        if trail.status == .loading { return " — reading CloudTrail…" }
        guard !trail.gaps.isEmpty else { return "" }
        let names = Dictionary(state.result?.deployments.map { ($0.environment.accountId, $0.environment.accountName) } ?? [],
                               uniquingKeysWith: { a, _ in a })
        var seen: [String] = []
        for gap in trail.gaps where !seen.contains(names[gap.accountId] ?? gap.accountId) { seen.append(names[gap.accountId] ?? gap.accountId) }
        let why = trail.gaps[0].message.split(separator: ":").first.map(String.init) ?? trail.gaps[0].message
        return " — CloudTrail unreadable in \(seen.joined(separator: ", ")) (\(why))"
    }

    /// Who started, stopped, and created the version; flagdeck's reason.
    func whoLines(_ record: DeploymentRecord) -> [StyledLine] {
        var lines = [StyledLine(spans: [("  started by ", .muted), (AuditLog.attribution(of: record, in: state.auditTrail).explanation, .text)])]
        if let stop = state.auditTrail.stopped(record) {
            lines.append(StyledLine(spans: [("  stopped by ", .muted), ("\(stop.author.display) at \(Self.timestamp(stop.time))", .warning)]))
        }
        if let profileId = record.profileId,
           let created = state.auditTrail.created(accountId: record.environment.accountId, region: record.environment.region,
                                                  profileId: profileId, version: record.configurationVersion) {
            lines.append(StyledLine(spans: [("  v\(record.configurationVersion) created by ", .muted),
                                            ("\(created.author.display) at \(Self.timestamp(created.time))", .text)]))
        }
        if let note = AuditLog.note(for: record, in: state.journalNotes) {
            lines.append(StyledLine(spans: [("  flagdeck: ", .muted), ("\(note.actor) — \(note.reason ?? "(no reason)")", .text)]))
        }
        return lines
    }

    func summary(_ changes: [FlagChange]) -> String {
        guard !changes.isEmpty else { return "—" }
        if changes.count > 3 && changes.allSatisfy({ $0.kind == .added }) { return "\(changes.count) flags (first deployment)" }
        let shown = changes.prefix(2).map(\.description).joined(separator: "; ")
        return changes.count > 2 ? shown + "; +\(changes.count - 2) more" : shown
    }

    /// flagdeck's own actions: who, when, what, where, result.
    func renderJournal(into buffer: inout CellBuffer, area: Rect) {
        let entries = state.journal
        let inner = drawBox(&buffer, area, title: "Journal(\(entries.count)) — actions taken from flagdeck, newest first (J: deployments)")
        guard !inner.isEmpty else { return }
        let columns = [TableColumn("TIME (UTC)", width: .fixed(16)), TableColumn("WHO", width: .fixed(12)),
                       TableColumn("ACTION", width: .fixed(18)), TableColumn("WHERE / WHAT", width: .fill(min: 30)),
                       TableColumn("RESULT", width: .fill(min: 20))]
        let visible = max(0, inner.height - 1)
        let offset = ScrollWindow.offset(current: state.audit.offset, selected: state.audit.selected, visible: visible, count: entries.count)
        let rows: [TableRow] = entries[offset..<min(entries.count, offset + visible)].map { entry in
            .cells([TableCell(Self.timestamp(entry.at), .muted), TableCell(entry.actor), TableCell(entry.action),
                    TableCell(entry.target), TableCell(entry.result, entry.result.hasPrefix("started") || entry.result.hasPrefix("done") ? .ok : .warning)])
        }
        Table(columns: columns, rows: rows, selected: entries.isEmpty ? nil : state.audit.selected - offset,
              emptyMessage: "No actions taken from flagdeck yet.").render(into: &buffer, area: inner)
    }
}
