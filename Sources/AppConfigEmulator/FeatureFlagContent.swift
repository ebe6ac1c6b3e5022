import FlagModel
import Foundation

/// What AppConfig does to an `AWS.AppConfig.FeatureFlags` document on create: validate it
/// against the schema and attribute constraints, and write `_createdAt` / `_updatedAt` on
/// every flag definition and value (kept from the previous version when unchanged).
enum FeatureFlagContent {
    static func validateAndStamp(_ content: Data, previous: Data?, now: Date) throws -> Data {
        let json: JSONValue
        do {
            json = try JSONParser.parse(Array(content))
        } catch {
            throw APIError.invalidConfiguration([(location: "\(error.path)", reason: "Invalid JSON: \(error.message) at line \(error.line), column \(error.column)")], type: "Syntax")
        }
        let problems = FeatureFlagDocument(json: json).validate()
        if !problems.isEmpty {
            throw APIError.invalidConfiguration(problems.map { (location: "\($0.path)", reason: $0.message) }, type: "Constraint")
        }
        let prev = previous.flatMap { try? JSONParser.parse(Array($0)) }
        let stamped = stamp(json, previous: prev, now: Timestamp.format(now))
        return Data(stamped.serialized(pretty: false).utf8)
    }

    static let stampKeys: Set<String> = ["_createdAt", "_updatedAt"]

    static func stamp(_ doc: JSONValue, previous: JSONValue?, now: String) -> JSONValue {
        guard var root = doc.objectValue else { return doc }
        for section in ["flags", "values"] {
            guard let entries = root[section]?.objectValue else { continue }
            let prevEntries = previous?[section]?.objectValue
            var out = JSONObject()
            for m in entries {
                guard var entry = m.value.objectValue else { out[m.key] = m.value; continue }
                let prevEntry = prevEntries?[m.key]?.objectValue
                let unchanged = prevEntry.map { stripped($0).semanticallyEquals(stripped(entry)) } ?? false
                let created = prevEntry?["_createdAt"]?.stringValue ?? now
                let updated = unchanged ? (prevEntry?["_updatedAt"]?.stringValue ?? now) : now
                entry["_createdAt"] = .string(created)
                entry["_updatedAt"] = .string(updated)
                out[m.key] = .object(entry)
            }
            root[section] = .object(out)
        }
        return .object(root)
    }

    static func stripped(_ o: JSONObject) -> JSONValue {
        .object(JSONObject(o.members.filter { !stampKeys.contains($0.key) }))
    }
}
