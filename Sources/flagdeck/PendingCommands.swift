import ArgumentParser

/// Commands whose subsystems are not built yet: they say so plainly and exit 1
/// rather than pretend to work.
protocol PendingCommand: ParsableCommand {
    static var pendingOn: String { get }
}

extension PendingCommand {
    func run() throws {
        throw PendingError(command: Self.configuration.commandName ?? "?", waitingFor: Self.pendingOn)
    }
}

struct PendingError: Error, CustomStringConvertible {
    let command: String
    let waitingFor: String
    var description: String { "flagdeck \(command) is not available in this build yet (needs \(waitingFor))." }
}

struct DemoCommand: PendingCommand {
    static let configuration = CommandConfiguration(commandName: "demo", abstract: "Dashboard on an embedded AppConfig emulator seeded with a realistic fleet.")
    static let pendingOn = "the AppConfig emulator and fleet scanner"
    @OptionGroup var options: DashboardOptions
}

struct ScanCommand: PendingCommand {
    static let configuration = CommandConfiguration(commandName: "scan", abstract: "Headless scan of the fleet (table, JSON or CSV).")
    static let pendingOn = "the fleet scanner"
}

struct DoctorCommand: PendingCommand {
    static let configuration = CommandConfiguration(commandName: "doctor", abstract: "Check credentials and AppConfig access for every configured account and region.")
    static let pendingOn = "the configuration file reader"
}

struct ToggleCommand: PendingCommand {
    static let configuration = CommandConfiguration(commandName: "toggle", abstract: "Turn a flag on or off in environments and deploy, headless (for runbooks).")
    static let pendingOn = "the AppConfig client and deploy flow"
}

struct ReportCommand: PendingCommand {
    static let configuration = CommandConfiguration(commandName: "report", abstract: "Review meeting minutes (Markdown, CSV or JSON).")
    static let pendingOn = "the fleet store and review decisions"
}

struct DecisionsCommand: PendingCommand {
    static let configuration = CommandConfiguration(commandName: "decisions", abstract: "Export or import review decisions as JSON.")
    static let pendingOn = "the fleet store and review decisions"
}

struct EmulatorCommand: PendingCommand {
    static let configuration = CommandConfiguration(commandName: "emulator", abstract: "Run the local AppConfig-compatible emulator.")
    static let pendingOn = "the AppConfig emulator"
}

struct InitCommand: PendingCommand {
    static let configuration = CommandConfiguration(commandName: "init", abstract: "Write a starter configuration from your AWS profiles.")
    static let pendingOn = "the configuration file reader"
}
