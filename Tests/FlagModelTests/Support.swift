import Foundation
@testable import FlagModel

enum Fixture {
    static func text(_ name: String) throws -> String {
        let url = try #require(Bundle.module.url(forResource: name, withExtension: nil, subdirectory: "Fixtures"))
        return try String(contentsOf: url, encoding: .utf8)
    }
    static func document(_ name: String) throws -> FeatureFlagDocument {
        try FeatureFlagDocument(parsing: text(name))
    }
}

import Testing

/// The parse error's full text, or "ok".
func parseError(_ text: String) -> String {
    do { _ = try JSONParser.parse(text); return "ok" } catch { return error.description }
}

func problems(_ text: String) throws -> [String] {
    try FeatureFlagDocument(parsing: text).validate().map(\.description)
}
