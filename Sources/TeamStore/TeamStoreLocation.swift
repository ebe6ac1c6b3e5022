import Foundation

/// Where the team store is: `postgres://USER@HOST[:PORT]/DATABASE` (or `postgresql://`),
/// from the configuration's `store:` or `FLAGDECK_STORE`. The password never comes from
/// here (it would sit in a file, a shell history, a process list): `PGPASSWORD` or
/// `~/.pgpass`, as every PostgreSQL tool reads it.
public struct TeamStoreLocation: Sendable, Hashable, CustomStringConvertible {
    public var user: String
    public var host: String
    public var port: Int
    public var database: String

    public struct Problem: Error, CustomStringConvertible {
        public var description: String
    }

    /// `source` names where the text came from, for the error: `FLAGDECK_STORE`, `config.yaml: store`.
    public init(_ text: String, source: String) throws {
        func fail(_ why: String) -> Problem { Problem(description: "\(source): \(why) (expected postgres://USER@HOST[:PORT]/DATABASE)") }
        guard let components = URLComponents(string: text), let scheme = components.scheme?.lowercased(),
              scheme == "postgres" || scheme == "postgresql" else {
            throw fail("not a postgres:// URL")
        }
        if components.password != nil {
            throw fail("a password in the URL is refused: put it in PGPASSWORD or ~/.pgpass")
        }
        guard let user = components.user, !user.isEmpty else { throw fail("no user") }
        guard let host = components.host, !host.isEmpty else { throw fail("no host") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw fail("no database name") }
        if let port = components.port, !(1...65535).contains(port) { throw fail("port \(port) is out of range") }
        self.user = user.removingPercentEncoding ?? user
        self.host = host
        self.port = components.port ?? 5432
        self.database = database
    }

    /// Without a password: safe to print and log.
    public var description: String { "postgres://\(user)@\(host):\(port)/\(database)" }
}
