/// The key pattern of flags, attributes and values in the published schema.
public let flagKeyPatternText = #"^[a-z][a-zA-Z\d_-]{0,63}$"#

/// `^[a-z][a-zA-Z\d_-]{0,63}$` checked on bytes: the document hot path must not compile regexes.
public func isValidFlagKey(_ key: String) -> Bool {
    var count = 0
    for b in key.utf8 {
        if count == 0 {
            guard b >= 97 && b <= 122 else { return false }
        } else {
            guard (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 95 || b == 45 else { return false }
        }
        count += 1
        if count > 64 { return false }
    }
    return count > 0
}

/// A typed, read-only view over a document that holds flags: an `AWS.AppConfig.FeatureFlags`
/// document, or a Powertools features document (`dialect`).
///
/// The JSON stays the source of truth (`json`): unknown keys, key order and number text
/// survive every edit. The typed fields are a lenient reading of it — a value of the wrong
/// type reads as absent here and is reported by `validate()`.
///
/// A Powertools document has no definitions: each feature is a value (`values`, keyed by
/// feature name, `json` the feature object), so keys, positions and fingerprints work alike.
public struct FeatureFlagDocument: Sendable, Hashable {
    public private(set) var json: JSONValue
    public let dialect: FlagDialect
    /// Powertools: where the features object sits in `json` (the envelope's path; the root
    /// without one). The root for native documents.
    public let featuresPath: JSONPath
    public private(set) var definitions: [FlagDefinition]
    public private(set) var values: [FlagValue]
    private(set) var definitionIndex: [String: Int]
    private(set) var valueIndex: [String: Int]

    /// A Powertools document: `json` whole, its features at `path`. A features value that
    /// is not an object reads as no features (`validate()` reports it).
    public init(powertools json: JSONValue, featuresAt path: JSONPath = .root) {
        self.json = json
        dialect = .powertools
        featuresPath = path
        definitions = []
        values = []
        definitionIndex = [:]
        valueIndex = [:]
        if let features = json.value(at: path)?.objectValue {
            values.reserveCapacity(features.count)
            for m in features {
                valueIndex[m.key] = values.count
                values.append(FlagValue(powertoolsFeature: m.key, json: m.value))
            }
        }
    }

    /// Parses `bytes` as a document of the same dialect and features path.
    public func reading(_ bytes: [UInt8]) throws(JSONParseError) -> FeatureFlagDocument {
        replacingJSON(try JSONParser.parse(bytes))
    }

    /// The same dialect and features path around another JSON (after an edit).
    func replacingJSON(_ json: JSONValue) -> FeatureFlagDocument {
        switch dialect {
        case .appconfig: FeatureFlagDocument(json: json)
        case .powertools: FeatureFlagDocument(powertools: json, featuresAt: featuresPath)
        }
    }

    public init(json: JSONValue) {
        self.json = json
        dialect = .appconfig
        featuresPath = .root
        definitions = []
        values = []
        definitionIndex = [:]
        valueIndex = [:]
        if let flags = json["flags"]?.objectValue {
            definitions.reserveCapacity(flags.count)
            for m in flags {
                definitionIndex[m.key] = definitions.count
                definitions.append(FlagDefinition(key: m.key, json: m.value))
            }
        }
        if let vals = json["values"]?.objectValue {
            values.reserveCapacity(vals.count)
            for m in vals {
                valueIndex[m.key] = values.count
                values.append(FlagValue(key: m.key, json: m.value))
            }
        }
    }

    public init(parsing text: String) throws(JSONParseError) {
        self.init(json: try JSONParser.parse(text))
    }

    public init(parsing bytes: [UInt8]) throws(JSONParseError) {
        self.init(json: try JSONParser.parse(bytes))
    }

    /// `version` when it is a string (`"1"` is the only valid one).
    public var version: String? { json["version"]?.stringValue }

    public func definition(_ key: String) -> FlagDefinition? { definitionIndex[key].map { definitions[$0] } }
    public func value(_ key: String) -> FlagValue? { valueIndex[key].map { values[$0] } }

    /// Defined flags in document order, then keys that only have a value.
    public var flagKeys: [String] {
        var keys: [String] = []
        keys.reserveCapacity(Swift.max(definitions.count, values.count))
        for i in definitions.indices { keys.append(definitions[i].key) }
        for j in values.indices where !isDefined(value: j) { keys.append(values[j].key) }
        return keys
    }

    // Documents usually list `flags` and `values` in the same order: then a key comparison
    // at the same position replaces a hash lookup. Keys are unique, so a match is the answer.

    /// The index in `values` of the value of `definitions[i]`.
    func valuePosition(ofDefinition i: Int) -> Int? {
        if i < values.count && values[i].key == definitions[i].key { return i }
        return valueIndex[definitions[i].key]
    }

    /// Whether `values[j]` has a definition.
    func isDefined(value j: Int) -> Bool {
        if j < definitions.count && definitions[j].key == values[j].key { return true }
        return definitionIndex[values[j].key] != nil
    }

    public func serialized(pretty: Bool = true) -> String { json.serialized(pretty: pretty) }

    /// What the flag serves, for "did it change" questions: absent, or the value without
    /// the service's bookkeeping timestamps, in canonical form.
    public func servedValue(_ key: String) -> ServedFlagValue {
        let defined = definitionIndex[key] != nil
        guard let v = value(key) else { return defined ? .present(["enabled": false]) : .absent }
        if dialect == .powertools { return .present(PowertoolsServing.servedObject(v.json)) }
        guard let obj = v.json.objectValue else { return .present(v.json) }
        var members = obj.members.filter { $0.key != "_createdAt" && $0.key != "_updatedAt" }
        // A missing `enabled` serves as false, so `{}` and `{"enabled": false}` are the same value.
        if v.enabled == nil && obj["enabled"] == nil && !v.isMultiVariant {
            members.append(JSONObject.Member(key: "enabled", value: .bool(false)))
        }
        return .present(.object(JSONObject(members)))
    }

    /// What the flag serves, as a cell state (`absent` when the document lacks it).
    public func servedState(_ key: String) -> CellState { servedFingerprint(key).state }

    /// The served value as canonical bytes (equal bytes = same behaviour, matching
    /// `servedValue` + `sameBehaviour`), its state, and the attribute values (the value without
    /// `enabled` and bookkeeping timestamps). Written directly: this runs for every flag of
    /// every version in the fleet.
    func servedFingerprint(_ key: String) -> (bytes: [UInt8]?, state: CellState, attributes: JSONValue?) {
        let v = valueIndex[key]
        if v == nil && definitionIndex[key] == nil { return (nil, .absent, nil) }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(64)
        var scratch: [JSONObject.Member] = []
        let state = writeFingerprint(value: v, into: &bytes, scratch: &scratch)
        return (bytes, state, servedAttributes(value: v))
    }

    /// The canonical bytes and state of the flag with value `values[value]`, or only a
    /// definition (nil). Reads the value in place: copying a `FlagValue` costs more than this.
    private func writeFingerprint(value position: Int?, into bytes: inout [UInt8],
                                  scratch kept: inout [JSONObject.Member]) -> CellState {
        guard let position else {
            bytes.append(contentsOf: #"{"enabled":false}"#.utf8)
            return .off
        }
        if dialect == .powertools {
            kept = PowertoolsServing.servedMembers(values[position].json)
            CanonicalWriter.writeMembers(sorting: &kept, into: &bytes)
            return PowertoolsServing.state(values[position].json)
        }
        guard case .object(let obj) = values[position].json else {
            CanonicalWriter.write(values[position].json, into: &bytes)
            return .off
        }
        let enabled = values[position].enabled, isMultiVariant = values[position].isMultiVariant
        kept.removeAll(keepingCapacity: true)
        var hasEnabled = false
        for m in obj.members where m.key != "_createdAt" && m.key != "_updatedAt" {
            kept.append(m)
            if m.key == "enabled" { hasEnabled = true }
        }
        // A missing `enabled` serves as false, so `{}` and `{"enabled": false}` are the same value.
        if enabled == nil && !hasEnabled && !isMultiVariant {
            kept.append(JSONObject.Member(key: "enabled", value: .bool(false)))
        }
        CanonicalWriter.writeMembers(sorting: &kept, into: &bytes)
        return isMultiVariant ? .variants : (enabled == true ? .on : .off)
    }

    /// The attribute values `servedFingerprint` reports for the flag with value
    /// `values[value]` (nil: only a definition): the value without `enabled` and the
    /// timestamps, in document order; nil when the value is not an object.
    func servedAttributes(value position: Int?) -> JSONValue? {
        guard let position else { return .object(JSONObject()) }
        if dialect == .powertools { return PowertoolsServing.servedObject(values[position].json) }
        guard case .object(let obj) = values[position].json else { return nil }
        func isAttribute(_ m: JSONObject.Member) -> Bool { m.key != "_createdAt" && m.key != "_updatedAt" && m.key != "enabled" }
        let count = obj.members.reduce(0) { isAttribute($1) ? $0 + 1 : $0 }
        if count == 0 { return .object(JSONObject()) }
        var members: [JSONObject.Member] = []
        members.reserveCapacity(count)
        for m in obj.members where isAttribute(m) { members.append(m) }
        return .object(JSONObject(uniqueMembers: members))
    }

    public static func == (a: FeatureFlagDocument, b: FeatureFlagDocument) -> Bool {
        a.dialect == b.dialect && a.featuresPath == b.featuresPath && a.json == b.json
    }
    public func hash(into hasher: inout Hasher) { hasher.combine(json) }
}

/// A flag's served value without bookkeeping timestamps, `enabled` defaulted to false.
public enum ServedFlagValue: Sendable, Hashable {
    case absent
    case present(JSONValue)

    /// Same behaviour: numbers by value, object members in any order.
    public func sameBehaviour(as other: ServedFlagValue) -> Bool {
        switch (self, other) {
        case (.absent, .absent): true
        case (.present(let a), .present(let b)): a.semanticallyEquals(b)
        default: false
        }
    }
}

/// Serialises the canonical form (sorted keys, normalised numbers) straight to bytes, so
/// equal behaviour gives equal bytes without building a second tree.
enum CanonicalWriter {
    static func write(_ v: JSONValue, into out: inout [UInt8]) {
        switch v {
        case .object(let o): writeMembers(o.members, into: &out)
        case .array(let a):
            out.append(UInt8(ascii: "["))
            for (i, x) in a.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                write(x, into: &out)
            }
            out.append(UInt8(ascii: "]"))
        case .number(let n): writeNumber(n, into: &out)
        case .string(let s): JSONSerializer.writeString(s, into: &out)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .null: out.append(contentsOf: "null".utf8)
        }
    }

    static func writeMembers(_ members: [JSONObject.Member], into out: inout [UInt8]) {
        var sorted = members
        writeMembers(sorting: &sorted, into: &out)
    }

    /// Sorts `members` by key (UTF-8 order; keys are unique, so there are no ties) and writes them.
    static func writeMembers(sorting members: inout [JSONObject.Member], into out: inout [UInt8]) {
        sortMembers(&members)
        out.append(UInt8(ascii: "{"))
        for i in members.indices {
            if i > 0 { out.append(UInt8(ascii: ",")) }
            JSONSerializer.writeString(members[i].key, into: &out)
            out.append(UInt8(ascii: ":"))
            write(members[i].value, into: &out)
        }
        out.append(UInt8(ascii: "}"))
    }

    /// Canonical member order: by key, UTF-8 byte order.
    static func sortMembers(_ members: inout [JSONObject.Member]) {
        if members.count > 1 && !isSorted(members) {
            members.sort { utf8Less($0.key, $1.key) }
        }
    }

    private static func isSorted(_ members: [JSONObject.Member]) -> Bool {
        for i in 1..<members.count where !utf8Less(members[i - 1].key, members[i].key) { return false }
        return true
    }

    /// `a.utf8.lexicographicallyPrecedes(b.utf8)`, on contiguous bytes when available.
    static func utf8Less(_ a: String, _ b: String) -> Bool {
        let fast = a.utf8.withContiguousStorageIfAvailable { x in
            b.utf8.withContiguousStorageIfAvailable { y -> Bool in
                for i in 0..<min(x.count, y.count) where x[i] != y[i] { return x[i] < y[i] }
                return x.count < y.count
            }
        }
        if let fast, let less = fast { return less }
        return a.utf8.lexicographicallyPrecedes(b.utf8)
    }

    /// Integral values as plain integers (`8e2`, `800.0` → `800`), others normalised.
    static func writeNumber(_ n: JSONNumber, into out: inout [UInt8]) {
        let utf8 = n.text.utf8
        let plain = utf8.withContiguousStorageIfAvailable { bytes in
            for b in bytes where !((b >= 48 && b <= 57) || b == UInt8(ascii: "-")) { return false }
            return true
        } ?? utf8.allSatisfy({ ($0 >= 48 && $0 <= 57) || $0 == UInt8(ascii: "-") })
        if plain {
            if n.text == "-0" { out.append(UInt8(ascii: "0")) } else { out.append(contentsOf: utf8) }
            return
        }
        let d = n.decomposed
        if d.digits.isEmpty { out.append(UInt8(ascii: "0")); return }
        if d.exponent >= 0 && d.digits.count + d.exponent <= 40 {
            if d.negative { out.append(UInt8(ascii: "-")) }
            out.append(contentsOf: d.digits)
            out.append(contentsOf: repeatElement(UInt8(ascii: "0"), count: d.exponent))
            return
        }
        out.append(contentsOf: n.normalized.text.utf8)
    }
}
