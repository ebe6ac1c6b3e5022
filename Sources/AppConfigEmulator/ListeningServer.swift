import Foundation
import Hummingbird
import Logging
import ServiceLifecycle

/// One Hummingbird server in its own ServiceGroup, started and known to be listening: the
/// emulator's AWS port and the Agent API's port are both this.
struct ListeningServer: Sendable {
    let group: ServiceGroup
    let task: Task<Void, any Error>
    let port: Int

    /// Returns once the server listens (port 0: a free one, see `port`).
    static func start(host: String, port: Int, handleSignals: Bool, logger: Logger,
                      handle: @escaping @Sendable (ReceivedRequest) async -> WireResponse) async throws -> ListeningServer {
        let portBox = PortWaiter()
        let app = Application(
            responder: EmulatorResponder(handle: handle),
            configuration: .init(address: .hostname(host, port: port), serverName: nil),
            onServerRunning: { channel in portBox.resume(channel.localAddress?.port ?? port) },
            logger: logger)
        let group = ServiceGroup(configuration: .init(
            services: [app],
            gracefulShutdownSignals: handleSignals ? [.sigterm, .sigint] : [],
            logger: logger))
        let task = Task {
            do {
                try await group.run()
                portBox.fail(EmulatorConfigError("the server stopped before it started listening"))
            } catch {
                portBox.fail(error)
                throw error
            }
        }
        do {
            return ListeningServer(group: group, task: task, port: try await portBox.wait())
        } catch {
            throw EmulatorConfigError("cannot listen on \(host):\(port): \(error)")
        }
    }

    /// Graceful shutdown; returns when the server has stopped.
    func stop() async throws {
        await group.triggerGracefulShutdown()
        try await task.value
    }
}
