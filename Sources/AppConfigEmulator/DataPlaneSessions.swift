import FlagModel
import Foundation

/// AppConfigData's configuration sessions and their single-use tokens, in memory only (not
/// in `--state`: a restarted emulator forgets them, as if every token had expired).
///
/// A session follows one configuration for one caller (account, region). Each token is good
/// for one GetLatestConfiguration within 24 hours of virtual time; that call hands out the
/// next one. The session remembers which version it last returned, so an unchanged
/// configuration comes back as an empty body.
final class DataPlaneSessions: @unchecked Sendable {
    struct Session: Sendable {
        var id: String
        var accountId: String
        var region: String
        var target: ConfigurationTarget
        /// RequiredMinimumPollIntervalInSeconds; nil: not constrained.
        var minimumPollSeconds: Int?
        /// The version the last answer carried (nil before the first).
        var lastServed: Int?
        var lastPollAt: Date?

        /// The poll interval the session announces: the one it asked for, else AppConfig's 60 s.
        var pollInterval: Int { minimumPollSeconds ?? DataPlaneSessions.defaultPollSeconds }
        /// Where this session falls in a gradual deployment.
        var bucket: Double { RolloutBucket.of(id) }
    }

    struct Token: Sendable {
        var sessionId: String
        var issuedAt: Date
        var used = false
    }

    /// What one GetLatestConfiguration returns.
    struct Poll: Sendable {
        var served: ServedVersion
        /// False: the session already has this version (an empty body).
        var changed: Bool
        var nextToken: String
        var pollInterval: Int
    }

    static let tokenLifetime: TimeInterval = 24 * 3600
    static let defaultPollSeconds = 60

    private let lock = NSLock()
    private var sessions: [String: Session] = [:]
    private var tokens: [String: Token] = [:]
    private var lastPruned = Date.distantPast

    /// A new session and its InitialConfigurationToken.
    func start(target: ConfigurationTarget, accountId: String, region: String, minimumPollSeconds: Int?, now: Date) -> String {
        lock.withLock {
            pruneLocked(now: now)
            let session = Session(id: UUID().uuidString.lowercased(), accountId: accountId, region: region, target: target,
                                  minimumPollSeconds: minimumPollSeconds)
            sessions[session.id] = session
            return issueLocked(session.id, now: now)
        }
    }

    /// Redeems `token` for the configuration its session follows: `serve` says what the
    /// environment serves the session now. An error from `serve` leaves the token unused.
    func poll(token: String, accountId: String, region: String, now: Date,
              serve: (Session) throws -> ServedVersion) throws -> Poll {
        try lock.withLock {
            pruneLocked(now: now)
            guard let t = tokens[token], var session = sessions[t.sessionId],
                  session.accountId == accountId, session.region == region else {
                throw Self.invalidToken(.corrupted, "The configuration token is not one this service issued to this account and region")
            }
            if now.timeIntervalSince(t.issuedAt) > Self.tokenLifetime {
                throw Self.invalidToken(.expired, "The configuration token expired: tokens are valid for 24 hours")
            }
            if t.used {
                throw Self.invalidToken(.expired, "The configuration token was already used: pass the NextPollConfigurationToken of the previous response")
            }
            if let minimum = session.minimumPollSeconds, let last = session.lastPollAt, now.timeIntervalSince(last) < Double(minimum) {
                throw Self.invalidToken(.pollIntervalNotSatisfied,
                                        "Request too early: this session requires \(minimum) seconds between calls (RequiredMinimumPollIntervalInSeconds)")
            }
            let served = try serve(session)
            tokens[token]?.used = true
            let changed = session.lastServed != served.versionNumber
            session.lastServed = served.versionNumber
            session.lastPollAt = now
            sessions[session.id] = session
            return Poll(served: served, changed: changed, nextToken: issueLocked(session.id, now: now), pollInterval: session.pollInterval)
        }
    }

    var sessionCount: Int { lock.withLock { sessions.count } }

    /// Forgets every session and token (the world they followed was reset).
    func reset() {
        lock.withLock {
            sessions = [:]
            tokens = [:]
        }
    }

    // MARK: private

    private func issueLocked(_ sessionId: String, now: Date) -> String {
        var random = SystemRandomNumberGenerator()
        var token = ""
        repeat {
            token = "AYADe" + String((0..<96).map { _ in SplitMix64.secretChars[Int(random.next() % UInt64(SplitMix64.secretChars.count))] })
        } while tokens[token] != nil
        tokens[token] = Token(sessionId: sessionId, issuedAt: now)
        return token
    }

    /// Forgets tokens a day past their lifetime (kept until then so that a reused or expired
    /// token is told apart from a forged one) and sessions left without a token; at most once
    /// an hour of virtual time.
    private func pruneLocked(now: Date) {
        guard abs(now.timeIntervalSince(lastPruned)) > 3600 else { return }
        lastPruned = now
        tokens = tokens.filter { now.timeIntervalSince($0.value.issuedAt) <= 2 * Self.tokenLifetime }
        let live = Set(tokens.values.map(\.sessionId))
        sessions = sessions.filter { live.contains($0.key) }
    }

    enum Problem: String { case corrupted = "Corrupted", expired = "Expired", pollIntervalNotSatisfied = "PollIntervalNotSatisfied" }

    /// AppConfigData's BadRequestException for a token: Reason InvalidParameters, and the
    /// problem under Details.InvalidParameters.ConfigurationToken.
    static func invalidToken(_ problem: Problem, _ message: String) -> APIError {
        var e = APIError.badRequest(message)
        let detail: JSONValue = .object(JSONObject([.init(key: "Problem", value: .string(problem.rawValue))]))
        let parameters: JSONValue = .object(JSONObject([.init(key: "ConfigurationToken", value: detail)]))
        e.extra = [("Reason", "InvalidParameters"),
                   ("Details", .object(JSONObject([.init(key: "InvalidParameters", value: parameters)])))]
        return e
    }
}
