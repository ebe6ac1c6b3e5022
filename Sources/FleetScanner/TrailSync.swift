import AWSCore
import FlagDeckConfig
import FlagModel
import FleetStore
import Foundation
import Logging

/// Reads AppConfig's writes from each account/region's CloudTrail event history into the
/// store, incrementally: only events newer than what was read last time (minus CloudTrail's
/// delivery delay, so a late event is not missed; stored events are kept once). Lookups are
/// paced to CloudTrail's two a second per account and region; throttles are retried by the
/// AWS client; an account/region that cannot be read (AccessDenied...) is recorded as such
/// and the others go on.
public struct TrailSync: Sendable {
    public struct Report: Sendable, Hashable {
        public var regionsRead = 0
        public var eventsRead = 0
        /// `account/region: why`.
        public var unreadable: [String] = []
        /// Records CloudTrail returned that are not AppConfig events flagdeck can read.
        public var unparseable = 0
    }

    public var configuration: FlagDeckConfiguration
    public var factory: AccountClientFactory
    public var store: FleetStore
    /// Account name → id (from the scan); an account without one is not looked up.
    public var accountIds: [String: String]
    public var concurrency = 16
    /// CloudTrail delivers most events within minutes, not guaranteed: each lookup reaches
    /// back this far before the last one's end.
    public var deliveryDelay: TimeInterval = 15 * 60
    public var pacer = LookupPacer()
    let logger = Logger(label: "flagdeck.cloudtrail")

    public init(configuration: FlagDeckConfiguration, factory: AccountClientFactory, store: FleetStore, accountIds: [String: String]) {
        self.configuration = configuration
        self.factory = factory
        self.store = store
        self.accountIds = accountIds
    }

    /// Account name → id as a scan found them: the accounts whose CloudTrail can be read.
    public static func accountIds(in result: ScanResult) -> [String: String] {
        Dictionary(result.snapshot.environments.map { ($0.id.accountName, $0.id.accountId) }, uniquingKeysWith: { a, _ in a })
    }

    /// CloudTrail's event history reaches 90 days back.
    public static let retention: TimeInterval = 90 * 86_400

    public func run(now: Date = Date()) async -> Report {
        let cursors = Dictionary(((try? await store.trailCursors()) ?? []).map { ("\($0.accountId)/\($0.region)", $0) },
                                 uniquingKeysWith: { a, _ in a })
        let limiter = AsyncLimiter(limit: concurrency)
        return await withTaskGroup(of: Report.self) { group in
            for account in configuration.accounts {
                guard let accountId = account.accountId ?? accountIds[account.name] else { continue }
                let aws: AWSClient
                do {
                    aws = try factory.aws(for: account)
                } catch {
                    group.addTask { [store] in
                        var r = Report()
                        for region in account.regions {
                            try? await store.markTrailUnreadable(accountId: accountId, region: region, message: "\(error)")
                            r.unreadable.append("\(account.name)/\(region): \(error)")
                        }
                        return r
                    }
                    continue
                }
                for region in account.regions {
                    let cursor = cursors["\(accountId)/\(region)"]
                    group.addTask {
                        (try? await limiter.run {
                            await read(account: account.name, accountId: accountId, region: region,
                                       client: CloudTrailClient(aws: aws, region: region), cursor: cursor, now: now)
                        }) ?? Report()
                    }
                }
            }
            var total = Report()
            for await r in group {
                total.regionsRead += r.regionsRead
                total.eventsRead += r.eventsRead
                total.unreadable += r.unreadable
                total.unparseable += r.unparseable
            }
            total.unreadable.sort()
            return total
        }
    }

    /// One account/region: every audited event name from the cursor to now.
    private func read(account: String, accountId: String, region: String, client: CloudTrailClient,
                      cursor: TrailCursor?, now: Date) async -> Report {
        var report = Report()
        let oldest = now.addingTimeInterval(-Self.retention)
        let start = max(oldest, (cursor?.readUntil ?? oldest).addingTimeInterval(-deliveryDelay))
        var events: [TrailEvent] = []
        do {
            for name in TrailEvent.auditedNames {
                var token: String?
                var seen: Set<String> = []
                repeat {
                    await pacer.wait(key: "\(accountId)/\(region)")
                    // No end time: up to CloudTrail's now, whatever this machine's clock says.
                    let page = try await client.lookupEvents(eventName: name, start: start, nextToken: token)
                    for e in page.events {
                        do {
                            events.append(try TrailEvent(cloudTrailEvent: e.cloudTrailEvent))
                        } catch {
                            report.unparseable += 1
                            logger.warning("\(account)/\(region): CloudTrail event \(e.eventId) skipped: \(error)")
                        }
                    }
                    token = page.nextToken
                    if let t = token, !seen.insert(t).inserted { break }  // a repeated token would page forever
                } while token != nil
            }
            let readUntil = max(now, events.map(\.time).max() ?? now)
            try await store.saveTrail(accountId: accountId, region: region, events: events, readUntil: readUntil)
            report.regionsRead = 1
            report.eventsRead = events.count
        } catch {
            // What was read is kept; the cursor stays, so the next lookup reads this window again.
            if !events.isEmpty, let readUntil = cursor?.readUntil {
                try? await store.saveTrail(accountId: accountId, region: region, events: events, readUntil: readUntil)
            }
            let why = Self.describe(error)
            try? await store.markTrailUnreadable(accountId: accountId, region: region, message: why)
            report.unreadable.append("\(account)/\(region): \(why)")
            logger.warning("CloudTrail of \(account)/\(region) not read: \(why)")
        }
        return report
    }

    static func describe(_ error: Error) -> String {
        if let e = error as? AWSError {
            if e.code.contains("AccessDenied") || e.code == "UnauthorizedOperation" || e.statusCode == 403 {
                return "AccessDenied: cloudtrail:LookupEvents not allowed"
            }
            return "\(e.code): \(e.message)"
        }
        return "\(error)"
    }
}

/// Spaces lookups of one account/region at least `interval` apart: CloudTrail allows two
/// LookupEvents a second per account and region, and answers more with throttling.
public actor LookupPacer {
    private var next: [String: ContinuousClock.Instant] = [:]
    public let interval: Duration

    public init(perSecond: Double = 2) { interval = .milliseconds(Int(1000 / perSecond)) }

    public func wait(key: String) async {
        let now = ContinuousClock.now
        let slot = max(now, next[key] ?? now)
        next[key] = slot + interval
        if slot > now { try? await Task.sleep(until: slot, clock: .continuous) }
    }
}
