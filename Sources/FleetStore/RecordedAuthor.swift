import Foundation

/// The name given with `--as NAME`: a shared account on a jump host, or a team's on-call
/// alias, records decisions and journal entries under the person's name rather than the
/// OS user's. Set once at start-up, before anything is recorded.
public enum RecordedAuthor {
    private static let lock = NSLock()
    nonisolated(unsafe) private static var override: String?

    public static var name: String? { lock.withLock { override } }

    /// Sets the name after checking it (`validated`).
    public static func set(_ name: String) throws {
        let checked = try validated(name)
        lock.withLock { override = checked }
    }

    /// The name trimmed, if it reads well in a table and a log line.
    public static func validated(_ name: String) throws -> String {
        let trimmed = name.trimmingCharacters(in: .whitespaces)
        guard !trimmed.isEmpty else { throw Invalid(name: name, why: "it is empty") }
        guard trimmed.count <= 64 else { throw Invalid(name: name, why: "it is longer than 64 characters") }
        guard !trimmed.unicodeScalars.contains(where: { CharacterSet.controlCharacters.contains($0) }) else {
            throw Invalid(name: name, why: "it contains a control character")
        }
        return trimmed
    }

    public struct Invalid: Error, CustomStringConvertible {
        let name: String
        let why: String
        public var description: String { "--as \(name.debugDescription) cannot be an author name: \(why)" }
    }
}
