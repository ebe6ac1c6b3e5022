/// One changed value: `values.new_checkout.enabled: true → false`.
public struct FlagDiff: Sendable, Hashable, Codable, CustomStringConvertible {
    public var path: JSONPath
    /// nil when the key did not exist before.
    public var old: JSONValue?
    public var new: JSONValue?
    /// Which variant the path is inside, for people (the path only has its index):
    /// `variant Beta`, `variant Default, the default`.
    public var note: String?

    public init(path: JSONPath, old: JSONValue?, new: JSONValue?, note: String? = nil) {
        self.path = path
        self.old = old
        self.new = new
        self.note = note
    }

    /// `values.new_checkout.enabled: true → false`,
    /// `values.ui_theme._variants[0].enabled: true → false (variant Beta)`, `flags.old_flag: removed`.
    public var description: String {
        // A removal (retire) names what goes, not the whole definition it held.
        if new == nil, old != nil { return "\(path.relative): removed" }
        return "\(path.relative): \(old.map { JSONSerializer.serialize($0) } ?? "(absent)") → \(new.map { JSONSerializer.serialize($0) } ?? "(absent)")"
            + (note.map { " (\($0))" } ?? "")
    }
}

/// Why an edit was refused. The document is never half-edited.
public enum FlagEditError: Error, Sendable, Hashable, CustomStringConvertible {
    case unknownFlag(String, known: [String])
    case variantRequired(flag: String, variants: [String])
    case unknownVariant(flag: String, variant: String, variants: [String])
    case notMultiVariant(flag: String, variant: String)
    /// "Every variant off" asked of a flag without `_variants`.
    case noVariants(flag: String)
    case unknownAttribute(flag: String, name: String, defined: [String])
    case invalidAttributeValue(flag: String, name: String, problems: [String])
    case malformed(JSONPath, String)
    /// A Powertools feature with `boolean_type: false`: it serves a value, there is no on/off.
    case notBoolean(flag: String)

    public var description: String {
        switch self {
        case .unknownFlag(let f, let known):
            "no flag \"\(f)\" in the document" + (known.isEmpty ? " (it has no flags)" : " (flags: \(known.joined(separator: ", ")))")
        case .variantRequired(let f, let variants):
            "\(f) has variants (\(variants.joined(separator: ", "))); name the variant to change"
                + " (a disable without a variant switches every variant off)"
        case .unknownVariant(let f, let v, let variants):
            "\(f) has no variant \"\(v)\" (variants: \(variants.joined(separator: ", ")))"
        case .notMultiVariant(let f, let v):
            "\(f) has no variants, so there is no variant \"\(v)\" to change"
        case .noVariants(let f):
            "\(f) has no variants to switch off (it is not a multi-variant flag)"
        case .unknownAttribute(let f, let n, let defined):
            "\(f) has no attribute \"\(n)\"" + (defined.isEmpty ? " (it defines none)" : " (attributes: \(defined.joined(separator: ", ")))")
        case .invalidAttributeValue(let f, let n, let problems):
            "invalid value for \(f).\(n): \(problems.joined(separator: "; "))"
        case .notBoolean(let f):
            "\(f) is a non-boolean Powertools feature (it serves a value, not on/off); change its default in the document"
        case .malformed(let path, let what):
            "cannot edit: \(path) \(what)"
        }
    }
}

extension FeatureFlagDocument {
    /// Switches a flag (or one variant of a multi-variant flag) on or off.
    ///
    /// Only the targeted value changes; every other byte of the serialised document stays as
    /// it was, which keeps the hosted-version diff reviewable. Setting the current value
    /// returns the document unchanged and no diff.
    public func setEnabled(flag: String, to enabled: Bool, variant: String? = nil) throws(FlagEditError) -> (document: FeatureFlagDocument, diff: [FlagDiff]) {
        let target = try locate(flag: flag, variant: variant)
        return try applying(.bool(enabled), at: target.appending("enabled"), note: note(flag: flag, variant: variant))
    }

    /// Switches a multi-variant flag off everywhere it can serve: every `_variants[i].enabled`
    /// becomes false, the default variant included (the last entry, the one without `rule`;
    /// the format has no other marker), and so does a top-level `enabled` if the value has
    /// one (the schema allows it beside `_variants`; it is not added when absent).
    ///
    /// One diff per changed leaf, in document order; values already false are left alone
    /// and give no diff. Lossless like `setEnabled`: every other byte stays as it was.
    public func disableAllVariants(flag: String) throws(FlagEditError) -> (document: FeatureFlagDocument, diff: [FlagDiff]) {
        guard definition(flag) != nil || value(flag) != nil else { throw .unknownFlag(flag, known: flagKeys) }
        guard let v = value(flag), let variants = v.variants, !variants.isEmpty,
              let members = v.json.objectValue?.members else { throw .noVariants(flag: flag) }
        let base = JSONPath([.key("values"), .key(flag)])
        var json = self.json
        var diffs: [FlagDiff] = []
        func switchOff(_ path: JSONPath, note: String?) throws(FlagEditError) {
            let old = try JSONEdit.set(&json, path.components[...], to: .bool(false), fullPath: path)
            if old != .bool(false) { diffs.append(FlagDiff(path: path, old: old, new: .bool(false), note: note)) }
        }
        for member in members {
            switch member.key {
            case "enabled":
                // `enabled` beside `_variants`: switched off too, so nothing of the flag stays on.
                try switchOff(base.appending("enabled"), note: nil)
            case "_variants":
                for i in variants.indices {
                    try switchOff(base.appending("_variants").appending(i).appending("enabled"), note: v.variantNote(i))
                }
            default:
                continue
            }
        }
        if diffs.isEmpty { return (self, []) }
        return (FeatureFlagDocument(json: json), diffs)
    }

    /// Sets one attribute value after checking it against the attribute's constraint.
    public func setAttribute(flag: String, name: String, value: JSONValue, variant: String? = nil) throws(FlagEditError) -> (document: FeatureFlagDocument, diff: [FlagDiff]) {
        guard definition(flag) != nil || self.value(flag) != nil else {
            throw .unknownFlag(flag, known: flagKeys)
        }
        guard let def = definition(flag), let attribute = def.attribute(name) else {
            throw .unknownAttribute(flag: flag, name: name, defined: definition(flag)?.attributes.map(\.key) ?? [])
        }
        let path = JSONPath([.key(name)])
        var problems: [ValidationProblem]
        if let c = attribute.constraint {
            problems = AttributeValueCheck.problems(value, constraint: c, at: path)
        } else {
            var v = DocumentValidator()
            v.checkShape(value, at: path)
            problems = v.problems
        }
        if !problems.isEmpty {
            throw .invalidAttributeValue(flag: flag, name: name, problems: problems.map(\.message))
        }
        var target = try locate(flag: flag, variant: variant)
        if variant != nil { target = target.appending("attributeValues") }
        return try applying(value, at: target.appending(name), note: note(flag: flag, variant: variant))
    }

    /// `variant Beta` for the diff of an edit inside a named variant.
    private func note(flag: String, variant: String?) -> String? {
        guard variant != nil, let v = value(flag), let i = v.variants?.firstIndex(where: { $0.name == variant }) else { return nil }
        return v.variantNote(i)
    }

    /// The path of the object holding `enabled` for this flag or variant.
    private func locate(flag: String, variant: String?) throws(FlagEditError) -> JSONPath {
        guard definition(flag) != nil || value(flag) != nil else { throw .unknownFlag(flag, known: flagKeys) }
        let base = JSONPath([.key("values"), .key(flag)])
        guard let v = value(flag), let variants = v.variants, !variants.isEmpty else {
            if let variant { throw .notMultiVariant(flag: flag, variant: variant) }
            return base
        }
        let names = variants.map { $0.name ?? "?" }
        guard let variant else { throw .variantRequired(flag: flag, variants: names) }
        guard let i = variants.firstIndex(where: { $0.name == variant }) else {
            throw .unknownVariant(flag: flag, variant: variant, variants: names)
        }
        return base.appending("_variants").appending(i)
    }

    private func applying(_ newValue: JSONValue, at path: JSONPath, note: String? = nil) throws(FlagEditError) -> (document: FeatureFlagDocument, diff: [FlagDiff]) {
        var json = self.json
        let old = try JSONEdit.set(&json, path.components[...], to: newValue, fullPath: path)
        if old == newValue { return (self, []) }
        return (FeatureFlagDocument(json: json), [FlagDiff(path: path, old: old, new: newValue, note: note)])
    }
}

extension FlagValue {
    /// The default variant: AppConfig serves it when no rule matches, so it is the last
    /// entry and has no `rule` (the format names it nowhere else). nil when the last entry
    /// has a rule (then no variant is the default).
    public var defaultVariantIndex: Int? {
        guard let variants, let last = variants.indices.last, variants[last].rule == nil else { return nil }
        return last
    }

    /// `variant Beta`, `variant Default, the default`.
    func variantNote(_ i: Int) -> String {
        let name = variants.flatMap { i < $0.count ? $0[i].name : nil } ?? "#\(i)"
        return "variant \(name)" + (i == defaultVariantIndex ? ", the default" : "")
    }
}

enum JSONEdit {
    /// Sets the value at `path`, creating missing objects on the way; returns the old value.
    static func set(_ node: inout JSONValue, _ path: ArraySlice<JSONPathComponent>, to newValue: JSONValue, fullPath: JSONPath) throws(FlagEditError) -> JSONValue? {
        guard let head = path.first else {
            let old = node
            node = newValue
            return old
        }
        let here = JSONPath(Array(fullPath.components[..<(fullPath.components.count - path.count)]))
        switch head {
        case .key(let key):
            guard var obj = node.objectValue else { throw .malformed(here, "is not an object") }
            if path.count == 1 {
                let old = obj[key]
                obj[key] = newValue
                node = .object(obj)
                return old
            }
            var child = obj[key] ?? .object(JSONObject())
            // Clear the slot first so the child is uniquely referenced while it is edited.
            node = .null
            defer { obj[key] = child; node = .object(obj) }
            return try set(&child, path.dropFirst(), to: newValue, fullPath: fullPath)
        case .index(let i):
            guard var arr = node.arrayValue, arr.indices.contains(i) else { throw .malformed(here, "has no element \(i)") }
            var child = arr[i]
            node = .null
            defer { arr[i] = child; node = .array(arr) }
            return try set(&child, path.dropFirst(), to: newValue, fullPath: fullPath)
        }
    }
}
