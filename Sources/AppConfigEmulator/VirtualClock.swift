import Foundation

/// The emulator's clock: a virtual "now" that runs `timeScale` times faster than real
/// time and can be set or advanced. Deployments and all timestamps follow it.
public final class VirtualClock: @unchecked Sendable {
    private let lock = NSLock()
    private var anchorVirtual: Date
    private var anchorReal: Date
    private var scale: Double
    private let realNow: @Sendable () -> Date

    /// `timeScale` 0 freezes the clock (handy in tests); 1 is real time.
    public init(now: Date = Date(), timeScale: Double = 1, realNow: @escaping @Sendable () -> Date = { Date() }) {
        self.realNow = realNow
        anchorVirtual = now
        anchorReal = realNow()
        scale = max(0, timeScale)
    }

    public var timeScale: Double {
        lock.withLock { scale }
    }

    public func now() -> Date {
        lock.withLock { nowLocked() }
    }

    private func nowLocked() -> Date {
        anchorVirtual.addingTimeInterval(realNow().timeIntervalSince(anchorReal) * scale)
    }

    public func set(_ date: Date) {
        lock.withLock {
            anchorVirtual = date
            anchorReal = realNow()
        }
    }

    public func advance(by seconds: TimeInterval) {
        lock.withLock {
            anchorVirtual = nowLocked().addingTimeInterval(seconds)
            anchorReal = realNow()
        }
    }

    public func setTimeScale(_ newScale: Double) {
        lock.withLock {
            anchorVirtual = nowLocked()
            anchorReal = realNow()
            scale = max(0, newScale)
        }
    }
}

/// ISO-8601 in the form AWS writes: UTC with milliseconds.
enum Timestamp {
    static func format(_ date: Date, fractional: Bool = true) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = fractional ? [.withInternetDateTime, .withFractionalSeconds] : [.withInternetDateTime]
        return f.string(from: date)
    }

    static func parse(_ text: String) -> Date? {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: text) { return d }
        f.formatOptions = [.withInternetDateTime]
        return f.date(from: text)
    }
}
