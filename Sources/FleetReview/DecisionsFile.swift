import FlagModel
import FleetStore
import Foundation

/// The decisions file a team keeps in a repository (`flagdeck decisions
/// export|import`). Version 1:
///
///     {
///       "version": 1,
///       "decisions": [
///         {
///           "flag": {"application": "checkout", "profile": "checkout-flags", "key": "new_checkout"},
///           "kind": "retire",                      // retire | keepUntil | permanent | snooze
///           "owner": "alice",                      // required for retire
///           "targetDate": "2026-12-31",            // YYYY-MM-DD; required for retire, keepUntil, snooze
///           "note": "after the holiday freeze",    // optional
///           "checklist": {"positiveFeedback": true, "noRefactorsExpected": true, "noLongerNeeded": false},
///           "author": "bob",
///           "createdAt": "2026-11-21T12:00:00.000Z"
///         }
///       ]
///     }
///
/// Entries are written oldest first with one key order, so the file grows at
/// its end and merges in git like a log. `owner`, `targetDate` and `note` may
/// be absent or null; `checklist` may be absent (all unticked).
public enum DecisionsFile {
    public static let version = 1

    public static func encode(_ decisions: [ReviewDecision]) -> String {
        let entries = DecisionBook(decisions).all.map(entry)
        let document: JSONValue = .object(JSONObject([
            .init(key: "version", value: .number(JSONNumber(version))),
            .init(key: "decisions", value: .array(entries)),
        ]))
        return document.serialized(pretty: true) + "\n"
    }

    static func entry(_ d: ReviewDecision) -> JSONValue {
        func optional(_ s: String?) -> JSONValue { s.map(JSONValue.string) ?? .null }
        return .object(JSONObject([
            .init(key: "flag", value: .object(JSONObject([
                .init(key: "application", value: .string(d.flag.application)),
                .init(key: "profile", value: .string(d.flag.profile)),
                .init(key: "key", value: .string(d.flag.key)),
            ]))),
            .init(key: "kind", value: .string(d.kind.rawValue)),
            .init(key: "owner", value: optional(d.owner)),
            .init(key: "targetDate", value: optional(d.targetDate)),
            .init(key: "note", value: optional(d.note)),
            .init(key: "checklist", value: .object(JSONObject([
                .init(key: "positiveFeedback", value: .bool(d.checklist.positiveFeedback)),
                .init(key: "noRefactorsExpected", value: .bool(d.checklist.noRefactorsExpected)),
                .init(key: "noLongerNeeded", value: .bool(d.checklist.noLongerNeeded)),
            ]))),
            .init(key: "author", value: .string(d.author)),
            .init(key: "createdAt", value: .string(Timestamp.format(d.createdAt))),
        ]))
    }

    /// Every entry of the file, or the first problem, named by file and JSON path.
    public static func decode(_ data: Data, fileName: String) throws(DecisionsFileError) -> [ReviewDecision] {
        let value: JSONValue
        do {
            value = try JSONParser.parse(Array(data))
        } catch {
            throw DecisionsFileError(file: fileName, location: "\(error.line):\(error.column): \(error.path)",
                                     message: error.message)
        }
        var reader = Reader(file: fileName)
        return try reader.document(value)
    }
}

/// A rejected decisions file: `decisions.json: $.decisions[3].kind: "retired" is not one of …`.
public struct DecisionsFileError: Error, Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// A JSON path, prefixed with line:column for syntax errors.
    public var location: String
    public var message: String

    public var description: String { "\(file): \(location): \(message)" }
}
