import Foundation

/// Served-value fingerprints of one hosted profile's versions, computed once per version
/// however many environments, flags and deployment diffs look at them.
///
/// Two ids per fingerprint, both only comparable within one profile:
/// - `byteIDs`: equal iff the canonical bytes are equal (what `DocumentDiff` compares);
/// - `valueIDs`: equal iff the bytes are equal as `String`s (what the cell derivation has
///   always compared: canonically equivalent Unicode counts as the same value).
final class HostedPrints {
    let hosted: HostedProfile
    private var versions: [Int: VersionPrints?] = [:]
    private var interner = FingerprintInterner()
    /// The version read last: the next one usually repeats most of its values.
    private var previous: VersionPrints?

    init(_ hosted: HostedProfile) { self.hosted = hosted }
    deinit { interner.deallocate() }

    /// Loose documents compared with one another (no profile around them).
    convenience init(documents: [Int: FeatureFlagDocument]) {
        self.init(HostedProfile(profile: ProfileRef(accountId: "", region: "", applicationName: "", profileId: "", profileName: ""),
                                latestVersion: nil, documents: documents.mapValues { .parsed($0) }))
    }

    /// The fingerprints of a parsed version; nil when the version is unreadable or was not fetched.
    func version(_ version: Int) -> VersionPrints? {
        if let known = versions[version] { return known }
        var result: VersionPrints?
        if case .parsed(let doc)? = hosted.documents[version] {
            result = VersionPrints(doc, interner: &interner, previous: previous)
            previous = result
        }
        versions[version] = result
        return result
    }
}

/// One parsed version: its flag keys (`flagKeys` order) and each key's fingerprint.
final class VersionPrints {
    let document: FeatureFlagDocument
    let keys: [String]
    let byteIDs: [Int32]
    let valueIDs: [Int32]
    let states: [CellState]
    /// Each key's position in `document.values` (-1: only a definition).
    private let valuePositions: [Int32]
    /// Attribute values of every key, built when the version is first served (versions
    /// that are only walked over or pending never need them).
    private(set) lazy var attributes: [JSONValue?] = valuePositions.map {
        document.servedAttributes(value: $0 < 0 ? nil : Int($0))
    }
    private var positions: [String: Int]?

    fileprivate init(_ doc: FeatureFlagDocument, interner: inout FingerprintInterner, previous: VersionPrints?) {
        document = doc
        let keys = doc.flagKeys
        self.keys = keys
        var byteIDs = [Int32](), valueIDs = [Int32](), states = [CellState](), valuePositions = [Int32]()
        byteIDs.reserveCapacity(keys.count); valueIDs.reserveCapacity(keys.count)
        states.reserveCapacity(keys.count); valuePositions.reserveCapacity(keys.count)
        interner.reserve(keys.count)
        // `flagKeys` order: definitions, then values without one.
        let n = doc.definitions.count
        for k in 0..<(n + doc.values.count) {
            let value: Int?
            if k < n { value = doc.valuePosition(ofDefinition: k) } else if !doc.isDefined(value: k - n) { value = k - n } else { continue }
            valuePositions.append(value.map { Int32($0) } ?? -1)
            // The same key with an identical value in the previous version: same fingerprint.
            let i = byteIDs.count
            if let previous, i < previous.keys.count, previous.keys[i] == keys[i],
               Self.identical(doc, value, previous.document, previous.valuePositions[i]) {
                byteIDs.append(previous.byteIDs[i])
                valueIDs.append(previous.valueIDs[i])
                states.append(previous.states[i])
                continue
            }
            let state = interner.write(doc, value: value)
            let ids = interner.intern()
            byteIDs.append(ids.byteID)
            valueIDs.append(ids.valueID)
            states.append(state)
        }
        self.byteIDs = byteIDs
        self.valueIDs = valueIDs
        self.states = states
        self.valuePositions = valuePositions
    }

    /// Whether two flags' values are the same JSON to the byte (or both only a definition):
    /// their fingerprints are then equal without writing them.
    private static func identical(_ a: FeatureFlagDocument, _ p: Int?, _ b: FeatureFlagDocument, _ q: Int32) -> Bool {
        guard let p else { return q < 0 }
        guard q >= 0 else { return false }
        return identical(a.values[p].json, b.values[Int(q)].json)
    }

    private static func identical(_ a: JSONValue, _ b: JSONValue) -> Bool {
        switch (a, b) {
        case (.null, .null): return true
        case (.bool(let x), .bool(let y)): return x == y
        case (.number(let x), .number(let y)): return sameBytes(x.text, y.text)
        case (.string(let x), .string(let y)): return sameBytes(x, y)
        case (.array(let x), .array(let y)):
            guard x.count == y.count else { return false }
            for i in x.indices where !identical(x[i], y[i]) { return false }
            return true
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            for i in x.indices where !sameBytes(x[i].key, y[i].key) || !identical(x[i].value, y[i].value) { return false }
            return true
        default: return false
        }
    }

    /// Byte equality (`==` on strings is canonical equivalence, too loose for fingerprints).
    private static func sameBytes(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y in
                x.count == y.count && (x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0)
            }
        }
        if let fast, let same = fast { return same }
        return a.utf8.elementsEqual(b.utf8)
    }

    /// The dashboard's summary of `keys[i]`, read in place.
    func summary(_ i: Int) -> FlagDefinitionSummary {
        // `flagKeys` lists the definitions first, in order. Only a multi-variant value
        // fingerprints as `variants`.
        FlagDefinitionSummary(definition: i < document.definitions.count ? i : nil,
                              isMultiVariant: states[i] == .variants && document.dialect == .appconfig, in: document)
    }

    /// The deprecation of `keys[i]`'s definition, if any.
    func deprecation(_ i: Int) -> Deprecation? {
        i < document.definitions.count ? document.definitions[i].deprecation : nil
    }

    /// Where `key` is in `keys`; `hint` is tried first (aligned key lists make it a hit).
    func position(of key: String, hint: Int) -> Int? {
        if hint < keys.count && keys[hint] == key { return hint }
        if positions == nil {
            var p: [String: Int] = [:]
            p.reserveCapacity(keys.count)
            for (i, k) in keys.enumerated() { p[k] = i }
            positions = p
        }
        return positions![key]
    }

    /// Values of `keys` (any key list) in this version, aligned with that list.
    func aligned(to keys: [String]) -> AlignedValues {
        if keys.count == self.keys.count && keys.indices.allSatisfy({ keys[$0] == self.keys[$0] }) {
            return AlignedValues(version: self, ids: valueIDs, states: states, positions: nil)
        }
        var ids = [Int32](repeating: -1, count: keys.count)
        var states = [CellState](repeating: .absent, count: keys.count)
        var positions = [Int32](repeating: -1, count: keys.count)
        for (i, k) in keys.enumerated() {
            guard let p = position(of: k, hint: i) else { continue }
            ids[i] = valueIDs[p]
            states[i] = self.states[p]
            positions[i] = Int32(p)
        }
        return AlignedValues(version: self, ids: ids, states: states, positions: positions)
    }
}

/// A version's served values for a list of flag keys: value id (-1 when absent) and state.
/// Equal ids (within one profile) mean the same served value.
final class AlignedValues {
    let version: VersionPrints
    let ids: [Int32]
    let states: [CellState]
    /// Position of each key in `version.keys` (-1: absent); nil when the lists are the same.
    private let positions: [Int32]?

    init(version: VersionPrints, ids: [Int32], states: [CellState], positions: [Int32]?) {
        self.version = version
        self.ids = ids
        self.states = states
        self.positions = positions
    }

    /// The attribute values of key `i` (nil when absent or not an object value), aligned
    /// with the key list. Built on first use: only served versions need them.
    private(set) lazy var attributes: [JSONValue?] = {
        let all = version.attributes
        guard let positions else { return all }
        return positions.map { $0 < 0 ? nil : all[Int($0)] }
    }()
}
