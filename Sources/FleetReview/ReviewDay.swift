import FlagModel
import Foundation

/// The UTC day a review judges decisions on. Decision dates are whole days
/// (`YYYY-MM-DD`), so every comparison happens on day numbers: the same
/// answer on every machine whatever its time zone.
public struct ReviewDay: Sendable, Hashable, Comparable, CustomStringConvertible {
    public let dayNumber: Int

    public init(dayNumber: Int) { self.dayNumber = dayNumber }
    public init(_ date: Date) { dayNumber = UTCDate.dayNumber(of: date) }
    public init?(_ text: String) {
        guard let n = UTCDate.dayNumber(of: text) else { return nil }
        dayNumber = n
    }

    public static func today(_ now: Date = Date()) -> ReviewDay { ReviewDay(now) }

    public func adding(days: Int) -> ReviewDay { ReviewDay(dayNumber: dayNumber + days) }

    /// `YYYY-MM-DD`.
    public var description: String { UTCDate.format(dayNumber: dayNumber) }

    /// Midnight UTC at the start of the day.
    public var start: Date { Date(timeIntervalSince1970: TimeInterval(dayNumber) * UTCDate.secondsPerDay) }

    public static func < (a: Self, b: Self) -> Bool { a.dayNumber < b.dayNumber }
}
