/// Powertools' `RuleAction` names, in its declaration order (which its error message lists).
enum PowertoolsRuleAction: String, CaseIterable, Sendable {
    case equals = "EQUALS"
    case notEquals = "NOT_EQUALS"
    case keyGreaterThanValue = "KEY_GREATER_THAN_VALUE"
    case keyGreaterThanOrEqualValue = "KEY_GREATER_THAN_OR_EQUAL_VALUE"
    case keyLessThanValue = "KEY_LESS_THAN_VALUE"
    case keyLessThanOrEqualValue = "KEY_LESS_THAN_OR_EQUAL_VALUE"
    case startsWith = "STARTSWITH"
    case endsWith = "ENDSWITH"
    case `in` = "IN"
    case notIn = "NOT_IN"
    case keyInValue = "KEY_IN_VALUE"
    case keyNotInValue = "KEY_NOT_IN_VALUE"
    case valueInKey = "VALUE_IN_KEY"
    case valueNotInKey = "VALUE_NOT_IN_KEY"
    case allInValue = "ALL_IN_VALUE"
    case anyInValue = "ANY_IN_VALUE"
    case noneInValue = "NONE_IN_VALUE"
    case scheduleBetweenTimeRange = "SCHEDULE_BETWEEN_TIME_RANGE"
    case scheduleBetweenDatetimeRange = "SCHEDULE_BETWEEN_DATETIME_RANGE"
    case scheduleBetweenDaysOfWeek = "SCHEDULE_BETWEEN_DAYS_OF_WEEK"
    case moduloRange = "MODULO_RANGE"

    static let namesList = allCases.map(\.rawValue).joined(separator: ", ")

    /// The time-based actions read the clock, never the context.
    var isSchedule: Bool {
        [.scheduleBetweenTimeRange, .scheduleBetweenDatetimeRange, .scheduleBetweenDaysOfWeek].contains(self)
    }
}

/// Day names Powertools accepts in DAYS. `TimeValues.days()` filters START/END/TIMEZONE out of
/// its enum but forgets DAYS, so "DAYS" is a valid (never matching) day.
enum PowertoolsDays {
    static let weekdays = ["MONDAY", "TUESDAY", "WEDNESDAY", "THURSDAY", "FRIDAY", "SATURDAY", "SUNDAY"]
    static let accepted: Set<String> = Set(weekdays + ["DAYS"])
}
