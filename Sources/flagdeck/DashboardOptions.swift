import ArgumentParser
import Foundation

/// Options shared by every command that opens the dashboard.
struct DashboardOptions: ParsableArguments {
    @Flag(name: .long, help: "Audit mode: no key that changes AWS, and the HTTP layer refuses mutating requests. Also FLAGDECK_READ_ONLY=1 or `readOnly: true` in the config.")
    var readOnly = false

    @Option(name: .long, help: "Theme name (a file NAME.theme in $FLAGDECK_THEMES, ~/.config/flagdeck/themes or the bundled themes/).")
    var theme: String?

    @OptionGroup var author: AuthorOption

    /// The flag or FLAGDECK_READ_ONLY, before any configuration is read.
    var effectiveReadOnly: Bool { FleetSetup.readOnly(flag: readOnly, configuration: nil) }
}
