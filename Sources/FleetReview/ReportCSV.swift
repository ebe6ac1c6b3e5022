import Foundation

/// The minutes as a spreadsheet: one line per flag that is in the fleet, left
/// it since the baseline, or has a decision.
public enum ReportCSV {
    static let header = ["flag", "application", "profile", "key", "status", "verdicts", "reasons", "days_unchanged",
                         "decision", "decision_status", "owner", "target_date", "note", "decided_by", "decided_at",
                         "since_last_review"]

    public static func render(_ r: ReviewReport) -> String {
        struct Line { var fields: [String: String] = [:] }
        var lines: [String: Line] = [:]
        func set(_ flag: String, _ column: String, _ value: String) {
            lines[flag, default: Line()].fields[column] = value
        }
        for (status, list) in [("candidate", r.candidates), ("held back", r.heldBack)] {
            for c in list {
                set(c.flag, "status", status)
                set(c.flag, "verdicts", c.verdicts.joined(separator: ";"))
                set(c.flag, "reasons", c.reasons.joined(separator: "; "))
                set(c.flag, "days_unchanged", c.daysUnchanged.map(String.init) ?? "")
            }
        }
        for d in r.decisions {
            set(d.flag, "decision", d.badge)
            set(d.flag, "decision_status", d.status)
            set(d.flag, "owner", d.owner ?? "")
            set(d.flag, "target_date", d.targetDate ?? "")
            set(d.flag, "note", d.note ?? "")
            set(d.flag, "decided_by", d.author)
            set(d.flag, "decided_at", d.createdAt)
        }
        for o in r.overdueRetirements { set(o.flag, "decision_status", "overdue") }
        let c = r.sinceLastReview
        for f in c.newFlags { set(f, "since_last_review", "new") }
        for f in c.removedFlags { set(f, "since_last_review", "removed") }
        for n in c.newCandidates {
            let was = lines[n.flag]?.fields["since_last_review"]
            set(n.flag, "since_last_review", was == "new" ? "new;new candidate" : "new candidate")
        }
        for f in c.resolvedCandidates where lines[f]?.fields["since_last_review"] == nil {
            set(f, "since_last_review", "no longer candidate")
        }

        var out = [header.joined(separator: ",")]
        for flag in lines.keys.sorted() {
            let parts = flag.split(separator: "/", maxSplits: 2, omittingEmptySubsequences: false).map(String.init)
            var fields = lines[flag]!.fields
            fields["flag"] = flag
            fields["application"] = parts.count == 3 ? parts[0] : ""
            fields["profile"] = parts.count == 3 ? parts[1] : ""
            fields["key"] = parts.count == 3 ? parts[2] : ""
            out.append(header.map { escape(fields[$0] ?? "") }.joined(separator: ","))
        }
        return out.joined(separator: "\n") + "\n"
    }

    /// RFC 4180, plus a leading quote against spreadsheet formula injection (as `flagdeck scan --format csv`).
    static func escape(_ field: String) -> String {
        var value = field
        if let first = value.first, "=+-@".contains(first) { value = "'" + value }
        if value.contains(where: { $0 == "," || $0 == "\"" || $0 == "\n" || $0 == "\r" }) {
            return "\"" + value.replacingOccurrences(of: "\"", with: "\"\"") + "\""
        }
        return value
    }
}
