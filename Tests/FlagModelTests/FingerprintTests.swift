import Foundation
import Testing
import PropertyBased
@testable import FlagModel

/// The fleet derivation fingerprints every flag of every version through `HostedPrints`
/// (pointer writer, own hash table, reuse of identical values). It must agree exactly with
/// `servedFingerprint`, the plain reference written with `CanonicalWriter`.
@Suite struct FingerprintTests {
    /// A document with one flag per value (`nil`: definition only), keys `f0`, `f1`, ...
    func document(_ values: [JSONValue?]) -> FeatureFlagDocument {
        var flags = JSONObject(), vals = JSONObject()
        for (i, v) in values.enumerated() {
            if v == nil || i % 3 == 0 { flags["f\(i)"] = ["name": .string("f\(i)")] }
            if let v { vals["f\(i)"] = v }
        }
        return FeatureFlagDocument(json: ["version": "1", "flags": .object(flags), "values": .object(vals)])
    }

    /// What `DocumentDiff.changes` returned before it used fingerprint tables.
    func referenceChanges(from old: FeatureFlagDocument?, to new: FeatureFlagDocument) -> [FlagChange] {
        var changes: [FlagChange] = []
        var keys = new.flagKeys
        if let old { keys += old.flagKeys.filter { new.definition($0) == nil && new.value($0) == nil } }
        for key in keys {
            let after = new.servedFingerprint(key)
            guard let old else {
                if after.bytes != nil { changes.append(FlagChange(key: key, kind: .added, stateAfter: after.state, detail: "added")) }
                continue
            }
            let before = old.servedFingerprint(key)
            if before.bytes == after.bytes { continue }
            switch (before.bytes, after.bytes) {
            case (nil, _): changes.append(FlagChange(key: key, kind: .added, stateAfter: after.state, detail: "added"))
            case (_, nil): changes.append(FlagChange(key: key, kind: .removed, stateAfter: .absent, detail: "removed"))
            default:
                let detail = before.state != after.state ? "\(DocumentDiff.label(before.state)) → \(DocumentDiff.label(after.state))" : "attributes changed"
                changes.append(FlagChange(key: key, kind: .changed, stateAfter: after.state, detail: detail))
            }
        }
        return changes
    }

    static var flagValue: Generator<JSONValue?, some SendableSequenceType> { Gen.oneOf(
        Gens.value.map { Optional($0) },
        zip(Gens.value, Gen.bool).map { v, on -> JSONValue? in
            guard case .object(var o) = v else { return v }
            o["enabled"] = .bool(on)
            o["_updatedAt"] = "2026-01-01T00:00:00Z"
            return .object(o)
        },
        Gens.scalar.map { Optional($0) },
        Gen.always(nil),
        Gen.always(JSONValue.object(JSONObject())),
        Gen.always(["enabled": false]),
        Gen.always(["enabled": true, "_variants": [["name": "a", "enabled": true]]])) }

    @Test func tablesAgreeWithServedFingerprint() async {
        await propertyCheck(count: 300, input: Self.flagValue.array(of: 1...6), Self.flagValue.array(of: 6...6), Gen.int(in: 0...63)) { a, b, mix in
            // Version 2 keeps some of version 1's values (re-parsed: same JSON, other storage).
            let second = b.indices.map { i -> JSONValue? in
                guard i < a.count, mix & (1 << i) != 0 else { return b[i] }
                return a[i].map { try! JSONParser.parse($0.serialized()) }
            }
            let v1 = document(a), v2 = document(second)
            let prints = HostedPrints(documents: [1: v1, 2: v2])
            let p1 = prints.version(1)!, p2 = prints.version(2)!
            let all = [(v1, p1), (v2, p2)]
            for (doc, p) in all {
                #expect(p.keys == doc.flagKeys)
                for (i, k) in p.keys.enumerated() { #expect(p.states[i] == doc.servedFingerprint(k).state) }
            }
            // Same ids exactly when the reference bytes (for byte ids) or strings (value ids) are equal.
            for (docX, px) in all {
                for (docY, py) in all {
                    for (i, k) in px.keys.enumerated() {
                        for (j, l) in py.keys.enumerated() {
                            let x = docX.servedFingerprint(k).bytes!, y = docY.servedFingerprint(l).bytes!
                            #expect((px.byteIDs[i] == py.byteIDs[j]) == (x == y))
                            #expect((px.valueIDs[i] == py.valueIDs[j]) == (String(decoding: x, as: UTF8.self) == String(decoding: y, as: UTF8.self)))
                        }
                    }
                }
            }
            for (doc, p) in all {
                for (i, k) in p.keys.enumerated() { #expect(p.attributes[i] == doc.servedFingerprint(k).attributes) }
            }
            #expect(DocumentDiff.changes(from: v1, to: v2) == referenceChanges(from: v1, to: v2))
            #expect(DocumentDiff.changes(from: v2, to: v1) == referenceChanges(from: v2, to: v1))
            #expect(DocumentDiff.changes(from: nil, to: v2) == referenceChanges(from: nil, to: v2))
        }
    }

    /// Canonically equivalent text (é as one scalar or as e + combining accent) is the same
    /// served value for the cells, as it always was, but different bytes for the audit diff.
    @Test func canonicallyEquivalentValuesKeepSinceButShowInTheDiff() {
        func doc(_ engine: String) -> HostedDocument {
            .parsed(FeatureFlagDocument(json: ["version": "1", "flags": ["a": ["name": "a"]],
                                              "values": ["a": ["enabled": true, "engine": .string(engine)]]]))
        }
        let docs = [1: doc("caf\u{E9}"), 2: doc("cafe\u{301}")]
        let hosted = HostedProfile(profile: FleetFixture.profile(), latestVersion: 2, documents: docs)
        let deployments = [FleetFixture.deployment(1, version: 1, at: 0), FleetFixture.deployment(2, version: 2, at: 10)]
        let input = FleetInput(environments: [FleetFixture.env("prod")], profiles: [hosted],
                               histories: [DeploymentHistory(environment: FleetFixture.env("prod"), profile: FleetFixture.profile(), deployments: deployments)])
        let asOf = FleetFixture.t0.addingTimeInterval(100 * FleetFixture.day)
        let result = ScanResult.build(from: input, policy: FleetFixture.policy(asOf: asOf), errors: [], scannedAt: asOf)
        let cell = result.snapshot.rows[0].cells[0]
        #expect(cell.since == FleetFixture.t0.addingTimeInterval(600))
        #expect(cell.pendingVersion == nil)
        let second = result.deployments.first { $0.deploymentNumber == 2 }
        #expect(second?.changes == [FlagChange(key: "a", kind: .changed, stateAfter: .on, detail: "attributes changed")])
    }

    /// `ScanResult.build` shares fingerprints and diffs between deployments; each record must
    /// still list what `DocumentDiff` says about its two versions.
    @Test func buildListsTheSameChangesAsDocumentDiff() {
        let F = FleetFixture.self
        let docs: [Int: HostedDocument] = [
            1: F.doc([("a", true), ("b", false)]),
            2: F.doc([("a", false), ("b", false), ("c", true)], n: ["b": 3]),
            3: .unreadable("broken"),
            4: F.doc([("a", false), ("c", true)]),
        ]
        let hosted = HostedProfile(profile: F.profile(), latestVersion: 4, documents: docs)
        var histories: [DeploymentHistory] = []
        for (name, versions) in [("dev", [1, 2, 3, 4]), ("prod", [1, 2, 4, 4]), ("qa", [2, 1, 5, 4])] {
            let deployments = versions.enumerated().map { F.deployment($0.offset + 1, version: $0.element, at: Double($0.offset)) }
            histories.append(DeploymentHistory(environment: F.env(name), profile: F.profile(), deployments: deployments))
        }
        let input = FleetInput(environments: histories.map(\.environment), profiles: [hosted], histories: histories)
        let asOf = F.t0.addingTimeInterval(10 * F.day)
        let result = ScanResult.build(from: input, policy: F.policy(asOf: asOf), errors: [], scannedAt: asOf)
        func document(_ v: Int?) -> FeatureFlagDocument? {
            if let v, case .parsed(let d)? = docs[v] { d } else { nil }
        }
        for history in histories {
            var served: Int?
            for d in history.deployments {
                let record = result.deployments.first { $0.environment == history.environment && $0.deploymentNumber == d.deploymentNumber }
                var expected: [FlagChange] = []
                if let new = document(d.configurationVersion), served == nil || document(served) != nil {
                    expected = DocumentDiff.changes(from: document(served), to: new)
                }
                #expect(record?.changes == expected)
                served = d.configurationVersion
            }
        }
        #expect(result.deployments.contains { !$0.changes.isEmpty })
    }
}
