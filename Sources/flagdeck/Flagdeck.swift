import ArgumentParser
import AWSCore

@main
struct Flagdeck: AsyncParsableCommand {
    static let version = AWSCoreVersion.flagdeck

    static let configuration = CommandConfiguration(
        commandName: "flagdeck",
        abstract: "Every AWS AppConfig feature flag across accounts, regions and environments, in one terminal view.",
        discussion: """
        Run without a subcommand to open the dashboard. Keys: ? help, : commands, / filter, q quit.
        Try it without AWS: `flagdeck demo`.
        """,
        version: version,
        subcommands: [
            DashboardCommand.self, DemoCommand.self, ScanCommand.self, DoctorCommand.self,
            ToggleCommand.self, RetireCommand.self, ReportCommand.self, DecisionsCommand.self, StoreCommand.self, DocCommand.self,
            EmulatorCommand.self, InitCommand.self, IAMCommand.self, RefsCommand.self, AuditCommand.self,
        ],
        defaultSubcommand: DashboardCommand.self
    )
}
