import FlagModel
import FleetStore
import Foundation

/// A decision as the UI shows it next to a flag, e.g. `retire → alice by 2026-12-31`.
public struct DecisionBadge: Sendable, Hashable, Codable, CustomStringConvertible {
    public enum State: String, Sendable, Hashable, Codable {
        /// In force.
        case active
        /// A retirement whose target day has passed.
        case overdue
        /// A snooze or keep-until whose day has come: the flag is up for review again.
        case expired
        /// A retirement carried out: the flag left the fleet.
        case done
    }

    public var text: String
    public var state: State

    public var description: String { text }

    public init(text: String, state: State) {
        self.text = text
        self.state = state
    }

    /// `flagPresent: false` for a flag no longer in the fleet: a retirement is then done, not overdue.
    public init(_ d: ReviewDecision, on day: ReviewDay, flagPresent: Bool = true) {
        let target = d.targetDate.flatMap(ReviewDay.init)
        switch d.kind {
        case .retire:
            let who = d.owner.map { " → \($0)" } ?? ""
            let by = d.targetDate.map { " by \($0)" } ?? ""
            if !flagPresent {
                self.init(text: "retired\(who)\(by)", state: .done)
            } else if let target, target < day {
                self.init(text: "retire\(who)\(by) (overdue)", state: .overdue)
            } else {
                self.init(text: "retire\(who)\(by)", state: .active)
            }
        case .keepUntil:
            let until = d.targetDate ?? "?"
            if let target, target <= day {
                self.init(text: "keep until \(until) (review again)", state: .expired)
            } else {
                self.init(text: "keep until \(until)", state: .active)
            }
        case .permanent:
            self.init(text: "permanent", state: .active)
        case .snooze:
            let until = d.targetDate ?? "?"
            if let target, target <= day {
                self.init(text: "snooze ended \(until)", state: .expired)
            } else {
                self.init(text: "snoozed until \(until)", state: .active)
            }
        case .retired:
            self.init(text: "retired \(UTCDate.format(d.createdAt)) by \(d.author)", state: .done)
        }
    }
}

extension DecisionBook {
    /// The badge of a flag's current decision, or nil when it has none.
    public func badge(_ flag: FlagID, on day: ReviewDay) -> DecisionBadge? {
        current(flag).map { DecisionBadge($0, on: day) }
    }
}
