import Foundation

/// The minutes as Markdown, to paste into the meeting's page.
public enum ReportMarkdown {
    public static func render(_ r: ReviewReport) -> String {
        var out: [String] = ["# Flag review — \(r.date)", ""]
        out.append("Snapshot scanned \(r.scan.scannedAt) (verdicts as of \(r.scan.asOf)): \(r.scan.flags) flags in "
                   + "\(r.scan.accounts) \(plural(r.scan.accounts, "account")), \(r.scan.environments) \(plural(r.scan.environments, "environment")).")
        if !r.scan.failures.isEmpty {
            out += ["", "**Incomplete.** Not readable in this scan, so flags that may live there are judged on the readable "
                    + "rest only (their reasons say \"readable\"):"]
            out += r.scan.failures.map { "- \(inline($0))" }
        }

        out += ["", "## Summary", "", "| verdict | flags |", "|---|--:|"]
        out += r.verdictCounts.map { "| \($0.verdict) | \($0.flags) |" }
        out += ["| **open candidates** | **\(r.openCandidates)** |",
                "| held back by snooze / keep-until | \(r.heldBack.count) |",
                "| overdue retirements | \(r.overdueRetirements.count) |"]
        out += groupTable("application", r.applications)
        out += groupTable("account", r.accounts)

        out += ["", "## Candidates", ""]
        out += candidateTable(r.candidates, empty: "No open candidates.")
        if !r.heldBack.isEmpty {
            out += ["", "Held back until their date:", ""]
            out += candidateTable(r.heldBack, empty: "")
        }

        out += ["", "## Decisions", ""]
        if r.decisions.isEmpty {
            out.append("No decisions recorded.")
        } else {
            out += ["| flag | decision | status | rules 3–5 | note | by | on |", "|---|---|---|---|---|---|---|"]
            out += r.decisions.map { d in
                let rules = d.checklist.isEmpty ? "—" : d.checklist.map(String.init).joined(separator: ", ")
                let history = d.superseded > 0 ? " (\(d.superseded) earlier)" : ""
                return "| \(code(d.flag)) | \(cell(d.badge))\(history) | \(d.status) | \(rules) | \(cell(d.note ?? "")) | "
                    + "\(cell(d.author)) | \(String(d.createdAt.prefix(10))) |"
            }
        }

        out += ["", "## Overdue retirements", ""]
        if r.overdueRetirements.isEmpty {
            out.append("None.")
        } else {
            out += ["| flag | owner | target date | days overdue |", "|---|---|---|--:|"]
            out += r.overdueRetirements.map { "| \(code($0.flag)) | \(cell($0.owner ?? "—")) | \($0.targetDate) | \($0.daysOverdue) |" }
        }

        out += ["", "## Retired this period", ""]
        if r.retired.isEmpty {
            out.append("None.")
        } else {
            out += ["| flag | by | on | note |", "|---|---|---|---|"]
            out += r.retired.map { "| \(code($0.flag)) | \(cell($0.by)) | \($0.on) | \(cell($0.note ?? "—")) |" }
        }

        out += changes(r.sinceLastReview)

        out += ["", "## Short-term flags by age", "",
                "Days served in the current state somewhere (a lower bound of each flag's age).", "", "```"]
        let width = r.shortTermAges.map(\.label.count).max() ?? 0
        let most = r.shortTermAges.map(\.flags).max() ?? 0
        out += r.shortTermAges.map { b in
            let label = String(repeating: " ", count: width - b.label.count) + b.label
            return "\(label) │ \(bar(b.flags, most: most))\(b.flags > 0 ? " " : "")\(b.flags)"
        }
        out.append("```")
        return out.joined(separator: "\n") + "\n"
    }

    static let barWidth = 40

    /// One block per flag up to `barWidth`, scaled beyond; any flag shows at least one block.
    static func bar(_ n: Int, most: Int) -> String {
        guard n > 0 else { return "" }
        let blocks = most <= barWidth ? n : max(1, (n * barWidth + most - 1) / most)
        return String(repeating: "█", count: blocks)
    }

    static func groupTable(_ title: String, _ groups: [ReviewReport.GroupCount]) -> [String] {
        let kinds = ["short-term", "overdue", "stale", "dead", "drift", "permanent"]
        var out = ["", "| \(title) | flags | candidates | " + kinds.joined(separator: " | ") + " |",
                   "|---|--:|--:|" + String(repeating: "--:|", count: kinds.count)]
        out += groups.map { g in
            "| \(cell(g.name)) | \(g.flags) | \(g.candidates) | " + kinds.map { String(g.verdicts[$0] ?? 0) }.joined(separator: " | ") + " |"
        }
        return out
    }

    static func candidateTable(_ list: [ReviewReport.Candidate], empty: String) -> [String] {
        guard !list.isEmpty else { return [empty] }
        var out = ["| flag | why | unchanged | decision |", "|---|---|--:|---|"]
        out += list.map { c in
            let why = zip(c.verdicts, c.reasons).map { "\($0): \($1)" }.joined(separator: "; ")
            return "| \(code(c.flag)) | \(cell(why)) | \(c.daysUnchanged.map { "\($0) days" } ?? "?") | \(cell(c.decision ?? "—")) |"
        }
        return out
    }

    static func changes(_ c: ReviewReport.Changes) -> [String] {
        var out = ["", "## Since \(c.baseline)", ""]
        if let why = c.unavailable {
            out.append("Nothing to compare: \(why).")
            return out
        }
        if let at = c.baselineScannedAt { out += ["Compared with the snapshot scanned \(at).", ""] }
        func list(_ title: String, _ items: [String]) -> [String] {
            items.isEmpty ? ["- \(title): none"] : ["- \(title) (\(items.count)):"] + items.map { "  - \($0)" }
        }
        out += list("New flags", c.newFlags.map(code))
        out += list("Removed flags", c.removedFlags.map(code))
        out += list("New candidates", c.newCandidates.map { "\(code($0.flag)) — \(inline($0.reasons.joined(separator: "; ")))" })
        out += list("No longer candidates", c.resolvedCandidates.map(code))
        return out
    }

    static func plural(_ n: Int, _ word: String) -> String { n == 1 ? word : word + "s" }

    static func code(_ s: String) -> String { "`" + s.replacingOccurrences(of: "`", with: "'") + "`" }

    /// Text inside a table cell: a `|` would end the cell and a newline the row.
    static func cell(_ s: String) -> String { inline(s).replacingOccurrences(of: "|", with: "\\|") }

    static func inline(_ s: String) -> String {
        s.replacingOccurrences(of: "\r\n", with: " ").replacingOccurrences(of: "\n", with: " ").replacingOccurrences(of: "\r", with: " ")
    }
}
