import FlagModel
import Foundation
import TerminalUI

/// The Review view: retirement candidates (stale, dead, overdue), oldest first, and
/// for the selected one its reasons and the five retirement rules as a checklist.
struct ReviewView {
    let state: AppState
    let now: Date

    static let rules = [
        "deployed to 100% (on everywhere) for the threshold",
        "stable: no changes, no rollbacks for the threshold",
        "positive customer feedback",
        "no refactors expected",
        "product no longer needs it",
    ]

    static func detailHeight(forInner height: Int) -> Int { height >= 20 ? 11 : (height >= 12 ? 8 : 0) }

    static func listHeight(_ state: AppState) -> Int {
        let inner = max(0, state.size.height - 4 - 2)
        return max(0, inner - detailHeight(forInner: inner) - 1)
    }

    func render(into buffer: inout CellBuffer, area: Rect) {
        let candidates = state.reviewCandidates()
        let inner = drawBox(&buffer, area, title: "Review(\(candidates.count)) — " + Self.subtitle(candidates, state))
        guard !inner.isEmpty else { return }
        guard state.result != nil else {
            buffer.put("No retirement candidates: no fleet scanned yet.", x: inner.x + 1, y: inner.y, style: CellStyle(.muted), clip: inner)
            return
        }
        let detailHeight = Self.detailHeight(forInner: inner.height)
        let parts = split(inner, .vertical, [.fill(1), .length(detailHeight)])
        let codeKnown = state.codeReferences != nil
        let columns = [TableColumn("FLAG", width: .fill(min: 24)), TableColumn("VERDICT", width: .fixed(13)),
                       TableColumn("AGE", width: .fixed(6), alignment: .right), TableColumn("RULES", width: .fixed(5))]
            + (codeKnown ? [TableColumn("CODE", width: .fixed(5), alignment: .right)] : []) + [
                       TableColumn("DECISION", width: .fixed(26)), TableColumn("REASON", width: .fill(min: 20))]
        let visible = max(0, parts[0].height - 1)
        let offset = ScrollWindow.offset(current: state.review.offset, selected: state.review.selected,
                                         visible: visible, count: candidates.count)
        let rows: [TableRow] = candidates[offset..<min(candidates.count, offset + visible)].map { row in
            let (badges, role) = CellGlyphs.badges(row)
            let reason = row.verdicts.first { [.overdue, .stale, .dead].contains($0.kind) }?.reason ?? ""
            // `?`: judged on the readable part of the fleet only (see the reason).
            let flag = (row.isComplete ? "" : "? ") + "\(row.flag.key) · \(row.flag.application)"
            return .cells([TableCell(flag, row.isComplete ? .text : .warning), TableCell(badges, role),
                           TableCell(CellGlyphs.days(from: FleetRows.age(row), to: now)),
                           TableCell("\(checklist(row).filter { $0 }.count)/5")]
                + (codeKnown ? [Self.codeCell(state.codeReferences(of: row.flag))] : []) + [
                           TableCell(state.decisions[row.flag]?.text ?? "—", state.decisions[row.flag]?.overdue == true ? .overdue : .text),
                           TableCell(reason, .muted)])
        }
        Table(columns: columns, rows: rows, selected: candidates.isEmpty ? nil : state.review.selected - offset,
              emptyMessage: "No retirement candidates. Nothing is stale, dead or overdue.")
            .render(into: &buffer, area: parts[0])
        guard detailHeight > 0, state.review.selected < candidates.count else { return }
        let row = candidates[state.review.selected]
        var lines: [StyledLine] = [StyledLine(String(repeating: "─", count: parts[1].width), .border)]
        for verdict in row.verdicts {
            lines.append(StyledLine(spans: [(DisplayWidth.fit(CellGlyphs.badge(verdict.kind), to: 9), CellGlyphs.role(of: verdict.kind)),
                                            (verdict.reason, .text)]))
        }
        if let decision = state.decisions[row.flag] {
            lines.append(StyledLine(spans: [("Decision ", .muted), (decision.text, decision.overdue ? .overdue : .ok)]))
        }
        if let refs = state.codeReferences(of: row.flag) {
            lines.append(refs.count > 0
                ? StyledLine(spans: [("Code     ", .muted), ("\(refs.count) reference\(refs.count == 1 ? "" : "s"): remove from code first  ", .warning),
                                     (refs.locations(), .muted)])
                : StyledLine(spans: [("Code     ", .muted), ("no references: ready to remove from AppConfig (R)", .ok)]))
        }
        let checks = checklist(row)
        for (i, rule) in Self.rules.enumerated() {
            let ticked = checks[i]
            let how = i < 2 ? "computed" : "press \(i + 1)"
            lines.append(StyledLine(spans: [(ticked ? "[x] " : "[ ] ", ticked ? .ok : .muted),
                                            ("\(i + 1). \(rule)", .text), ("  (\(how))", .muted)]))
        }
        for (i, line) in lines.prefix(parts[1].height).enumerated() {
            line.render(into: &buffer, x: parts[1].x, y: parts[1].y + i, clip: parts[1])
        }
    }

    /// What the list holds: with code references, how many must leave the code first.
    static func subtitle(_ candidates: [FlagRow], _ state: AppState) -> String {
        guard state.codeReferences != nil else { return "retirement candidates, oldest first" }
        let inCode = candidates.filter { (state.codeReferences(of: $0.flag)?.count ?? 0) > 0 }.count
        return "\(inCode) to remove from code first, \(candidates.count - inCode) ready to remove from AppConfig"
    }

    /// The CODE column: the number of references, `—` where no repository applies.
    static func codeCell(_ refs: FlagCodeReferences?) -> TableCell {
        guard let refs else { return TableCell("—", .muted) }
        return refs.count == 0 ? TableCell("0", .ok) : TableCell("\(refs.count)", .warning)
    }

    /// Rules 1–2 from the fleet's history, 3–5 from the user's ticks.
    func checklist(_ row: FlagRow) -> [Bool] {
        let rolledOut = row.has(.stale)
        let threshold = TimeInterval(state.result.map { _ in 30 } ?? 30) * 86_400
        let since = FleetRows.age(row)
        let quietLongEnough = since.map { now.timeIntervalSince($0) >= threshold } ?? false
        let windowStart = now.addingTimeInterval(-threshold)
        let rollbacks = (state.result?.deployments ?? []).contains { record in
            record.environment.applicationName == row.flag.application && record.profileName == row.flag.profile
                && (record.state == .rolledBack || record.state == .reverted) && record.time >= windowStart
        }
        let ticks = state.ticks[row.flag] ?? state.decisions[row.flag]?.checklist ?? []
        return [rolledOut, quietLongEnough && !rollbacks, ticks.contains(3), ticks.contains(4), ticks.contains(5)]
    }
}
