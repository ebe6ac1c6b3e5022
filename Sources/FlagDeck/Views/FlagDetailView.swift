import FlagModel
import Foundation
import TerminalUI

/// The Flag view: definition, verdicts, per-environment state and the flag's history.
struct FlagDetailView {
    let state: AppState
    let flag: FlagID
    let now: Date

    func lines(width: Int) -> [StyledLine] {
        guard let row = state.row(for: flag) else {
            return [StyledLine("\(flag) is no longer in the fleet (removed since the last scan).", .warning)]
        }
        var lines: [StyledLine] = []
        let definition = row.definition
        var heading: [(String, StyleRole)] = [(flag.key, .title)]
        if let name = definition?.name, !name.isEmpty { heading.append(("  \"\(name)\"", .text)) }
        lines.append(StyledLine(spans: heading))
        lines.append(StyledLine("\(flag.application) / \(flag.profile)", .muted))
        if let description = definition?.description, !description.isEmpty {
            lines.append(StyledLine(description, .text))
        }
        if let deprecation = definition?.deprecation {
            let dates = row.deprecationDates.isEmpty ? deprecation.date.map { ", date \($0)" } ?? ""
                : ", dates differ across accounts: " + row.deprecationDates.joined(separator: ", ")
            lines.append(StyledLine(spans: [("Deprecation: ", .muted), ("\(deprecation.status ?? "—")\(dates)", .shortTerm)]))
        }
        for problem in row.problems { lines.append(StyledLine("Problem: " + problem, .error)) }
        if !row.isComplete {
            lines.append(StyledLine("? incomplete: " + row.unreadable.map(\.description).joined(separator: ", ")
                                    + " unreadable; verdicts speak of the rest", .warning))
        }
        if definition?.isMultiVariant == true { lines.append(StyledLine("Multi-variant flag", .flagVariants)) }
        let environments = row.cells.filter { state.inScope($0.environment) }
        if definition?.isPowertools == true {
            lines += PowertoolsLines.lines(row, cells: environments, label: label)
        }
        let envWidth = min(44, max(20, environments.map { DisplayWidth.of(label($0.environment)) }.max() ?? 20)) + 1
        if let request = state.evaluation {
            lines.append(StyledLine(""))
            lines += EvaluationLines.lines(request, dialect: definition?.dialect ?? .appconfig, cells: environments,
                                           labelWidth: envWidth, label: label)
        }

        lines.append(StyledLine(""))
        lines.append(StyledLine("Verdicts", .helpSection))
        if row.verdicts.isEmpty { lines.append(StyledLine("  none: not a retirement candidate", .muted)) }
        for verdict in row.verdicts {
            lines.append(StyledLine(spans: [("  " + DisplayWidth.fit(CellGlyphs.badge(verdict.kind), to: 9), CellGlyphs.role(of: verdict.kind)),
                                            (verdict.reason, .text)]))
        }
        for note in row.notes { lines.append(StyledLine("  note     " + note, .muted)) }

        if let decision = state.decisions[flag] {
            lines.append(StyledLine(""))
            lines.append(StyledLine(spans: [("Review decision  ", .helpSection), (decision.text, decision.overdue ? .overdue : .ok)]))
            for entry in decision.history.suffix(5) { lines.append(StyledLine("  " + entry, .muted)) }
        }

        if let refs = state.codeReferences(of: flag) {
            lines.append(StyledLine(""))
            lines += CodeReferenceLines.lines(refs, now: now)
        }

        if let attributes = definition?.attributes, !attributes.isEmpty {
            lines.append(StyledLine(""))
            lines.append(StyledLine("Attributes", .helpSection))
            for attribute in attributes {
                lines.append(StyledLine(spans: [("  " + DisplayWidth.fit(attribute.name, to: 24), .text),
                                                (DisplayWidth.fit(attribute.type ?? "any", to: 10), .muted),
                                                (attribute.required ? "required" : "", .muted)]))
            }
        }

        let records = state.result?.deployments ?? []
        lines.append(StyledLine(""))
        lines.append(StyledLine(spans: [("Environments", .helpSection),
                                        (String(repeating: " ", count: max(1, envWidth + 2 - 12)) + "STATE   VERSION  SINCE       STRATEGY", .muted)]))
        for cell in environments {
            let (text, role) = CellGlyphs.text(cell, now: now)
            let last = records.first { $0.environment == cell.environment && $0.profileName == flag.profile }
            var spans: [(String, StyleRole)] = [
                ("  " + DisplayWidth.fit(label(cell.environment), to: envWidth), .text),
                (DisplayWidth.fit(text, to: 8), role),
                (DisplayWidth.fit(cell.servedVersion.map { "v\($0)" } ?? "—", to: 9), .text),
                (DisplayWidth.fit(CellGlyphs.day(cell.since ?? cell.stateSince) + (cell.sinceIsLowerBound ? "≤" : ""), to: 12), .text),
                (last?.strategyName ?? "—", .muted),
            ]
            if cell.isBaking {
                // Served to every client already; AppConfig rolls back if an alarm fires before the end.
                let end = cell.bakeEndsAt.map { " until " + (UTCDate.format($0) == UTCDate.format(now) ? String(UTCDate.formatMinute($0).suffix(5))
                                                                                                    : UTCDate.formatMinute($0)) + " UTC" }
                spans.append(("  baking" + (end ?? ""), .flagRolling))
            }
            if let percent = cell.rollingOutPercent, let version = cell.rollingOutVersion {
                spans.append(("  v\(version) rolling out, \(Int(percent.rounded()))% of clients", .flagRolling))
            }
            if let read = cell.lastReadAt {
                spans.append(("  unreadable now: last known, read \(RelativeTime.describe(from: read, to: now))", .muted))
            }
            if let pending = cell.pendingVersion { spans.append(("  v\(pending) pending", .flagPending)) }
            if let note = cell.note { spans.append(("  \(note)", .warning)) }
            lines.append(StyledLine(spans: spans))
        }

        // Timeline: the last 90 days, one bar per environment.
        let days = 90
        let start = now.addingTimeInterval(-Double(days) * 86_400)
        let barWidth = max(10, min(90, width - envWidth - 4))
        lines.append(StyledLine(""))
        lines.append(StyledLine(spans: [("Timeline", .helpSection),
                                        ("  last \(days) days: █ on  ▄ variants or value  ▁ off  (blank: absent)", .muted)]))
        lines.append(StyledLine(spans: [("  " + String(repeating: " ", count: envWidth), .muted),
                                        (DisplayWidth.fit(UTCDate.format(start), to: barWidth - 10) + UTCDate.format(now), .muted)]))
        for cell in environments {
            let changes = FlagTimeline.changes(of: flag, in: cell.environment, records: records)
            let bar = FlagTimeline.bar(changes, from: start, to: now, width: barWidth)
            lines.append(StyledLine(spans: [("  " + DisplayWidth.fit(label(cell.environment), to: envWidth), .text), (bar, .flagOn)]))
        }

        lines.append(StyledLine(""))
        lines.append(StyledLine("Changes (newest first)", .helpSection))
        let touching = records.filter { record in
            record.environment.applicationName == flag.application && record.profileName == flag.profile
                && state.inScope(record.environment) && record.changes.contains { $0.key == flag.key }
        }
        if touching.isEmpty { lines.append(StyledLine("  no deployment changed this flag", .muted)) }
        for record in touching.prefix(200) {
            let change = record.changes.first { $0.key == flag.key }!
            let known = AuditLog.attribution(of: record, in: state.auditTrail).event != nil
                || AuditLog.note(for: record, in: state.journalNotes) != nil
            var spans: [(String, StyleRole)] = [
                ("  " + AuditView.timestamp(record.time) + "  ", .muted),
                (DisplayWidth.fit(label(record.environment), to: envWidth) + " ", .text),
                (DisplayWidth.fit("v\(record.configurationVersion)", to: 5), .text),
                (DisplayWidth.fit(change.kind == .changed ? change.detail : change.kind.rawValue, to: 18) + " ", .text),
                (DisplayWidth.fit(AuditView.stateText(record), to: 12) + " ", AuditView.stateRole(record.state)),
            ]
            // Who, when CloudTrail (or flagdeck's journal) says, cut with "…" to what is left;
            // else the strategy has the room.
            let left = width - spans.reduce(0) { $0 + DisplayWidth.of($1.0) }
            spans.append(known ? (DisplayWidth.truncate("by " + AuditView.whoText(record, state), to: max(0, left)), .text)
                               : (record.strategyName, .muted))
            lines.append(StyledLine(spans: spans))
        }
        return lines
    }

    func label(_ environment: EnvironmentID) -> String {
        "\(environment.accountName)/\(environment.region)/\(environment.environmentName)"
    }

    func render(into buffer: inout CellBuffer, area: Rect) {
        let inner = drawBox(&buffer, area, title: "Flag \(flag)")
        guard !inner.isEmpty else { return }
        let all = lines(width: inner.width - 2)
        let start = min(state.detailScroll, max(0, all.count - inner.height))
        for (i, line) in all.dropFirst(start).prefix(inner.height).enumerated() {
            line.render(into: &buffer, x: inner.x + 1, y: inner.y + i, clip: inner)
        }
    }
}
