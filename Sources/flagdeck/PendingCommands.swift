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
