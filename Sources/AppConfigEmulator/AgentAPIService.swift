import FlagModel
import Foundation

/// The AppConfig Agent's local HTTP API (the Agent on EC2/ECS/EKS and the Lambda extension,
/// port 2772 there), unsigned:
///
///     GET /applications/{app}/environments/{env}/configurations/{profile}[?flag=K&flag=K2]
///     Context: key=value[,key=value]   (repeatable header)
///
/// Like the real Agent it is one AppConfigData client per configuration for one account
/// and region: it starts a session, polls it at most every `pollInterval` seconds of
/// virtual time (on demand rather than in the background), and answers from that cache.
/// So a deployment reaches its readers one poll interval after it reaches the Agent's
/// session, and the Agent counts as one client in a gradual deployment.
final class AgentAPIService: @unchecked Sendable {
    let core: EmulatorCore
    let accountId: String
    let region: String
    let pollInterval: TimeInterval

    private struct Cached {
        var target: ConfigurationTarget
        var token: String
        var served: ServedVersion?
        var fetchedAt: Date?
    }

    private let lock = NSLock()
    private var cache: [String: Cached] = [:]

    init(core: EmulatorCore, accountId: String, region: String, pollInterval: TimeInterval) {
        self.core = core
        self.accountId = accountId
        self.region = region
        self.pollInterval = pollInterval
    }

    struct Failure: Error { var status: Int; var message: String }

    func handle(_ r: ReceivedRequest) async -> WireResponse {
        do {
            return try answer(r)
        } catch let f as Failure {
            return Self.text(f.message, status: f.status)
        } catch let e as APIError {
            return Self.text("\(e.code): \(e.message)", status: e.status)
        } catch {
            return Self.text("internal error: \(error)", status: 500)
        }
    }

    private func answer(_ r: ReceivedRequest) throws -> WireResponse {
        let s = AppConfigRoutes.segments(r.rawPath)
        guard s.count == 6, s[0] == "applications", s[2] == "environments", s[4] == "configurations" else {
            throw Failure(status: 404, message: "Not found: the Agent API answers GET /applications/{application}/environments/{environment}/configurations/{configuration}")
        }
        guard r.method.uppercased() == "GET" else { throw Failure(status: 405, message: "Method \(r.method) not allowed: the Agent API answers GET only") }
        let now = core.clock.now()
        let served = try current(application: s[1], environment: s[3], profile: s[5], now: now)
        let flags = r.queryItems.filter { $0.name == "flag" }.map(\.value)
        let context = try Self.context(r.headers.filter { $0.0 == "context" }.map(\.1))
        var headers = [("Configuration-Version", String(served.versionNumber)), ("Content-Type", AppConfigDataService.contentType(served))]
        if let label = served.versionLabel { headers.append(("Version-Label", label)) }
        guard served.profileType == ProfileType.featureFlags else {
            if !flags.isEmpty { throw Failure(status: 400, message: "The flag parameter applies to AWS.AppConfig.FeatureFlags configurations only") }
            return WireResponse(status: 200, headers: headers, body: Array(served.content))
        }
        let body: JSONValue
        do {
            body = try RetrievalFormat.evaluated(served.content, only: flags, context: context, now: now, splitBucket: Self.splitBucket)
        } catch let failure as RetrievalFormat.Failure {
            throw Failure(status: 400, message: failure.message)
        }
        return WireResponse(status: 200, headers: headers, body: Array(body.serialized(pretty: false).utf8))
    }

    /// The cached version of a configuration, polled again once `pollInterval` has passed.
    /// A session whose token the data plane no longer takes (a day without requests, an
    /// emulator reset) is replaced by a new one, as the real Agent's would be.
    private func current(application: String, environment: String, profile: String, now: Date) throws -> ServedVersion {
        let key = [application, environment, profile].joined(separator: "\u{0}")
        let scope = Scope(accountId: accountId, region: region, now: now)
        return try lock.withLock {
            if let cached = cache[key], let served = cached.served, let at = cached.fetchedAt,
               now.timeIntervalSince(at) < pollInterval, now >= at {
                return served
            }
            do {
                return try pollLocked(key: key, application: application, environment: environment, profile: profile, scope: scope)
            } catch let e as APIError where e.code == "BadRequestException" && cache[key] != nil {
                cache[key] = nil
                return try pollLocked(key: key, application: application, environment: environment, profile: profile, scope: scope)
            }
        }
    }

    /// One GetLatestConfiguration on the configuration's session (started first if needed).
    private func pollLocked(key: String, application: String, environment: String, profile: String, scope: Scope) throws -> ServedVersion {
        var entry: Cached
        if let cached = cache[key] {
            entry = cached
        } else {
            let target: ConfigurationTarget
            do {
                target = try core.engine.resolveConfiguration(scope, application: application, environment: environment, profile: profile)
            } catch let e as APIError {
                throw Failure(status: 404, message: "\(e.message) in account \(accountId), region \(region)")
            }
            core.stats.record(operation: "StartConfigurationSession", accountId: accountId)
            let token = core.dataPlane.start(target: target, accountId: accountId, region: region, minimumPollSeconds: nil, now: scope.now)
            entry = Cached(target: target, token: token)
            cache[key] = entry
        }
        core.stats.record(operation: "GetLatestConfiguration", accountId: accountId)
        let poll = try core.dataPlane.poll(token: entry.token, accountId: accountId, region: region, now: scope.now) { session in
            let t = session.target
            guard let v = try core.engine.servedVersion(scope, applicationId: t.applicationId, environmentId: t.environmentId,
                                                        profileId: t.profileId, bucket: session.bucket) else {
                throw Failure(status: 404, message: "Configuration \(t.names) has not been deployed")
            }
            return v
        }
        entry.token = poll.nextToken
        entry.served = poll.served
        entry.fetchedAt = scope.now
        cache[key] = entry
        return poll.served
    }

    /// `Context` headers: `key=value` pairs, comma-separated and/or one header each, as the
    /// Agent's documentation shows. A value is typed as the evaluation preview types it (a
    /// number, true/false or JSON when it reads as one, else a string).
    static func context(_ headers: [String]) throws -> [String: JSONValue] {
        var context: [String: JSONValue] = [:]
        for pair in headers.flatMap({ $0.split(separator: ",") }) {
            let text = pair.trimmingCharacters(in: .whitespaces)
            if text.isEmpty { continue }
            guard let eq = text.firstIndex(of: "="), eq != text.startIndex else {
                throw Failure(status: 400, message: "Context header: expected key=value, got \"\(text)\"")
            }
            let key = text[..<eq].trimmingCharacters(in: .whitespaces)
            guard context[key] == nil else { throw Failure(status: 400, message: "Context header: key \"\(key)\" is given twice") }
            context[key] = EvaluationContext.value(text[text.index(after: eq)...].trimmingCharacters(in: .whitespaces))
        }
        return context
    }

    /// The emulator's stand-in for AppConfig's unpublished `split` hash: stable per value,
    /// uniform, so percentages hold; which values land in a split differs from AWS.
    static let splitBucket: SplitBucket = { value in
        RolloutBucket.of(value.stringValue ?? value.serialized(pretty: false))
    }

    static func text(_ message: String, status: Int) -> WireResponse {
        WireResponse(status: status, headers: [("Content-Type", "text/plain; charset=utf-8")], body: Array((message + "\n").utf8))
    }
}
