import FlagDeck
import Foundation

enum Logs {
    /// Sends all logging to `<state dir>/flagdeck.log`; returns its path.
    static func bootstrap() throws -> String {
        let dir = try StateDirectory.ensure()
        let path = dir + "/flagdeck.log"
        try FileLogHandler.bootstrap(path: path)
        return path
    }
}
