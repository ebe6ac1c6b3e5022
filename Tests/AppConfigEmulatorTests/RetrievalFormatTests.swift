import FlagModel
import Foundation
import Testing
@testable import AppConfigEmulator

/// The feature-flag document as applications receive it.
@Suite struct RetrievalFormatTests {
    static let document = #"""
    {"version":"1",
     "flags":{"bitcoin":{"name":"Bitcoin","_createdAt":"2026-01-01T00:00:00.000Z",
                         "attributes":{"discount_percent":{"constraints":{"type":"number"}}}},
              "legacy":{"name":"Legacy"},
              "theme":{"name":"Theme","attributes":{"style":{"constraints":{"type":"string"}}}},
              "undeclared":{"name":"No value"}},
     "values":{"bitcoin":{"enabled":true,"discount_percent":5,"_createdAt":"2026-01-01T00:00:00.000Z","_updatedAt":"x"},
               "legacy":{"enabled":false,"discount_percent":9},
               "theme":{"_variants":[
                 {"name":"Beta","enabled":true,"rule":"(ends_with $email \"@example.com\")","attributeValues":{"style":"bold"}},
                 {"name":"Half","enabled":true,"rule":"(split by::$userId pct::50)","attributeValues":{"style":"compact"}},
                 {"name":"Default","enabled":true,"attributeValues":{"style":"classic"}}]}}}
    """#

    let content = Data(document.utf8)

    func text(_ v: JSONValue) -> String { v.serialized(pretty: false) }

    @Test func flattenedDropsDefinitionsAndMetadataAndServesTheDefaultVariant() throws {
        let out = try RetrievalFormat.flattened(content)
        #expect(text(out) == #"{"bitcoin":{"enabled":true,"discount_percent":5},"legacy":{"enabled":false},"#
            + #""theme":{"enabled":true,"style":"classic"},"undeclared":{"enabled":false}}"#)
    }

    @Test func evaluatedPicksTheVariantForTheContextAndNamesIt() throws {
        let beta = try RetrievalFormat.evaluated(content, only: ["theme"], context: ["email": "ann@example.com"], now: t0,
                                                 splitBucket: AgentAPIService.splitBucket)
        #expect(text(beta) == #"{"theme":{"enabled":true,"style":"bold","_variant":"Beta"}}"#)
        let nobody = try RetrievalFormat.evaluated(content, only: ["theme", "bitcoin"], context: [:], now: t0,
                                                   splitBucket: AgentAPIService.splitBucket)
        #expect(text(nobody) == #"{"theme":{"enabled":true,"style":"classic","_variant":"Default"},"bitcoin":{"enabled":true,"discount_percent":5}}"#)
    }

    @Test func splitSendsAboutItsPercentageToItsVariant() throws {
        var half = 0
        for user in 0..<400 {
            let out = try RetrievalFormat.evaluated(content, only: ["theme"], context: ["userId": .string("user-\(user)")], now: t0,
                                                    splitBucket: AgentAPIService.splitBucket)
            if out["theme"]?["_variant"]?.stringValue == "Half" { half += 1 }
        }
        #expect((160...240).contains(half), "about half of 400 users, got \(half)")
    }

    @Test func unknownFlagIsAnErrorNamingTheFlags() {
        #expect(throws: RetrievalFormat.Failure.self) {
            _ = try RetrievalFormat.evaluated(content, only: ["nope"], context: [:], now: t0, splitBucket: AgentAPIService.splitBucket)
        }
    }

    @Test func contextHeadersAcceptCommasAndRepeatsAndRejectGarbage() throws {
        let c = try AgentAPIService.context(["email=ann@example.com, age=42", "beta=true"])
        #expect(c == ["email": "ann@example.com", "age": .number(JSONNumber(42)), "beta": true])
        #expect(throws: AgentAPIService.Failure.self) { _ = try AgentAPIService.context(["oops"]) }
        #expect(throws: AgentAPIService.Failure.self) { _ = try AgentAPIService.context(["a=1,a=2"]) }
    }
}
