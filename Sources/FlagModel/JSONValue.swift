/// An ordered, lossless JSON value.
///
/// Objects keep their member order and numbers keep their source text, so a document
/// that is parsed and serialised again comes back byte-for-byte in compact or pretty form.
/// That is what lets an edit touch exactly one value of a hosted configuration.
public enum JSONValue: Sendable, Hashable {
    case null
    case bool(Bool)
    case number(JSONNumber)
    case string(String)
    case array([JSONValue])
    case object(JSONObject)

    public var objectValue: JSONObject? { if case .object(let o) = self { o } else { nil } }
    public var arrayValue: [JSONValue]? { if case .array(let a) = self { a } else { nil } }
    public var stringValue: String? { if case .string(let s) = self { s } else { nil } }
    public var boolValue: Bool? { if case .bool(let b) = self { b } else { nil } }
    public var numberValue: JSONNumber? { if case .number(let n) = self { n } else { nil } }
    public var isNull: Bool { if case .null = self { true } else { false } }

    /// Member lookup on objects; nil for other kinds.
    public subscript(key: String) -> JSONValue? { objectValue?[key] }

    /// The value at `path`; nil when a step is missing or of the wrong kind.
    public func value(at path: JSONPath) -> JSONValue? {
        var node = self
        for component in path.components {
            switch component {
            case .key(let k): guard let next = node[k] else { return nil }; node = next
            case .index(let i): guard let a = node.arrayValue, a.indices.contains(i) else { return nil }; node = a[i]
            }
        }
        return node
    }

    /// A short name of the kind, for messages ("expected boolean, got string").
    public var kindName: String {
        switch self {
        case .null: "null"
        case .bool: "boolean"
        case .number: "number"
        case .string: "string"
        case .array: "array"
        case .object: "object"
        }
    }

    /// The kind plus a short rendering of scalars: `string "yes"`, `number 1`, `array`.
    public var kindAndValue: String {
        switch self {
        case .null: return "null"
        case .bool(let b): return "boolean \(b)"
        case .number(let n): return "number \(n.text)"
        case .string: return "string \(JSONSerializer.abbreviated(self))"
        case .array: return "array"
        case .object: return "object"
        }
    }

    /// Equality by meaning rather than by text: numbers compare numerically and object
    /// members compare regardless of order. Used to decide whether a flag's served value
    /// changed between two versions — reformatting is not a change.
    public func semanticallyEquals(_ other: JSONValue) -> Bool {
        switch (self, other) {
        case (.null, .null): return true
        case (.bool(let a), .bool(let b)): return a == b
        case (.string(let a), .string(let b)): return a == b
        case (.number(let a), .number(let b)): return a.compare(b) == .orderedSame
        case (.array(let a), .array(let b)):
            return a.count == b.count && zip(a, b).allSatisfy { $0.semanticallyEquals($1) }
        case (.object(let a), .object(let b)):
            guard a.count == b.count else { return false }
            for m in a.members {
                guard let o = b[m.key], m.value.semanticallyEquals(o) else { return false }
            }
            return true
        default: return false
        }
    }

    /// A form where semantic equality is plain `==`: object keys sorted, numbers normalised.
    public var canonical: JSONValue {
        switch self {
        case .null, .bool, .string: return self
        case .number(let n): return .number(n.normalized)
        case .array(let a): return .array(a.map(\.canonical))
        case .object(let o):
            let sorted = o.members.sorted { $0.key.utf8.lexicographicallyPrecedes($1.key.utf8) }
            return .object(JSONObject(sorted.map { JSONObject.Member(key: $0.key, value: $0.value.canonical) }))
        }
    }
}

extension JSONValue: ExpressibleByNilLiteral, ExpressibleByBooleanLiteral, ExpressibleByStringLiteral,
    ExpressibleByIntegerLiteral, ExpressibleByArrayLiteral, ExpressibleByDictionaryLiteral
{
    public init(nilLiteral: ()) { self = .null }
    public init(booleanLiteral value: Bool) { self = .bool(value) }
    public init(stringLiteral value: String) { self = .string(value) }
    public init(integerLiteral value: Int) { self = .number(JSONNumber(value)) }
    public init(arrayLiteral elements: JSONValue...) { self = .array(elements) }
    public init(dictionaryLiteral elements: (String, JSONValue)...) {
        self = .object(JSONObject(elements.map { JSONObject.Member(key: $0.0, value: $0.1) }))
    }
}

extension JSONValue: CustomStringConvertible {
    public var description: String { JSONSerializer.serialize(self) }
}

/// Codable as its compact JSON text: the only encoding that keeps order and number text.
extension JSONValue: Codable {
    public init(from decoder: any Decoder) throws {
        let text = try decoder.singleValueContainer().decode(String.self)
        do { self = try JSONParser.parse(text) } catch {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "\(error)"))
        }
    }
    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(JSONSerializer.serialize(self))
    }
}

/// A JSON object whose members keep their order.
///
/// Keys are unique: the parser rejects duplicates, and setting an existing key replaces the
/// value in place so the member keeps its position.
public struct JSONObject: Sendable, Hashable, RandomAccessCollection {
    public struct Member: Sendable, Hashable {
        public var key: String
        public var value: JSONValue
        public init(key: String, value: JSONValue) { self.key = key; self.value = value }
    }

    public private(set) var members: [Member]
    // Position of each key, so lookups in a 10,000-flag `values` object stay O(1). Small
    // objects (most of a flag document) skip it: a linear scan beats allocating a dictionary.
    private var index: [String: Int]
    static let indexThreshold = 8

    public init() { members = []; index = [:] }

    /// Later duplicates replace earlier ones in place (like assigning twice).
    public init(_ members: [Member]) {
        self.init()
        self.members.reserveCapacity(members.count)
        for m in members { self[m.key] = m.value }
    }

    /// Used by the parser, which has already rejected duplicate keys.
    init(uniqueMembers: [Member]) {
        self.members = uniqueMembers
        self.index = [:]
        if uniqueMembers.count > Self.indexThreshold { rebuildIndex() }
    }

    private mutating func rebuildIndex() {
        index = [:]
        guard members.count > Self.indexThreshold else { return }
        index.reserveCapacity(members.count)
        for (i, m) in members.enumerated() { index[m.key] = i }
    }

    private func position(of key: String) -> Int? {
        if members.count > Self.indexThreshold { return index[key] }
        return members.firstIndex { $0.key == key }
    }

    public var startIndex: Int { members.startIndex }
    public var endIndex: Int { members.endIndex }
    public subscript(position: Int) -> Member { members[position] }

    public var keys: [String] { members.map(\.key) }

    public func contains(key: String) -> Bool { position(of: key) != nil }

    public subscript(key: String) -> JSONValue? {
        get { position(of: key).map { members[$0].value } }
        set {
            if let i = position(of: key) {
                if let newValue {
                    members[i].value = newValue
                } else {
                    members.remove(at: i)
                    rebuildIndex()
                }
            } else if let newValue {
                members.append(Member(key: key, value: newValue))
                if members.count == Self.indexThreshold + 1 { rebuildIndex() } else if members.count > Self.indexThreshold { index[key] = members.count - 1 }
            }
        }
    }

    public static func == (a: JSONObject, b: JSONObject) -> Bool { a.members == b.members }
    public func hash(into hasher: inout Hasher) { hasher.combine(members) }
}

/// One step of a JSON path.
public enum JSONPathComponent: Sendable, Hashable, Codable {
    case key(String)
    case index(Int)
}

/// A location in a document, rendered `$.values.new_checkout.enabled` or `$.values.x._variants[0]`.
public struct JSONPath: Sendable, Hashable, Codable, CustomStringConvertible {
    public var components: [JSONPathComponent]
    public init(_ components: [JSONPathComponent] = []) { self.components = components }

    public static let root = JSONPath()

    public func appending(_ key: String) -> JSONPath { JSONPath(components + [.key(key)]) }
    public func appending(_ index: Int) -> JSONPath { JSONPath(components + [.index(index)]) }

    /// `$.a.b[0]`. Keys that are not plain words are bracketed and quoted so the path stays
    /// unambiguous; flag keys (letters, digits, `_`, `-`) stay dotted for readability.
    public var description: String { "$" + relativeDescription(leadingDot: true) }

    /// The path without `$.`, as used in diffs: `values.new_checkout.enabled`.
    public var relative: String { relativeDescription(leadingDot: false) }

    private func relativeDescription(leadingDot: Bool) -> String {
        var out = ""
        for (i, c) in components.enumerated() {
            switch c {
            case .index(let n): out += "[\(n)]"
            case .key(let k):
                if JSONPath.isPlain(k) {
                    if i > 0 || leadingDot { out += "." }
                    out += k
                } else {
                    out += "[" + JSONSerializer.serialize(.string(k)) + "]"
                }
            }
        }
        return out
    }

    static func isPlain(_ key: String) -> Bool {
        guard let first = key.utf8.first, !(48...57).contains(first), first != UInt8(ascii: "-") else { return false }
        return key.utf8.allSatisfy { b in
            (b >= 97 && b <= 122) || (b >= 65 && b <= 90) || (b >= 48 && b <= 57) || b == 95 || b == 45 || b == 36
        }
    }
}
