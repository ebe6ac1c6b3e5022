/// One thing wrong with a document, located by JSON path.
public struct ValidationProblem: Sendable, Hashable, Codable, CustomStringConvertible {
    public var path: JSONPath
    public var message: String
    public init(path: JSONPath, message: String) { self.path = path; self.message = message }
    /// `$.values.new_checkout.enabled: expected boolean, got string "yes"`
    public var description: String { "\(path): \(message)" }
}

extension FeatureFlagDocument {
    /// Every problem against the published schema and the attribute constraints (for
    /// Powertools: what its SchemaValidator rejects), in document order. Empty means valid.
    public func validate() -> [ValidationProblem] {
        if dialect == .powertools {
            guard let features = json.value(at: featuresPath) else {
                return [ValidationProblem(path: featuresPath, message: "missing: the envelope names nothing in this document")]
            }
            return PowertoolsSchema.validate(features, at: featuresPath)
        }
        var v = DocumentValidator()
        v.validateDocument(self)
        return v.problems
    }

    public var isValid: Bool { validate().isEmpty }
}

/// Checks one attribute value against its constraint; shared by validation and edits.
public enum AttributeValueCheck {
    public static func problems(_ value: JSONValue, constraint: AttributeConstraint, at path: JSONPath) -> [ValidationProblem] {
        var v = DocumentValidator()
        v.checkShape(value, at: path)
        if v.problems.isEmpty { v.checkConstraint(value, constraint, at: path) }
        return v.problems
    }
}

struct DocumentValidator {
    var problems: [ValidationProblem] = []
    private var regexCache: [String: Result<Regex<AnyRegexOutput>, RegexCompileFailure>] = [:]

    struct RegexCompileFailure: Error { var message: String }

    static let keyRule = "must match \(flagKeyPatternText)"

    mutating func report(_ path: JSONPath, _ message: String) {
        problems.append(ValidationProblem(path: path, message: message))
    }

    mutating func expect(_ kind: String, got value: JSONValue, at path: JSONPath) {
        report(path, "expected \(kind), got \(value.kindAndValue)")
    }

    mutating func notAllowed(_ path: JSONPath, allowed: [String]) {
        report(path, "key not allowed here (allowed: \(allowed.joined(separator: ", ")))")
    }

    mutating func validateDocument(_ doc: FeatureFlagDocument) {
        let root = JSONPath.root
        guard let obj = doc.json.objectValue else { return expect("object", got: doc.json, at: root) }
        if let version = obj["version"] {
            if version != .string("1") { report(root.appending("version"), "expected \"1\", got \(version.kindAndValue)") }
        } else {
            report(root, "missing required key \"version\"")
        }
        for m in obj {
            switch m.key {
            case "version": break
            case "flags": validateFlags(m.value, at: root.appending("flags"))
            case "values": validateValues(m.value, doc: doc, at: root.appending("values"))
            default: notAllowed(root.appending(m.key), allowed: ["version", "flags", "values"])
            }
        }
    }

    // MARK: definitions

    mutating func validateFlags(_ json: JSONValue, at path: JSONPath) {
        guard let flags = json.objectValue else { return expect("object", got: json, at: path) }
        for m in flags {
            let p = path.appending(m.key)
            guard isValidFlagKey(m.key) else { report(p, "flag key \(Self.keyRule)"); continue }
            validateDefinition(m.value, at: p)
        }
    }

    mutating func validateDefinition(_ json: JSONValue, at path: JSONPath) {
        guard let def = json.objectValue else { return expect("object", got: json, at: path) }
        for m in def {
            let p = path.appending(m.key)
            switch m.key {
            case "name": checkCustomerName(m.value, at: p)
            case "description": checkDescription(m.value, at: p)
            case "_createdAt", "_updatedAt":
                if m.value.stringValue == nil { expect("string", got: m.value, at: p) }
            case "_deprecation": checkDeprecation(m.value, at: p)
            case "attributes": checkAttributeDefinitions(m.value, at: p)
            default:
                notAllowed(p, allowed: ["name", "description", "_deprecation", "attributes", "_createdAt", "_updatedAt"])
            }
        }
    }

    mutating func checkCustomerName(_ v: JSONValue, at p: JSONPath) {
        guard let s = v.stringValue else { return expect("string", got: v, at: p) }
        let n = s.unicodeScalars.count
        if n < 1 || n > 64 || s.unicodeScalars.contains("\n") {
            report(p, "must be 1 to 64 characters without line breaks")
        }
    }

    mutating func checkDescription(_ v: JSONValue, at p: JSONPath) {
        guard let s = v.stringValue else { return expect("string", got: v, at: p) }
        let n = s.unicodeScalars.count
        if n > 1024 { report(p, "longer than 1024 characters (\(n))") }
    }

    mutating func checkDeprecation(_ v: JSONValue, at p: JSONPath) {
        guard let d = v.objectValue else { return expect("object", got: v, at: p) }
        for m in d {
            let mp = p.appending(m.key)
            switch m.key {
            case "status":
                if m.value != .string("planned") { report(mp, "expected \"planned\", got \(m.value.kindAndValue)") }
            case "date":
                guard let s = m.value.stringValue else { expect("string", got: m.value, at: mp); continue }
                if !UTCDate.isValidDate(s) { report(mp, "expected a date YYYY-MM-DD, got \(m.value.kindAndValue)") }
            default: notAllowed(mp, allowed: ["status", "date"])
            }
        }
    }

    mutating func checkAttributeDefinitions(_ v: JSONValue, at p: JSONPath) {
        guard let attrs = v.objectValue else { return expect("object", got: v, at: p) }
        if attrs.count > 25 { report(p, "more than 25 attributes (\(attrs.count))") }
        for m in attrs {
            let ap = p.appending(m.key)
            guard isValidFlagKey(m.key) else { report(ap, "attribute key \(Self.keyRule)"); continue }
            guard let def = m.value.objectValue else { expect("object", got: m.value, at: ap); continue }
            for d in def {
                switch d.key {
                case "description": checkDescription(d.value, at: ap.appending("description"))
                case "constraints": checkConstraintDefinition(d.value, at: ap.appending("constraints"), isElement: false)
                default: notAllowed(ap.appending(d.key), allowed: ["description", "constraints"])
                }
            }
        }
    }

    mutating func checkConstraintDefinition(_ v: JSONValue, at p: JSONPath, isElement: Bool) {
        guard let c = v.objectValue else { return expect("object", got: v, at: p) }
        let typeNames = isElement ? ["string", "number"] : ["string", "number", "boolean", "array"]
        guard let typeValue = c["type"] else { return report(p, "missing required key \"type\"") }
        guard let t = typeValue.stringValue, typeNames.contains(t), let type = AttributeType(rawValue: t) else {
            let list = typeNames.map { "\"\($0)\"" }.joined(separator: ", ")
            return report(p.appending("type"), "expected one of \(list), got \(typeValue.kindAndValue)")
        }
        let allowed: [String] = switch type {
        case .string: ["type", "required", "pattern", "enum"]
        case .number: ["type", "required", "minimum", "maximum"]
        case .boolean: ["type", "required"]
        case .array: ["type", "required", "elements"]
        }
        for m in c {
            let mp = p.appending(m.key)
            guard allowed.contains(m.key) else {
                report(mp, "key not allowed for type \(t) (allowed: \(allowed.joined(separator: ", ")))")
                continue
            }
            switch m.key {
            case "required":
                if m.value.boolValue == nil { expect("boolean", got: m.value, at: mp) }
            case "pattern":
                guard let s = m.value.stringValue else { expect("string", got: m.value, at: mp); continue }
                if s.unicodeScalars.count > 1024 { report(mp, "longer than 1024 characters (\(s.unicodeScalars.count))") }
                if case .failure(let f) = regex(s) { report(mp, "invalid regular expression: \(f.message)") }
            case "enum":
                guard let items = m.value.arrayValue else { expect("array", got: m.value, at: mp); continue }
                for (i, item) in items.enumerated() {
                    switch item {
                    case .string(let s) where s.unicodeScalars.count <= 1024: break
                    case .string(let s): report(mp.appending(i), "longer than 1024 characters (\(s.unicodeScalars.count))")
                    case .number(let n) where n.isIntegral: break
                    default: expect("string or integer", got: item, at: mp.appending(i))
                    }
                }
            case "minimum", "maximum":
                guard let n = m.value.numberValue, n.isIntegral else { expect("integer", got: m.value, at: mp); continue }
            case "elements":
                checkConstraintDefinition(m.value, at: mp, isElement: true)
            default: break
            }
        }
        if c["pattern"] != nil && c["enum"] != nil { report(p, "pattern and enum cannot both be set") }
    }

    // MARK: values

    mutating func validateValues(_ json: JSONValue, doc: FeatureFlagDocument, at path: JSONPath) {
        guard let values = json.objectValue else { return expect("object", got: json, at: path) }
        for m in values {
            let p = path.appending(m.key)
            guard isValidFlagKey(m.key) else { report(p, "flag key \(Self.keyRule)"); continue }
            let definition = doc.definition(m.key)
            if definition == nil { report(p, "value has no flag definition (no $.flags.\(m.key))") }
            validateValue(m.value, definition: definition, at: p)
        }
    }

    mutating func validateValue(_ json: JSONValue, definition: FlagDefinition?, at path: JSONPath) {
        guard let obj = json.objectValue else { return expect("object", got: json, at: path) }
        for m in obj {
            let p = path.appending(m.key)
            switch m.key {
            case "enabled":
                if m.value.boolValue == nil { expect("boolean", got: m.value, at: p) }
            case "_createdAt", "_updatedAt":
                if m.value.stringValue == nil { expect("string", got: m.value, at: p) }
            case "_variants":
                guard let variants = m.value.arrayValue else { expect("array", got: m.value, at: p); continue }
                for (i, variant) in variants.enumerated() {
                    validateVariant(variant, definition: definition, at: p.appending(i))
                }
            default:
                guard isValidFlagKey(m.key) else {
                    report(p, "key not allowed here (attribute keys \(Self.keyRule))")
                    continue
                }
                checkAttributeValue(m.value, name: m.key, definition: definition, at: p)
            }
        }
        // Required attributes are only demanded of what is switched on: a disabled flag serves
        // no attributes, and refusing to save a disable would be the wrong failure in an incident.
        if let definition, obj["enabled"]?.boolValue == true, obj["_variants"] == nil {
            checkRequired(present: obj, definition: definition, at: path)
        }
    }

    mutating func validateVariant(_ json: JSONValue, definition: FlagDefinition?, at path: JSONPath) {
        guard let obj = json.objectValue else { return expect("object", got: json, at: path) }
        if obj["name"] == nil { report(path, "missing required key \"name\"") }
        if obj["enabled"] == nil { report(path, "missing required key \"enabled\"") }
        for m in obj {
            let p = path.appending(m.key)
            switch m.key {
            case "name": checkCustomerName(m.value, at: p)
            case "enabled":
                if m.value.boolValue == nil { expect("boolean", got: m.value, at: p) }
            case "rule":
                guard let s = m.value.stringValue else { expect("string", got: m.value, at: p); continue }
                if s.unicodeScalars.count > 16384 { report(p, "longer than 16384 characters (\(s.unicodeScalars.count))") }
            case "attributeValues":
                guard let attrs = m.value.objectValue else { expect("object", got: m.value, at: p); continue }
                if attrs.count > 25 { report(p, "more than 25 attribute values (\(attrs.count))") }
                for a in attrs {
                    let ap = p.appending(a.key)
                    guard isValidFlagKey(a.key) else { report(ap, "attribute key \(Self.keyRule)"); continue }
                    checkAttributeValue(a.value, name: a.key, definition: definition, at: ap)
                }
            default: notAllowed(p, allowed: ["name", "enabled", "rule", "attributeValues"])
            }
        }
        if let definition, obj["enabled"]?.boolValue == true {
            let attrs = obj["attributeValues"]?.objectValue ?? JSONObject()
            checkRequired(present: attrs, definition: definition,
                          at: obj["attributeValues"] == nil ? path : path.appending("attributeValues"))
        }
    }

    mutating func checkRequired(present: JSONObject, definition: FlagDefinition, at path: JSONPath) {
        for a in definition.attributes where a.constraint?.required == true && !present.contains(key: a.key) {
            report(path, "required attribute \"\(a.key)\" is missing")
        }
    }

    mutating func checkAttributeValue(_ value: JSONValue, name: String, definition: FlagDefinition?, at path: JSONPath) {
        let before = problems.count
        checkShape(value, at: path)
        guard problems.count == before, let definition else { return }
        guard let attribute = definition.attribute(name) else {
            return report(path, "attribute \"\(name)\" is not defined in $.flags.\(definition.key).attributes")
        }
        if let c = attribute.constraint { checkConstraint(value, c, at: path) }
    }

    /// The schema's `attributeValue`: string ≤1024, number, boolean, or a non-empty array of
    /// only strings ≤1024 or only numbers (`[]` matches both `oneOf` branches, so it fails).
    mutating func checkShape(_ value: JSONValue, at path: JSONPath) {
        switch value {
        case .string(let s):
            if s.unicodeScalars.count > 1024 { report(path, "string longer than 1024 characters (\(s.unicodeScalars.count))") }
        case .number, .bool: break
        case .array(let items):
            if items.isEmpty { return report(path, "empty array is not allowed (the schema's oneOf rejects [])") }
            let allStrings = items.allSatisfy { $0.stringValue != nil }
            let allNumbers = items.allSatisfy { $0.numberValue != nil }
            if !allStrings && !allNumbers { return report(path, "array must hold only strings or only numbers") }
            if allStrings {
                for (i, item) in items.enumerated() {
                    let n = item.stringValue!.unicodeScalars.count
                    if n > 1024 { report(path.appending(i), "string longer than 1024 characters (\(n))") }
                }
            }
        case .null, .object:
            expect("string, number, boolean or array", got: value, at: path)
        }
    }

    mutating func checkConstraint(_ value: JSONValue, _ c: AttributeConstraint, at path: JSONPath) {
        switch c.type {
        case .boolean:
            if value.boolValue == nil { expect("boolean", got: value, at: path) }
        case .number:
            guard let n = value.numberValue else { return expect("number", got: value, at: path) }
            if let min = c.minimum, n.compare(min) == .orderedAscending {
                report(path, "\(n.text) is less than the minimum \(min.text)")
            }
            if let max = c.maximum, n.compare(max) == .orderedDescending {
                report(path, "\(n.text) is greater than the maximum \(max.text)")
            }
        case .string:
            guard let s = value.stringValue else { return expect("string", got: value, at: path) }
            if let options = c.enumValues {
                let matches = options.contains { option in
                    switch option {
                    case .string(let o): o == s
                    case .number(let n): n.text == s
                    default: false
                    }
                }
                if !matches {
                    let list = options.map { JSONSerializer.abbreviated($0) }.joined(separator: ", ")
                    report(path, "\(JSONSerializer.abbreviated(value)) is not one of \(list)")
                }
            }
            if let pattern = c.pattern, case .success(let re) = regex(pattern), (try? re.firstMatch(in: s)) == nil {
                report(path, "\(JSONSerializer.abbreviated(value)) does not match \(pattern)")
            }
        case .array:
            guard let items = value.arrayValue else { return expect("array", got: value, at: path) }
            guard let element = c.elements else { return }
            for (i, item) in items.enumerated() { checkConstraint(item, element, at: path.appending(i)) }
        }
    }

    /// Patterns are searched (not anchored), as JSON Schema does; classes like `\d` are ASCII
    /// and matching is per scalar, close to the ECMA-262 dialect the service uses.
    mutating func regex(_ pattern: String) -> Result<Regex<AnyRegexOutput>, RegexCompileFailure> {
        if let cached = regexCache[pattern] { return cached }
        let result: Result<Regex<AnyRegexOutput>, RegexCompileFailure>
        do {
            result = .success(try Regex(pattern).asciiOnlyCharacterClasses().matchingSemantics(.unicodeScalar))
        } catch {
            result = .failure(RegexCompileFailure(message: "\(error)"))
        }
        regexCache[pattern] = result
        return result
    }
}
