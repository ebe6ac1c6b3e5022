import Foundation
import Logging
import NIOCore
import PostgresNIO

/// The team store's connections: opened when needed, kept while they work, dropped on any
/// error. Plain `PostgresConnection`s rather than PostgresNIO's pool: after a server
/// restart the pool (1.33.2) left about 3 calls in 10 waiting forever, and a dashboard
/// needs few connections. A connection that died while idle is noticed when leased
/// (`isClosed`) or on first use (the caller retries on a new one).
final class TeamConnections: @unchecked Sendable {
    let configuration: PostgresConnection.Configuration
    let logger: Logger
    /// How long one operation may wait for the server before its connection is closed
    /// (which fails the operation): a network that drops packets silently must not freeze
    /// the dashboard's refresh.
    let operationTimeout: Duration
    private let keepIdle: Int
    /// Operations at once (so connections at once): a scan asking the shared cache for a
    /// thousand profiles queues here instead of opening a thousand connections.
    private let maxBusy: Int
    private let lock = NSLock()
    private var idle: [PostgresConnection] = []
    private var busy = 0
    private var waiting: [CheckedContinuation<Void, Never>] = []
    private var nextID = 1
    private var closed = false

    init(configuration: PostgresConnection.Configuration, logger: Logger, keepIdle: Int = 2, maxBusy: Int = 4,
         operationTimeout: Duration = .seconds(30)) {
        self.configuration = configuration
        self.logger = logger
        self.keepIdle = keepIdle
        self.maxBusy = maxBusy
        self.operationTimeout = operationTimeout
    }

    struct Closed: Error, CustomStringConvertible {
        var description: String { "the team store was closed" }
    }

    struct TimedOut: Error, CustomStringConvertible {
        let after: Duration
        var description: String { "no answer from the server within \(after.components.seconds) s" }
    }

    /// Runs `body` on a working connection, within `operationTimeout`. On success the
    /// connection is kept for the next caller; on any error it is closed.
    func with<T>(_ body: (PostgresConnection) async throws -> T) async throws -> T {
        await takeTurn()
        defer { endTurn() }
        let connection = try await lease()
        let watchdog = Watchdog()
        let timer = Task { [operationTimeout] in
            try await Task.sleep(for: operationTimeout)
            watchdog.fire()
            try? await connection.close()
        }
        do {
            let value = try await body(connection)
            timer.cancel()
            giveBack(connection)
            return value
        } catch {
            timer.cancel()
            discard(connection)
            if watchdog.fired { throw TimedOut(after: operationTimeout) }
            throw error
        }
    }

    func close() {
        let all: [PostgresConnection] = lock.withLock {
            closed = true
            defer { idle = [] }
            return idle
        }
        for connection in all { discard(connection) }
    }

    private func takeTurn() async {
        let now = lock.withLock { () -> Bool in
            guard busy < maxBusy else { return false }
            busy += 1
            return true
        }
        if now { return }
        await withCheckedContinuation { continuation in
            let resume = lock.withLock { () -> Bool in
                guard busy < maxBusy else {
                    waiting.append(continuation)
                    return false
                }
                busy += 1
                return true
            }
            if resume { continuation.resume() }
        }
    }

    /// Hands the turn to the longest waiting caller, if any.
    private func endTurn() {
        let next = lock.withLock { () -> CheckedContinuation<Void, Never>? in
            guard !waiting.isEmpty else {
                busy -= 1
                return nil
            }
            return waiting.removeFirst()
        }
        next?.resume()
    }

    private func lease() async throws -> PostgresConnection {
        while let connection = try popIdle() {
            if !connection.isClosed { return connection }  // else it died while idle
        }
        return try await PostgresConnection.connect(configuration: configuration, id: newID(), logger: logger)
    }

    private func popIdle() throws -> PostgresConnection? {
        try lock.withLock {
            if closed { throw Closed() }
            return idle.popLast()
        }
    }

    private func newID() -> Int {
        lock.withLock {
            defer { nextID += 1 }
            return nextID
        }
    }

    private func giveBack(_ connection: PostgresConnection) {
        let keep = lock.withLock { () -> Bool in
            guard !closed, idle.count < keepIdle, !connection.isClosed else { return false }
            idle.append(connection)
            return true
        }
        if !keep { discard(connection) }
    }

    private func discard(_ connection: PostgresConnection) {
        // Nobody waits for the goodbye, but the connection must live until it is closed
        // (PostgresConnection asserts that it is when it goes).
        let closing: EventLoopFuture<Void> = connection.close()
        closing.whenComplete { _ in withExtendedLifetime(connection) {} }
    }

    /// Set once by the timer that closed a connection, so the caller reports a time-out
    /// rather than the closed connection it caused.
    private final class Watchdog: @unchecked Sendable {
        private let lock = NSLock()
        private var value = false
        var fired: Bool { lock.withLock { value } }
        func fire() { lock.withLock { value = true } }
    }
}
