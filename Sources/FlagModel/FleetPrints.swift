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
    private var byBytes: [FingerprintBytes: Int32] = [:]
    /// Value id per byte id. While every fingerprint is ASCII, equal strings are equal bytes
    /// and the ids coincide; the first non-ASCII one switches to interning strings too.
    private var valueIDOfByteID: [Int32] = []
    private var byString: [String: Int32]?

    init(_ hosted: HostedProfile) { self.hosted = hosted }

    /// Loose documents compared with one another (no profile around them).
    convenience init(documents: [Int: FeatureFlagDocument]) {
        self.init(HostedProfile(profile: ProfileRef(accountId: "", region: "", applicationName: "", profileId: "", profileName: ""),
                                latestVersion: nil, documents: documents.mapValues { .parsed($0) }))
    }

    /// The fingerprints of a parsed version; nil when the version is unreadable or was not fetched.
    func version(_ version: Int) -> VersionPrints? {
        if let known = versions[version] { return known }
        var result: VersionPrints?
        if case .parsed(let doc)? = hosted.documents[version] { result = VersionPrints(doc, interning: self) }
        versions[version] = result
        return result
    }

    fileprivate func reserve(_ count: Int) {
        if byBytes.isEmpty { byBytes.reserveCapacity(2 * count) }
    }

    fileprivate func intern(_ bytes: [UInt8]) -> (byteID: Int32, valueID: Int32) {
        let key = FingerprintBytes(bytes: bytes)
        if let id = byBytes[key] { return (id, valueIDOfByteID[Int(id)]) }
        let byteID = Int32(valueIDOfByteID.count)
        byBytes[key] = byteID
        if byString == nil && bytes.allSatisfy({ $0 < 0x80 }) {
            valueIDOfByteID.append(byteID)
            return (byteID, byteID)
        }
        if byString == nil {
            // Canonical equivalence can make a non-ASCII string equal an ASCII one (K, ;).
            var table: [String: Int32] = [:]
            for (b, id) in byBytes where id != byteID { table[String(decoding: b.bytes, as: UTF8.self)] = valueIDOfByteID[Int(id)] }
            byString = table
        }
        let text = String(decoding: bytes, as: UTF8.self)
        let valueID: Int32
        if let known = byString![text] {
            valueID = known
        } else {
            valueID = byteID // unused as a value id so far: byte ids only grow
            byString![text] = valueID
        }
        valueIDOfByteID.append(valueID)
        return (byteID, valueID)
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

    fileprivate init(_ doc: FeatureFlagDocument, interning table: HostedPrints) {
        document = doc
        keys = doc.flagKeys
        var byteIDs = [Int32](), valueIDs = [Int32](), states = [CellState](), valuePositions = [Int32]()
        byteIDs.reserveCapacity(keys.count); valueIDs.reserveCapacity(keys.count)
        states.reserveCapacity(keys.count); valuePositions.reserveCapacity(keys.count)
        table.reserve(keys.count)
        doc.forEachServedFingerprint { bytes, state, value in
            let ids = table.intern(bytes)
            byteIDs.append(ids.byteID)
            valueIDs.append(ids.valueID)
            states.append(state)
            valuePositions.append(value.map { Int32($0) } ?? -1)
        }
        self.byteIDs = byteIDs
        self.valueIDs = valueIDs
        self.states = states
        self.valuePositions = valuePositions
    }

    /// The dashboard's summary of `keys[i]`, read in place.
    func summary(_ i: Int) -> FlagDefinitionSummary {
        let v = valuePositions[i]
        // `flagKeys` lists the definitions first, in order.
        return FlagDefinitionSummary(definition: i < document.definitions.count ? i : nil, value: v < 0 ? nil : Int(v), in: document)
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

/// Canonical fingerprint bytes as a dictionary key, hashed in one go.
private struct FingerprintBytes: Hashable {
    var bytes: [UInt8]
    func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
    static func == (a: Self, b: Self) -> Bool {
        a.bytes.count == b.bytes.count && a.bytes.withUnsafeBytes { x in
            b.bytes.withUnsafeBytes { y in x.count == 0 || memcmp(x.baseAddress!, y.baseAddress!, x.count) == 0 }
        }
    }
}
