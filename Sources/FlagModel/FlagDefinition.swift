

/// `flags.<key>`.
public struct FlagDefinition: Sendable, Hashable {
    public var key: String
    public var json: JSONValue
    public var name: String?
    public var description: String?
    public var createdAt: String?
    public var updatedAt: String?
    public var deprecation: Deprecation?
    public var attributes: [AttributeDefinition]

    static let knownKeys: Set<String> = ["name", "description", "_createdAt", "_updatedAt", "_deprecation", "attributes"]

    public init(key: String, json: JSONValue) {
        self.key = key
        self.json = json
        name = json["name"]?.stringValue
        description = json["description"]?.stringValue
        createdAt = json["_createdAt"]?.stringValue
        updatedAt = json["_updatedAt"]?.stringValue
        if let d = json["_deprecation"]?.objectValue {
            deprecation = Deprecation(status: d["status"]?.stringValue, date: d["date"]?.stringValue)
        }
        attributes = (json["attributes"]?.objectValue ?? JSONObject()).map { AttributeDefinition(key: $0.key, json: $0.value) }
    }

    /// Keys the schema does not allow here; kept in `json`, reported by validation.
    public var unknownKeys: [String] { json.objectValue?.keys.filter { !Self.knownKeys.contains($0) } ?? [] }

    public func attribute(_ name: String) -> AttributeDefinition? { attributes.first { $0.key == name } }

    /// `_deprecation.status == "planned"`: the flag is meant to be removed.
    public var isShortTerm: Bool { deprecation?.status == "planned" }
}

public struct Deprecation: Sendable, Hashable, Codable {
    public var status: String?
    /// `YYYY-MM-DD` as written.
    public var date: String?
    public init(status: String?, date: String?) { self.status = status; self.date = date }
}

/// `flags.<key>.attributes.<name>`.
public struct AttributeDefinition: Sendable, Hashable {
    public var key: String
    public var description: String?
    public var constraint: AttributeConstraint?

    public init(key: String, json: JSONValue) {
        self.key = key
        description = json["description"]?.stringValue
        constraint = json["constraints"].flatMap { AttributeConstraint(json: $0) }
    }
}

public enum AttributeType: String, Sendable, Hashable, Codable {
    case string, number, boolean, array
}

/// The constraints of one attribute (or of the elements of an array attribute).
public struct AttributeConstraint: Sendable, Hashable {
    public var type: AttributeType
    public var required: Bool
    public var pattern: String?
    public var enumValues: [JSONValue]?
    public var minimum: JSONNumber?
    public var maximum: JSONNumber?
    /// Only for `array`; boxed because the type would otherwise contain itself.
    public var elements: AttributeConstraint? {
        get { elementsBox.first }
        set { elementsBox = newValue.map { [$0] } ?? [] }
    }
    private var elementsBox: [AttributeConstraint] = []

    public init?(json: JSONValue) {
        guard let t = json["type"]?.stringValue.flatMap(AttributeType.init(rawValue:)) else { return nil }
        type = t
        required = json["required"]?.boolValue ?? false
        pattern = json["pattern"]?.stringValue
        enumValues = json["enum"]?.arrayValue
        minimum = json["minimum"]?.numberValue
        maximum = json["maximum"]?.numberValue
        elements = json["elements"].flatMap { AttributeConstraint(json: $0) }
    }

    public init(type: AttributeType, required: Bool = false, pattern: String? = nil, enumValues: [JSONValue]? = nil,
                minimum: JSONNumber? = nil, maximum: JSONNumber? = nil, elements: AttributeConstraint? = nil) {
        self.type = type
        self.required = required
        self.pattern = pattern
        self.enumValues = enumValues
        self.minimum = minimum
        self.maximum = maximum
        self.elements = elements
    }

    /// The console's name for the type: String, Number, Boolean, String array, Number array.
    public var displayType: String {
        switch type {
        case .array:
            switch elements?.type {
            case .string: "string[]"
            case .number: "number[]"
            default: "array"
            }
        default: type.rawValue
        }
    }
}

/// `values.<key>`.
public struct FlagValue: Sendable, Hashable {
    public var key: String
    public var json: JSONValue
    public var enabled: Bool?
    /// Sibling keys of `enabled` that are attribute values, in document order.
    public var attributeValues: [JSONObject.Member]
    public var variants: [Variant]?
    public var createdAt: String?
    public var updatedAt: String?

    public init(key: String, json: JSONValue) {
        self.key = key
        self.json = json
        let obj = json.objectValue ?? JSONObject()
        enabled = obj["enabled"]?.boolValue
        createdAt = obj["_createdAt"]?.stringValue
        updatedAt = obj["_updatedAt"]?.stringValue
        attributeValues = obj.members.filter { $0.key != "enabled" && !$0.key.hasPrefix("_") }
        variants = obj["_variants"]?.arrayValue.map { $0.map(Variant.init(json:)) }
    }

    /// A Powertools feature: `enabled` is its boolean default (nil for a non-boolean
    /// feature); rules are read by `PowertoolsFeature`, not as variants.
    init(powertoolsFeature key: String, json: JSONValue) {
        self.key = key
        self.json = json
        let isBoolean = json["boolean_type"].map { Python.isTruthy($0) } ?? true
        enabled = isBoolean ? json["default"].map { Python.isTruthy($0) } : nil
        attributeValues = []
    }

    public var isMultiVariant: Bool { !(variants?.isEmpty ?? true) }
    public func attributeValue(_ name: String) -> JSONValue? { attributeValues.first { $0.key == name }?.value }
}

/// One entry of `_variants`: evaluated in order, the last (without `rule`) is the default.
public struct Variant: Sendable, Hashable {
    public var json: JSONValue
    public var name: String?
    public var enabled: Bool?
    public var rule: String?
    public var attributeValues: JSONObject

    public init(json: JSONValue) {
        self.json = json
        name = json["name"]?.stringValue
        enabled = json["enabled"]?.boolValue
        rule = json["rule"]?.stringValue
        attributeValues = json["attributeValues"]?.objectValue ?? JSONObject()
    }
}
