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
    private var valueIDOfByteID: [Int32] = []
    private var byString: [String: Int32] = [:]

    init(_ hosted: HostedProfile) { self.hosted = hosted }

    /// The fingerprints of a parsed version; nil when the version is unreadable or was not fetched.
    func version(_ version: Int) -> VersionPrints? {
        if let known = versions[version] { return known }
        var result: VersionPrints?
        if case .parsed(let doc)? = hosted.documents[version] { result = VersionPrints(doc, interning: self) }
        versions[version] = result
        return result
    }

    fileprivate func intern(_ bytes: [UInt8]) -> (byteID: Int32, valueID: Int32) {
        let key = FingerprintBytes(bytes: bytes)
        if let id = byBytes[key] { return (id, valueIDOfByteID[Int(id)]) }
        let byteID = Int32(valueIDOfByteID.count)
        byBytes[key] = byteID
        let text = String(decoding: bytes, as: UTF8.self)
        let valueID: Int32
        if let known = byString[text] { valueID = known } else { valueID = Int32(byString.count); byString[text] = valueID }
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
    let attributes: [JSONValue?]
    private var positions: [String: Int]?

    fileprivate init(_ doc: FeatureFlagDocument, interning table: HostedPrints) {
        document = doc
        keys = doc.flagKeys
        var byteIDs = [Int32](), valueIDs = [Int32](), states = [CellState](), attributes = [JSONValue?]()
        byteIDs.reserveCapacity(keys.count); valueIDs.reserveCapacity(keys.count)
        states.reserveCapacity(keys.count); attributes.reserveCapacity(keys.count)
        doc.forEachServedFingerprint { _, bytes, state, attrs in
            let ids = table.intern(bytes)
            byteIDs.append(ids.byteID)
            valueIDs.append(ids.valueID)
            states.append(state)
            attributes.append(attrs)
        }
        self.byteIDs = byteIDs
        self.valueIDs = valueIDs
        self.states = states
        self.attributes = attributes
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
        var ids = [Int32](repeating: -1, count: keys.count)
        var states = [CellState](repeating: .absent, count: keys.count)
        var attributes = [JSONValue?](repeating: nil, count: keys.count)
        for (i, k) in keys.enumerated() {
            guard let p = position(of: k, hint: i) else { continue }
            ids[i] = valueIDs[p]
            states[i] = self.states[p]
            attributes[i] = self.attributes[p]
        }
        return AlignedValues(ids: ids, states: states, attributes: attributes)
    }
}

/// A version's served values for a list of flag keys: value id (-1 when absent), state,
/// attribute values. Equal ids (within one profile) mean the same served value.
final class AlignedValues {
    let ids: [Int32]
    let states: [CellState]
    let attributes: [JSONValue?]

    init(ids: [Int32], states: [CellState], attributes: [JSONValue?]) {
        self.ids = ids
        self.states = states
        self.attributes = attributes
    }
}

/// Canonical fingerprint bytes as a dictionary key, hashed in one go.
private struct FingerprintBytes: Hashable {
    var bytes: [UInt8]
    func hash(into hasher: inout Hasher) { bytes.withUnsafeBytes { hasher.combine(bytes: $0) } }
    static func == (a: Self, b: Self) -> Bool {
        a.bytes.count == b.bytes.count && a.bytes.withUnsafeBytes { x in b.bytes.withUnsafeBytes { y in x.elementsEqual(y) } }
    }
}
