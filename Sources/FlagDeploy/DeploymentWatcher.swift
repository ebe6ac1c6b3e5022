import AppConfigClient
import FlagModel
import Foundation

/// One look at a deployment.
public struct DeploymentStatus: Sendable, Hashable {
    public var ref: DeploymentRef
    /// `DEPLOYING`, `BAKING`, `COMPLETE`, `ROLLED_BACK`, …; nil when it could not be read.
    public var state: String?
    public var percentageComplete: Double
    public var completedAt: Date?
    /// The newest event's description, e.g. `Configuration deployment progress updated to 40%`.
    public var lastEvent: String?
    /// Why this poll failed; the watch goes on.
    public var error: String?

    public var isFinal: Bool { state.map { FlagModel.DeploymentState(rawValue: $0)?.isTerminal ?? false } ?? false }

    /// `payments-prod/us-east-1/checkout/prod deployment 14: DEPLOYING 40%`.
    public var line: String {
        if let error { return "\(ref): cannot read: \(error)" }
        return "\(ref): \(state ?? "?") \(Int(percentageComplete.rounded()))%"
    }
}

/// Polls GetDeployment until each deployment reaches a final state.
public struct DeploymentWatcher: Sendable {
    public var clients: AppConfigClients
    public var interval: Duration

    public init(clients: AppConfigClients, interval: Duration = .seconds(3)) {
        self.clients = clients
        self.interval = interval
    }

    public func status(_ ref: DeploymentRef) async -> DeploymentStatus {
        do {
            let d = try await clients.client(for: ref.environment)
                .getDeployment(applicationId: ref.applicationId, environmentId: ref.environmentId,
                               deploymentNumber: ref.deploymentNumber)
            return Self.status(ref, d)
        } catch {
            return DeploymentStatus(ref: ref, state: nil, percentageComplete: 0, error: ErrorText.describe(error))
        }
    }

    static func status(_ ref: DeploymentRef, _ d: AppConfigClient.Deployment) -> DeploymentStatus {
        DeploymentStatus(ref: ref, state: d.state?.rawValue, percentageComplete: d.percentageComplete ?? 0,
                         completedAt: d.completedAt, lastEvent: d.eventLog.first?.description)
    }

    /// Every poll of every deployment, until all are final (or the consumer stops
    /// iterating, which cancels the polling).
    public func watch(_ refs: [DeploymentRef]) -> AsyncStream<DeploymentStatus> {
        let (stream, continuation) = AsyncStream.makeStream(of: DeploymentStatus.self)
        let task = Task {
            var pending = refs
            while !pending.isEmpty && !Task.isCancelled {
                let statuses = await withTaskGroup(of: DeploymentStatus.self) { group in
                    for ref in pending { group.addTask { await status(ref) } }
                    return await group.reduce(into: [DeploymentStatus]()) { $0.append($1) }
                }
                let order = Dictionary(refs.enumerated().map { ($1, $0) }, uniquingKeysWith: { a, _ in a })
                for s in statuses.sorted(by: { order[$0.ref, default: 0] < order[$1.ref, default: 0] }) {
                    continuation.yield(s)
                }
                let finished = Set(statuses.filter(\.isFinal).map(\.ref))
                pending.removeAll { finished.contains($0) }
                if pending.isEmpty { break }
                try? await Task.sleep(for: interval)
            }
            continuation.finish()
        }
        continuation.onTermination = { _ in task.cancel() }
        return stream
    }

    /// Waits until every deployment is final; the last status of each, in `refs` order.
    public func waitUntilFinal(_ refs: [DeploymentRef],
                               onUpdate: @Sendable (DeploymentStatus) -> Void = { _ in }) async -> [DeploymentStatus] {
        var last: [DeploymentRef: DeploymentStatus] = [:]
        for await s in watch(refs) {
            last[s.ref] = s
            onUpdate(s)
        }
        return refs.compactMap { last[$0] }
    }

    /// What `wait(_:timeout:)` saw.
    public struct WaitResult: Sendable {
        /// The last status of each deployment, in `refs` order.
        public var last: [DeploymentStatus]
        /// Some deployment was not final when the time ran out.
        public var timedOut: Bool
        /// Polls that could not read a deployment, per deployment.
        public var failedPolls: [DeploymentRef: Int]
    }

    /// Like `waitUntilFinal`, but gives up at `timeout`: a network that stays down does not
    /// keep a runbook waiting forever, and every poll that failed is counted.
    public func wait(_ refs: [DeploymentRef], timeout: Duration,
                     onUpdate: @escaping @Sendable (DeploymentStatus) -> Void = { _ in }) async -> WaitResult {
        let clock = ContinuousClock()
        let deadline = clock.now + timeout
        var last: [DeploymentRef: DeploymentStatus] = [:]
        var failed: [DeploymentRef: Int] = [:]
        var timedOut = false
        let stream = watch(refs)
        // A poll round can take a while; check the deadline between statuses and also
        // while waiting for the next one.
        await withTaskGroup(of: Void.self) { group in
            let box = WaitBox()
            group.addTask {
                for await s in stream {
                    onUpdate(s)
                    await box.add(s)
                    if clock.now >= deadline { break }
                }
            }
            group.addTask {
                try? await Task.sleep(until: deadline, clock: clock)
            }
            await group.next()
            group.cancelAll()
            let seen = await box.statuses
            for s in seen {
                last[s.ref] = s
                if s.error != nil { failed[s.ref, default: 0] += 1 }
            }
            timedOut = refs.contains { !(last[$0]?.isFinal ?? false) }
        }
        return WaitResult(last: refs.compactMap { last[$0] }, timedOut: timedOut, failedPolls: failed)
    }
}

/// Statuses gathered while waiting, handed back once the wait ends.
private actor WaitBox {
    var statuses: [DeploymentStatus] = []
    func add(_ s: DeploymentStatus) { statuses.append(s) }
}
