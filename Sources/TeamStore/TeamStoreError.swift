import Foundation
import PostgresNIO

/// What went wrong with the team store, in words an operator can act on. PostgresNIO's
/// own descriptions hide the server's message (so as never to leak data); the message,
/// SQL state and hint the server sent are what says why.
public struct TeamStoreError: Error, CustomStringConvertible, Sendable {
    public var description: String
    /// The server could not be reached or stopped answering (not: it refused the request),
    /// so the same request may well succeed later.
    public var serverUnreachable = false

    public init(_ description: String, serverUnreachable: Bool = false) {
        self.description = description
        self.serverUnreachable = serverUnreachable
    }

    /// `where`: the store, as printed (no password).
    static func describe(_ error: Error, at location: TeamStoreLocation) -> TeamStoreError {
        if let e = error as? TeamStoreError { return e }
        // A transaction's error wraps the one that says why: the closure's, else BEGIN's or COMMIT's.
        if let t = error as? PostgresTransactionError, let inner = t.closureError ?? t.beginError ?? t.commitError {
            return describe(inner, at: location)
        }
        guard let p = error as? PSQLError else { return TeamStoreError("team store \(location): \(error)") }
        if let info = p.serverInfo {
            let state = info[.sqlState] ?? ""
            var text = "team store \(location): \(info[.message] ?? "server error")"
            if state == "42501" { text += " (this role may only read: it has no write permission)" }
            if state == "28P01" || state == "28000" { text += " (set PGPASSWORD or add the password to ~/.pgpass)" }
            if let hint = info[.hint] { text += "; \(hint)" }
            return TeamStoreError(text + (state.isEmpty ? "" : " [SQLSTATE \(state)]"))
        }
        if let inner = p.underlying as? PSQLError { return describe(inner, at: location) }
        switch p.code {
        case .connectionError, .serverClosedConnection, .clientClosedConnection, .poolClosed:
            return TeamStoreError("team store \(location): cannot connect (\(p.underlying.map { "\($0)" } ?? "\(p.code)"))")
        case .authMechanismRequiresPassword:
            return TeamStoreError("team store \(location): the server wants a password: set PGPASSWORD or add it to ~/.pgpass")
        default:
            return TeamStoreError("team store \(location): \(p.code)")
        }
    }
}
