import FlagModel
import FleetStore
import Foundation

extension DecisionsFile {
    /// Reads the version-1 shape strictly: a misspelt key is an error rather
    /// than a silently dropped value, since the file is edited by hand too.
    struct Reader {
        let file: String

        func fail(_ path: JSONPath, _ message: String) -> DecisionsFileError {
            DecisionsFileError(file: file, location: path.description, message: message)
        }

        func object(_ value: JSONValue, _ path: JSONPath, allowed: [String], required: [String]) throws(DecisionsFileError) -> JSONObject {
            guard let obj = value.objectValue else { throw fail(path, "expected object, got \(value.kindAndValue)") }
            for key in obj.keys where !allowed.contains(key) {
                throw fail(path.appending(key), "unknown key; expected one of \(allowed.joined(separator: ", "))")
            }
            for key in required where obj[key] == nil {
                throw fail(path.appending(key), "missing")
            }
            return obj
        }

        func string(_ value: JSONValue, _ path: JSONPath) throws(DecisionsFileError) -> String {
            guard let s = value.stringValue else { throw fail(path, "expected string, got \(value.kindAndValue)") }
            guard !s.trimmingCharacters(in: .whitespaces).isEmpty else { throw fail(path, "must not be empty") }
            return s
        }

        func optionalString(_ value: JSONValue?, _ path: JSONPath) throws(DecisionsFileError) -> String? {
            guard let value, !value.isNull else { return nil }
            return try string(value, path)
        }

        mutating func document(_ value: JSONValue) throws(DecisionsFileError) -> [ReviewDecision] {
            let root = try object(value, .root, allowed: ["version", "decisions"], required: ["version", "decisions"])
            let versionPath = JSONPath.root.appending("version")
            guard let v = root["version"]?.numberValue?.intValue else {
                throw fail(versionPath, "expected the number \(DecisionsFile.version), got \(root["version"]!.kindAndValue)")
            }
            guard v == DecisionsFile.version else {
                throw fail(versionPath, "version \(v) is not supported (this flagdeck reads version \(DecisionsFile.version))")
            }
            let listPath = JSONPath.root.appending("decisions")
            guard let items = root["decisions"]?.arrayValue else {
                throw fail(listPath, "expected array, got \(root["decisions"]!.kindAndValue)")
            }
            var out: [ReviewDecision] = []
            for (i, item) in items.enumerated() {
                out.append(try decision(item, listPath.appending(i)))
            }
            return out
        }

        func decision(_ value: JSONValue, _ path: JSONPath) throws(DecisionsFileError) -> ReviewDecision {
            let obj = try object(value, path,
                                 allowed: ["flag", "kind", "owner", "targetDate", "note", "checklist", "author", "createdAt"],
                                 required: ["flag", "kind", "author", "createdAt"])
            let flag = try self.flag(obj["flag"]!, path.appending("flag"))
            let kindPath = path.appending("kind")
            let kindText = try string(obj["kind"]!, kindPath)
            guard let kind = DecisionKind(rawValue: kindText) else {
                let names = DecisionKind.allCases.map(\.rawValue).joined(separator: ", ")
                throw fail(kindPath, "\(JSONValue.string(kindText).serialized()) is not one of \(names)")
            }
            let owner = try optionalString(obj["owner"], path.appending("owner"))
            let datePath = path.appending("targetDate")
            let targetDate = try optionalString(obj["targetDate"], datePath)
            if let targetDate, !UTCDate.isValidDate(targetDate) {
                throw fail(datePath, "\(JSONValue.string(targetDate).serialized()) is not a date: expected YYYY-MM-DD")
            }
            switch kind {
            case .retire:
                if owner == nil { throw fail(path.appending("owner"), "retire needs an owner") }
                if targetDate == nil { throw fail(datePath, "retire needs a target date") }
            case .keepUntil, .snooze:
                if targetDate == nil { throw fail(datePath, "\(kind.rawValue) needs a target date") }
            case .permanent, .retired:
                break
            }
            let note = try optionalString(obj["note"], path.appending("note"))
            let checklist = try obj["checklist"].map { v throws(DecisionsFileError) in
                try self.checklist(v, path.appending("checklist"))
            } ?? ReviewChecklist()
            let author = try string(obj["author"]!, path.appending("author"))
            let createdPath = path.appending("createdAt")
            let createdText = try string(obj["createdAt"]!, createdPath)
            guard let createdAt = Timestamp.parse(createdText) else {
                throw fail(createdPath, "\(JSONValue.string(createdText).serialized()) is not an ISO-8601 time like 2026-11-21T12:00:00.000Z")
            }
            return ReviewDecision(flag: flag, kind: kind, owner: owner, targetDate: targetDate, note: note,
                                  checklist: checklist, author: author, createdAt: createdAt)
        }

        func flag(_ value: JSONValue, _ path: JSONPath) throws(DecisionsFileError) -> FlagID {
            let names = ["application", "profile", "key"]
            let obj = try object(value, path, allowed: names, required: names)
            return FlagID(application: try string(obj["application"]!, path.appending("application")),
                          profile: try string(obj["profile"]!, path.appending("profile")),
                          key: try string(obj["key"]!, path.appending("key")))
        }

        func checklist(_ value: JSONValue, _ path: JSONPath) throws(DecisionsFileError) -> ReviewChecklist {
            let names = ["positiveFeedback", "noRefactorsExpected", "noLongerNeeded"]
            let obj = try object(value, path, allowed: names, required: [])
            func tick(_ name: String) throws(DecisionsFileError) -> Bool {
                guard let v = obj[name] else { return false }
                guard let b = v.boolValue else { throw fail(path.appending(name), "expected boolean, got \(v.kindAndValue)") }
                return b
            }
            return ReviewChecklist(positiveFeedback: try tick(names[0]), noRefactorsExpected: try tick(names[1]),
                                   noLongerNeeded: try tick(names[2]))
        }
    }
}
