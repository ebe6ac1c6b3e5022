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

    @MainActor
    func run() async throws {
        let logPath = try Logs.bootstrap()
        let demo = try await DemoFleet.start(timeScale: timeScale)
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
