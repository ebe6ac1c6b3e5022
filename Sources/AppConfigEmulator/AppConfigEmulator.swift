import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// A local AppConfig control plane (with STS, Organizations, Account Management and the
/// Identity Center portal) for the demo, tests and benchmarks.
///
///     let emulator = try await AppConfigEmulator.start(seed: .demo)
///     // emulator.endpoint, emulator.accounts, emulator.clock …
///     try await emulator.stop()
public final class AppConfigEmulator: Sendable {
    /// `http://HOST:PORT`.
    public let endpoint: String
    public let host: String
    public let port: Int
    /// The virtual clock that drives deployments and timestamps.
    public let clock: VirtualClock
    /// The state engine (for direct, HTTP-less manipulation in tests).
    public let engine: EmulatorEngine
    /// True when the state was reloaded from `stateFile` (the seed was not applied).
    public let restoredFromState: Bool
    let core: EmulatorCore
    private let serviceGroup: ServiceGroup
    private let runTask: Task<Void, any Error>

    /// Every account with its fake emulator credentials.
    public var accounts: [EmulatorAccount] { engine.accounts }

    /// The organization the accounts form (synthetic seeds), nil otherwise.
    public var organization: EmulatorOrganization? { engine.organization }

    /// Starts the server and returns once it is listening.
    /// - Parameters:
    ///   - seed: initial contents (`.empty`, `.demo`, `.synthetic(...)`); ignored when `stateFile` exists.
    ///   - port: 0 picks a free port (see `port` / `endpoint`).
    ///   - timeScale: virtual seconds per real second (0 freezes the clock).
    ///   - now: the virtual "now" to start at (default: the real current time).
    ///   - credentials: extra accounts (`--credentials AKID:SECRET:ACCOUNT`).
    ///   - stateFile: persist to and reload from this file.
    ///   - handleSignals: stop gracefully on SIGINT/SIGTERM (the CLI).
    ///   - maxClockSkew: reject signatures whose X-Amz-Date is further than this from the
    ///     real wall clock, as AWS does (nil: accept any date, for clients with fake clocks).
    ///   - ssoPortal: the Identity Center user (`--sso-token`); the default refuses every token.
    public static func start(
        seed: EmulatorSeed = .empty, host: String = "127.0.0.1", port: Int = 0, timeScale: Double = 1,
        now: Date? = nil, credentials: [EmulatorAccount] = [], stateFile: String? = nil,
        handleSignals: Bool = false, maxClockSkew: TimeInterval? = 900, ssoPortal: SSOPortalConfig = SSOPortalConfig(),
        logger: Logger? = nil
    ) async throws -> AppConfigEmulator {
        var logger = logger ?? {
            var l = Logger(label: "flagdeck.emulator")
            l.logLevel = .warning
            return l
        }()
        if logger.logLevel > .warning { logger.logLevel = .warning }

        let persistence = stateFile.map(Persistence.init(path:))
        let engine: EmulatorEngine
        let clock: VirtualClock
        var restored = false
        if let persistence, let snapshot = try persistence.load() {
            engine = EmulatorEngine(world: snapshot.world)
            clock = VirtualClock(now: now ?? snapshot.clockNow, timeScale: timeScale)
            restored = true
        } else {
            let start = now ?? Date()
            engine = try Seeds.build(seed, now: start)
            clock = VirtualClock(now: start, timeScale: timeScale)
        }
        for c in credentials { engine.addAccount(c) }
        if engine.accounts.isEmpty { engine.addAccount(Seeds.defaultAccount) }

        let core = EmulatorCore(engine: engine, clock: clock, persistence: persistence,
                                verifier: SignatureVerifier(maxSkew: maxClockSkew ?? .infinity), ssoPortal: ssoPortal)
        let server = try await ListeningServer.start(host: host, port: port, handleSignals: handleSignals, logger: logger,
                                                     handle: { await core.handle($0) })
        core.persist()
        let shownHost = host.contains(":") ? "[\(host)]" : host
        return AppConfigEmulator(endpoint: "http://\(shownHost):\(server.port)", host: host, port: server.port, clock: clock,
                                 engine: engine, restoredFromState: restored, core: core, serviceGroup: server.group, runTask: server.task)
    }

    private init(endpoint: String, host: String, port: Int, clock: VirtualClock, engine: EmulatorEngine, restoredFromState: Bool,
                 core: EmulatorCore, serviceGroup: ServiceGroup, runTask: Task<Void, any Error>) {
        self.restoredFromState = restoredFromState
        self.endpoint = endpoint
        self.host = host
        self.port = port
        self.clock = clock
        self.engine = engine
        self.core = core
        self.serviceGroup = serviceGroup
        self.runTask = runTask
    }

    /// Graceful shutdown through the ServiceGroup; returns when the server has stopped.
    public func stop() async throws {
        await serviceGroup.triggerGracefulShutdown()
        try await waitUntilStopped()
    }

    /// Waits until the server stops (e.g. on SIGINT with `handleSignals`), then saves state.
    public func waitUntilStopped() async throws {
        defer { core.persist() }
        try await runTask.value
    }

    /// Injects latency, throttling or errors (same as `PUT /_emulator/faults`).
    public func setFaults(_ faults: FaultConfig) { core.faults.set(faults) }

    /// Request counts by operation name.
    public var operationCounts: [String: Int] { core.stats.snapshot().operations }

    /// Request counts by account id, then operation name.
    public var operationCountsByAccount: [String: [String: Int]] { core.stats.snapshot().accounts }

    /// Restores the state the emulator started with and clears faults and stats.
    public func reset() {
        engine.replaceWorld(core.initialWorld)
        core.faults.set(FaultConfig())
        core.stats.reset()
        core.dataPlane.reset()
    }

    /// The account with this name or id.
    public func account(_ nameOrId: String) -> EmulatorAccount? {
        accounts.first { $0.name == nameOrId || $0.accountId == nameOrId }
    }
}

/// One-shot hand-over of the bound port from `onServerRunning` to `start`.
final class PortWaiter: @unchecked Sendable {
    private let lock = NSLock()
    private var result: Result<Int, any Error>?
    private var continuation: CheckedContinuation<Int, any Error>?

    func resume(_ port: Int) { finish(.success(port)) }
    func fail(_ error: any Error) { finish(.failure(error)) }

    private func finish(_ r: Result<Int, any Error>) {
        let c: CheckedContinuation<Int, any Error>? = lock.withLock {
            guard result == nil else { return nil }
            result = r
            defer { continuation = nil }
            return continuation
        }
        c?.resume(with: r)
    }

    func wait() async throws -> Int {
        try await withCheckedThrowingContinuation { (c: CheckedContinuation<Int, any Error>) in
            let ready: Result<Int, any Error>? = lock.withLock {
                if let result { return result }
                continuation = c
                return nil
            }
            if let ready { c.resume(with: ready) }
        }
    }
}
