import Testing
import PropertyBased
@testable import FlagModel

/// Random flag documents: odd keys, Unicode strings, number spellings, nesting.
enum Gens {
    static var numberText: Generator<String, some SendableSequenceType> { Gen.oneOf(
        Gen.int(in: -100_000...100_000).map { String($0) },
        Gen.int(in: 0...999).map { "0.\($0)" },
        Gen.int(in: -9...9).map { "\($0)e\($0 + 10)" },
        Gen.always("1E+300"), Gen.always("-0"), Gen.always("12345678901234567890123"), Gen.always("-1.5e-7")) }

    static var text: Generator<String, some SendableSequenceType> { Gen.oneOf(
        Gen.letterOrNumber.string(of: 0...8),
        Gen.always("é 🚀 中文 \"q\" \\ \n\t\u{1}"),
        Gen.always("👩‍👩‍👧 e\u{301}"),
        Gen.always("")) }

    static var key: Generator<String, some SendableSequenceType> { Gen.oneOf(Gen.lowercaseLetter.string(of: 1...6), text) }

    static var scalar: Generator<JSONValue, some SendableSequenceType> { Gen.oneOf(
        Gen.always(JSONValue.null), Gen.bool.map { JSONValue.bool($0) },
        numberText.map { JSONValue.number(JSONNumber(text: $0)!) }, text.map { JSONValue.string($0) }) }

    static var shallow: Generator<JSONValue, some SendableSequenceType> { Gen.oneOf(
        scalar,
        scalar.array(of: 0...4).map { JSONValue.array($0) },
        zip(key, scalar).array(of: 0...4).map { pairs in JSONValue.object(JSONObject(pairs.map { .init(key: $0.0, value: $0.1) })) }) }

    static var value: Generator<JSONValue, some SendableSequenceType> { zip(key, shallow).array(of: 0...6).map { pairs in
        JSONValue.object(JSONObject(pairs.map { .init(key: $0.0, value: $0.1) }))
    } }

    /// Valid documents with boolean flags, to toggle.
    static var flagDocument: Generator<FeatureFlagDocument, some SendableSequenceType> { zip(Gen.lowercaseLetter.string(of: 1...8).array(of: 1...8), Gen.bool.array(of: 8...8), numberText)
        .map { keys, bools, num -> FeatureFlagDocument in
            let unique = Array(NSOrderedSetLike(keys))
            var flags = JSONObject(), values = JSONObject()
            for (i, k) in unique.enumerated() {
                flags[k] = ["name": .string("Flag \(k)"), "attributes": ["n": ["constraints": ["type": "number"]]]]
                values[k] = ["enabled": .bool(bools[i]), "n": .number(JSONNumber(text: num)!)]
            }
            return FeatureFlagDocument(json: ["version": "1", "flags": .object(flags), "values": .object(values)])
        }
    }
}

func NSOrderedSetLike(_ items: [String]) -> [String] {
    var seen = Set<String>()
    return items.filter { seen.insert($0).inserted }
}

/// Every leaf path with its serialised value, to compare documents path by path.
func leaves(_ v: JSONValue, _ path: JSONPath = .root) -> [String: String] {
    switch v {
    case .object(let o):
        var out: [String: String] = [:]
        for m in o { out.merge(leaves(m.value, path.appending(m.key))) { a, _ in a } }
        return out
    case .array(let a):
        var out: [String: String] = [:]
        for (i, x) in a.enumerated() { out.merge(leaves(x, path.appending(i))) { a, _ in a } }
        return out
    default: return [path.description: v.serialized()]
    }
}

@Suite struct PropertyTests {
    @Test func roundTripsCompactAndPretty() async {
        await propertyCheck(count: 300, input: Gens.value) { v in
            let compact = v.serialized()
            let pretty = v.serialized(pretty: true)
            #expect((try? JSONParser.parse(compact)) == v)
            #expect((try? JSONParser.parse(pretty)) == v)
            #expect((try? JSONParser.parse(compact))?.serialized() == compact)
            #expect((try? JSONParser.parse(pretty))?.serialized(pretty: true) == pretty)
        }
    }

    @Test func toggleChangesExactlyOnePath() async {
        await propertyCheck(count: 200, input: Gens.flagDocument, Gen.int(in: 0...7)) { doc, pick in
            let key = doc.flagKeys[pick % doc.flagKeys.count]
            guard let before = doc.value(key)?.enabled, let (edited, diff) = try? doc.setEnabled(flag: key, to: !before) else {
                Issue.record("toggle failed for \(key)")
                return
            }
            #expect(diff.map(\.path.relative) == ["values.\(key).enabled"])
            let a = leaves(doc.json), b = leaves(edited.json)
            #expect(Set(a.keys) == Set(b.keys))
            let changed = a.keys.filter { a[$0] != b[$0] }
            #expect(changed == ["$.values.\(key).enabled"])
            #expect(edited.validate().isEmpty)
            // Toggling back restores the exact bytes.
            #expect((try? edited.setEnabled(flag: key, to: before))?.document.serialized() == doc.serialized())
        }
    }
}
