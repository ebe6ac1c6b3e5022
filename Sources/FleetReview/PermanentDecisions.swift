import FlagModel
import Foundation

extension DecisionBook {
    /// The snapshot as if scanned with `RetirementPolicy.permanentKeys` set
    /// from these decisions: a snapshot stored before a flag was made permanent
    /// still carries its stale/dead/overdue verdicts, and the minutes must not.
    public func applyingPermanent(to snapshot: FleetSnapshot) -> FleetSnapshot {
        let permanent = permanentFlags
        guard !permanent.isEmpty else { return snapshot }
        var out = snapshot
        for i in out.rows.indices where permanent.contains(out.rows[i].flag) {
            var verdicts = out.rows[i].verdicts.filter { !Candidates.retirementKinds.contains($0.kind) }
            if !verdicts.contains(where: { $0.kind == .permanent }) {
                verdicts.append(Verdict(.permanent, "marked permanent in review"))
            }
            out.rows[i].verdicts = verdicts
        }
        return out
    }
}

extension FleetSnapshot {
    /// Every verdict judged again under `policy` (at `policy.asOf`), cells
    /// unchanged: today's thresholds and patterns over a stored scan.
    public func rejudged(policy: RetirementPolicy) -> FleetSnapshot {
        var out = self
        for i in out.rows.indices {
            let row = out.rows[i]
            out.rows[i].verdicts = Verdicts.judge(flag: row.flag, definition: row.definition, cells: row.cells, policy: policy)
        }
        return out
    }
}
