import Foundation
@testable import FlagModel
import Testing

/// How the fleet reads Powertools documents (issue 15): states, fingerprints, diffs,
/// edits and which Freeform documents count as flags.
@Suite struct PowertoolsServingTests {
    static func doc(_ json: JSONValue, at path: JSONPath = .root) -> FeatureFlagDocument {
        FeatureFlagDocument(powertools: json, featuresAt: path)
    }

    static let features: JSONValue = [
        "plain": ["default": true],
        "off": ["default": false],
        "rules_differ": ["default": false, "rules": ["r": ["when_match": true, "conditions": [["action": "EQUALS", "key": "a", "value": 1]]]]],
        "rules_agree": ["default": true, "rules": ["r": ["when_match": true, "conditions": [["action": "EQUALS", "key": "a", "value": 1]]]]],
        "value": ["default": ["size": 5], "boolean_type": false],
        "null_type": ["default": 3, "boolean_type": nil],
    ]

    @Test func statesFollowPowertoolsTruthiness() {
        let d = Self.doc(Self.features)
        let states = d.flagKeys.map { d.servedFingerprint($0).state }
        #expect(d.flagKeys == ["plain", "off", "rules_differ", "rules_agree", "value", "null_type"])
        #expect(states == [.on, .off, .variants, .on, .value, .value], "boolean_type null is falsy: a value")
    }

    @Test func fingerprintsIgnoreWhatEvaluateIgnores() {
        func bytes(_ feature: JSONValue) -> [UInt8]? {
            Self.doc(["f": feature]).servedFingerprint("f").bytes
        }
        let plain = bytes(["default": true])
        #expect(bytes(["default": true, "boolean_type": true, "rules": [:]]) == plain)
        #expect(bytes(["rules": nil, "default": true, "description": "ignored by Powertools"]) == plain)
        #expect(bytes(["default": false]) != plain)
        #expect(bytes(["default": true, "rules": ["r": ["when_match": false, "conditions": []]]]) != plain)
        // The interner (the derivation's hot path) writes the same bytes as the reference path.
        for key in Self.doc(Self.features).flagKeys {
            let d = Self.doc(Self.features)
            let prints = HostedPrints(documents: [1: d]).version(1)!
            let other = HostedPrints(documents: [1: Self.doc(["only": Self.features[key]!])]).version(1)!
            #expect(prints.states[prints.keys.firstIndex(of: key)!] == other.states[0])
        }
    }

    @Test func diffsSayRulesChangedAndTheAttributesAreTheServedFeature() {
        let old = Self.doc(Self.features)
        var changed = Self.features.objectValue!
        changed["rules_differ"] = ["default": false, "rules": ["r": ["when_match": true, "conditions": [["action": "EQUALS", "key": "a", "value": 2]]]]]
        changed["plain"] = ["default": false]
        let new = Self.doc(.object(changed))
        let changes = DocumentDiff.changes(from: old, to: new).map(\.description)
        #expect(changes == ["plain: on → off", "rules_differ: rules changed"])
        #expect(new.servedValue("value") == .present(["default": ["size": 5], "boolean_type": false]))
    }

    @Test func anEnvelopePutsTheFeaturesElsewhere() {
        let d = Self.doc(["owner": "x", "config": ["flags": ["a": ["default": true]]]],
                         at: JSONPath([.key("config"), .key("flags")]))
        #expect(d.flagKeys == ["a"])
        #expect(d.dialect == .powertools)
    }

    @Test func offSwitchesTheDefaultAndEveryRuleOnOnlyTheDefault() throws {
        let d = Self.doc(["f": ["default": true, "rules": [
            "a": ["when_match": true, "conditions": [["action": "EQUALS", "key": "k", "value": 1]]],
            "b": ["when_match": false, "conditions": [["action": "EQUALS", "key": "k", "value": 2]]],
        ]]])
        let off = try d.setPowertoolsFeature("f", to: false)
        #expect(off.diff.map(\.path.relative) == ["f.default", "f.rules.a.when_match"])
        #expect(off.document.servedFingerprint("f").state == .off)
        let on = try off.document.setPowertoolsFeature("f", to: true)
        #expect(on.diff.map(\.path.relative) == ["f.default"])
        #expect(on.document.rulesStillOff("f").map(\.name) == ["a", "b"])
        #expect(try on.document.setPowertoolsFeature("f", to: true).diff.isEmpty, "already on: no change")
        #expect(throws: FlagEditError.notBoolean(flag: "v")) {
            try Self.doc(["v": ["default": 1, "boolean_type": false]]).setPowertoolsFeature("v", to: false)
        }
        #expect(throws: FlagEditError.unknownFlag("nope", known: ["f"])) { try d.setPowertoolsFeature("nope", to: false) }
    }

    @Test func freeformDocumentsAreFlagsOnlyWhenShapedLikeFeaturesOrDeclared() throws {
        func read(_ text: String, _ envelope: String? = nil) throws -> FreeformReading {
            FreeformReading.read(Array(text.utf8), envelope: try envelope.map { try PowertoolsEnvelope(parsing: $0) })
        }
        #expect(try read("logLevel: info") == .notFlags("not JSON"))
        #expect(try read(#"{"logLevel":"info","poolSize":32}"#) == .notFlags("not a Powertools features document"))
        #expect(try read("{}") == .notFlags("not a Powertools features document"))
        guard case .powertools(let d) = try read(#"{"a":{"default":true}}"#) else { Issue.record("not read"); return }
        #expect(d.flagKeys == ["a"])
        // Declared by an envelope: anything but valid features is a problem, not a skip.
        guard case .invalidPowertools(let missing) = try read(#"{"a":{"default":true}}"#, "features") else {
            Issue.record("a missing envelope path must be a problem"); return
        }
        #expect(missing.map(\.description) == [#"$.features: missing: the envelope features names nothing in this document"#])
        guard case .invalidPowertools(let notJSON) = try read("{oops", "features") else { Issue.record("not JSON"); return }
        #expect(notJSON.first?.message.hasPrefix("not JSON (line 1, column 2)") == true)
    }
}
