import AppConfigEmulator
import ArgumentParser
import FleetStore
import Foundation

struct DemoCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "demo",
        abstract: "Dashboard on an embedded AppConfig emulator seeded with a realistic fleet (no AWS account needed).",
        discussion: "The emulator listens on a random loopback port and is driven over real HTTP with SigV4, like AWS. Its clock runs faster, so deployments progress while you watch."
    )

    @OptionGroup var options: DashboardOptions

    @Option(name: .long, help: "Virtual seconds per real second on the emulator's clock.")
    var timeScale: Double = 60

    @Option(name: .customLong("agent-port"), help: "Port of the demo's AppConfig Agent API (0 picks a free one), for applications such as examples/checkout-app.")
    var agentPort = 0

    @Option(name: .customLong("agent-account"), help: "Account (name or id) the demo's Agent API reads.")
    var agentAccount = "payments-staging"

    @Option(name: .customLong("agent-region"), help: "Region the demo's Agent API reads (default: the account's first).")
    var agentRegion: String?

    mutating func validate() throws {
        if !(0...65535).contains(agentPort) { throw ValidationError("--agent-port must be 0...65535") }
    }

    @MainActor
    func run() async throws {
        let logPath = try Logs.bootstrap()
        let demo: DemoFleet
        do {
            demo = try await DemoFleet.start(timeScale: timeScale, agent: AgentAPIConfig(port: agentPort, account: agentAccount, region: agentRegion))
        } catch let error as EmulatorConfigError {
            throw ValidationError(error.description)
        }
        FileHandle.standardError.write(Data(demo.banner.utf8))
        let store = try? FleetStore(directory: demo.directory)
        do {
            try await DashboardSession.run(.init(
                configuration: demo.configuration, environment: demo.environment,
                readOnly: FleetSetup.readOnly(flag: options.readOnly, configuration: nil),
                theme: options.theme, store: store)) {
                try? store?.close()
                await demo.stop()
            }
        } catch {
            throw ValidationError("\(error) (log: \(logPath))")
        }
    }
}
