import FlagModel
import FleetReview
import FleetStore
import Foundation
import Testing

@Suite struct DecisionsFileTests {
    typealias F = ReviewFixture

    func decode(_ text: String) throws(DecisionsFileError) -> [ReviewDecision] {
        try DecisionsFile.decode(Data(text.utf8), fileName: "decisions.json")
    }

    func error(_ text: String) -> String {
        do {
            _ = try decode(text)
            return "no error"
        } catch {
            return error.description
        }
    }

    static let entry = #"{"flag": {"application": "checkout", "profile": "checkout-flags", "key": "legacy_cart"}, "kind": "retire", "owner": "dave", "targetDate": "2026-12-31", "author": "bob", "createdAt": "2026-11-21T09:30:00Z"}"#

    func file(_ entries: String...) -> String { #"{"version": 1, "decisions": [\#(entries.joined(separator: ", "))]}"# }

    @Test func theDocumentedShape() throws {
        let text = DecisionsFile.encode([F.decisions[1]])
        #expect(text == """
            {
              "version": 1,
              "decisions": [
                {
                  "flag": {
                    "application": "checkout",
                    "profile": "checkout-flags",
                    "key": "new_checkout"
                  },
                  "kind": "retire",
                  "owner": "bob",
                  "targetDate": "2026-11-15",
                  "note": "remove with the v2 cart | after freeze",
                  "checklist": {
                    "positiveFeedback": true,
                    "noRefactorsExpected": true,
                    "noLongerNeeded": true
                  },
                  "author": "alice",
                  "createdAt": "2026-10-20T10:05:00.000Z"
                }
              ]
            }

            """)
        #expect(try decode(text) == [F.decisions[1]])
    }

    @Test func optionalFieldsMayBeLeftOut() throws {
        let d = try decode(file(#"{"flag": {"application": "a", "profile": "p", "key": "k"}, "kind": "permanent", "owner": null, "author": "bob", "createdAt": "2026-11-21T10:30:00+01:00"}"#))
        #expect(d == [ReviewDecision(flag: FlagID(application: "a", profile: "p", key: "k"), kind: .permanent,
                                     author: "bob", createdAt: F.date("2026-11-21T09:30:00Z"))])
        #expect(try decode(file()).isEmpty)
    }

    @Test func errorsNameTheFileAndTheJSONPath() {
        let misspelt = Self.entry.replacingOccurrences(of: #""kind": "retire""#, with: #""kind": "retiring""#)
        #expect(error(file(Self.entry, Self.entry, Self.entry, misspelt))
                == #"decisions.json: $.decisions[3].kind: "retiring" is not one of retire, keepUntil, permanent, snooze, retired"#)
        #expect(error(#"{"decisions": []}"#) == "decisions.json: $.version: missing")
        #expect(error(#"{"version": 2, "decisions": []}"#)
                == "decisions.json: $.version: version 2 is not supported (this flagdeck reads version 1)")
        #expect(error(#"{"version": "1", "decisions": []}"#) == #"decisions.json: $.version: expected the number 1, got string "1""#)
        #expect(error(#"{"version": 1, "decisions": {}}"#) == "decisions.json: $.decisions: expected array, got object")
        #expect(error(#"[]"#) == "decisions.json: $: expected object, got array")
        #expect(error(file(Self.entry.replacingOccurrences(of: #""owner": "dave", "#, with: "")))
                == "decisions.json: $.decisions[0].owner: retire needs an owner")
        #expect(error(file(Self.entry.replacingOccurrences(of: "2026-12-31", with: "31/12/2026")))
                == #"decisions.json: $.decisions[0].targetDate: "31/12/2026" is not a date: expected YYYY-MM-DD"#)
        #expect(error(file(Self.entry.replacingOccurrences(of: "targetDate", with: "targetdate")))
                == "decisions.json: $.decisions[0].targetdate: unknown key; expected one of flag, kind, owner, targetDate, note, checklist, author, createdAt")
        #expect(error(file(Self.entry.replacingOccurrences(of: "2026-11-21T09:30:00Z", with: "yesterday")))
                == #"decisions.json: $.decisions[0].createdAt: "yesterday" is not an ISO-8601 time like 2026-11-21T12:00:00.000Z"#)
        #expect(error(file(Self.entry.replacingOccurrences(of: #""key": "legacy_cart""#, with: #""key": 7"#)))
                == "decisions.json: $.decisions[0].flag.key: expected string, got number 7")
        #expect(error(file(Self.entry.replacingOccurrences(of: #""author": "bob", "#, with: #""checklist": {"noLongerNeeded": "yes"}, "author": "bob", "#)))
                == #"decisions.json: $.decisions[0].checklist.noLongerNeeded: expected boolean, got string "yes""#)
        #expect(error(file(Self.entry.replacingOccurrences(of: #", "author": "bob""#, with: "")))
                == "decisions.json: $.decisions[0].author: missing")
    }

    @Test func syntaxErrorsSayWhere() {
        #expect(error("{\n  \"version\": 1,\n  \"decisions\": [\n") == "decisions.json: 4:1: $.decisions[0]: unexpected end of input")
    }
}
