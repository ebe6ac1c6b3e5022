import ArgumentParser
import Foundation

/// Options shared by every command that opens the dashboard.
struct DashboardOptions: ParsableArguments {
    @Flag(name: .long, help: "Audit mode: no key that changes AWS, and the HTTP layer refuses mutating requests. Also FLAGDECK_READ_ONLY=1 or `readOnly: true` in the config.")
    var readOnly = false

    @Option(name: .long, help: "Theme name (a file NAME.theme in $FLAGDECK_THEMES, ~/.config/flagdeck/themes or the bundled themes/).")
    var theme: String?

    /// The flag, or the environment variable (1/true/yes).
    var effectiveReadOnly: Bool {
        if readOnly { return true }
        let value = ProcessInfo.processInfo.environment["FLAGDECK_READ_ONLY"]?.lowercased() ?? ""
        return ["1", "true", "yes", "on"].contains(value)
    }
}
