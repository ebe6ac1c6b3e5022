import Foundation

/// The CloudTrail event history of the emulated world: appended for every mutating
/// AppConfig call served (and for a seed's history), read by LookupEvents.
extension EmulatorEngine {
    @discardableResult
    func recordTrail(_ call: TrailCall) -> TrailRecord {
        lock.withLock {
            var r = world.random
            let id = [8, 4, 4, 4, 12].map { r.string(length: $0, alphabet: Self.hexDigits) }.joined(separator: "-")
            world.random = r
            let record = call.record(eventId: id)
            world.trail.append(record)
            return record
        }
    }

    func trailEvents(accountId: String, region: String) -> [TrailRecord] {
        lock.withLock { world.trail.filter { $0.accountId == accountId && $0.region == region } }
    }

    /// Every recorded event (tests, the admin endpoint).
    var trailCount: Int { lock.withLock { world.trail.count } }

    private static let hexDigits = Array("0123456789abcdef")
}
