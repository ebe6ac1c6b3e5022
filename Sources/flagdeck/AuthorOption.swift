import ArgumentParser
import FleetStore

/// `--as NAME`: who decisions, journal entries and published snapshots are recorded as,
/// for commands that record any.
struct AuthorOption: ParsableArguments {
    @Option(name: .customLong("as"), help: ArgumentHelp("Record decisions and journal entries as NAME instead of the OS user.",
                                                         valueName: "NAME"))
    var author: String?

    func validate() throws {
        if let author { _ = try RecordedAuthor.validated(author) }
    }

    /// Call before anything is recorded.
    func apply() throws {
        if let author { try RecordedAuthor.set(author) }
    }
}
