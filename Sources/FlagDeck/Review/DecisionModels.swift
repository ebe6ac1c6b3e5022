import FlagModel
import Foundation
import TerminalUI

/// What the UI knows of a flag's review decision (from the store, via the effect handler).
public struct DecisionInfo: Hashable, Sendable {
    /// Badge text: `retire → alice by 2026-12-31`, `keep until 2027-03-01`, `permanent`, `snoozed until …`.
    public var text: String
    /// Retirement date passed with the flag still present.
    public var overdue: Bool
    /// Snoozed or kept: hidden from the candidates until its date.
    public var exempt: Bool
    /// Oldest first: `2026-11-21 alice: retire → bob by 2026-12-31 — note`.
    public var history: [String]
    /// Rules 3–5 ticked in the current decision.
    public var checklist: Set<Int>

    public init(text: String, overdue: Bool, exempt: Bool, history: [String], checklist: Set<Int>) {
        self.text = text
        self.overdue = overdue
        self.exempt = exempt
        self.history = history
        self.checklist = checklist
    }
}

public enum DecisionChoice: String, Hashable, Sendable, CaseIterable {
    case retire, keepUntil = "keep until", permanent, snooze, note

    /// The form fields each decision asks for.
    var fields: [String] {
        switch self {
        case .retire: return ["Owner", "Retire by (YYYY-MM-DD)", "Note"]
        case .keepUntil: return ["Keep until (YYYY-MM-DD)", "Note"]
        case .permanent: return ["Note (why it stays: kill switch, operational…)"]
        case .snooze: return ["Snooze for days", "Note"]
        case .note: return ["Note"]
        }
    }
}

/// A decision as submitted from the form, for the effect handler to validate and store.
public struct DecisionRequest: Hashable, Sendable {
    public var flag: FlagID
    public var choice: DecisionChoice
    /// Field values in `choice.fields` order.
    public var values: [String]
    public var ticks: Set<Int>

    public func value(_ label: String) -> String? {
        guard let i = choice.fields.firstIndex(where: { $0.hasPrefix(label) }), i < values.count else { return nil }
        let v = values[i].trimmingCharacters(in: .whitespaces)
        return v.isEmpty ? nil : v
    }
}

/// The decision form over the Review view.
public struct DecisionForm: Hashable, Sendable {
    public var flag: FlagID
    public var choice: DecisionChoice
    public var inputs: [TextInput]
    public var focus = 0

    public init(flag: FlagID, choice: DecisionChoice, prefill: [String] = []) {
        self.flag = flag
        self.choice = choice
        inputs = choice.fields.indices.map { TextInput($0 < prefill.count ? prefill[$0] : "") }
    }
}
