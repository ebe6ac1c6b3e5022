import Yams

/// Reads typed values out of a composed YAML tree, recording a located issue
/// for everything that does not fit instead of stopping at the first, so one
/// run of `flagdeck doctor` shows every problem of the file.
struct NodeReader {
    let file: String
    private(set) var issues: [ConfigIssue] = []

    init(file: String) {
        self.file = file
    }

    mutating func report(_ message: String, at node: Node?, path: ConfigPath) {
        report(message, at: node?.mark, path: path)
    }

    mutating func report(_ message: String, at mark: Mark?, path: ConfigPath) {
        issues.append(ConfigIssue(file: file, line: mark?.line, column: mark?.column,
                                  path: path.description, message: message))
    }

    /// The entries of a mapping with a fixed set of keys. Unknown keys are
    /// reported (with a suggestion), missing required ones too; `<<` merge
    /// keys are applied so YAML anchors can share settings between accounts.
    mutating func fields(of node: Node, path: ConfigPath, known: [String], required: [String] = [],
                         what: String = "a mapping of settings") -> Fields? {
        guard case .mapping(let mapping) = node else {
            report("expected \(what), found \(Self.describe(node))", at: node, path: path)
            return nil
        }
        var fields = Fields(mark: mapping.mark)
        for (key, value) in mergedPairs(mapping) {
            let name = key.scalar?.string ?? ""
            guard known.contains(name) else {
                let hint = DidYouMean.suggestion(for: name, among: known).map { " (did you mean \"\($0)\"?)" }
                    ?? " (expected one of: \(known.joined(separator: ", ")))"
                report("unknown key \"\(name)\"" + hint, at: key, path: path)
                continue
            }
            // `key:` with nothing after it reads as "not set", like an absent key.
            if Self.isNull(value) { continue }
            fields.entries[name] = value
        }
        for name in required where fields.entries[name] == nil {
            if let (key, _) = mapping.first(where: { $0.key.scalar?.string == name }) {
                report("\"\(name)\" needs a value", at: key, path: path.key(name))
            } else {
                report("missing required key \"\(name)\"", at: node, path: path)
            }
        }
        return fields
    }

    /// Own keys win over merged ones, as YAML's merge-key spec says.
    private func mergedPairs(_ mapping: Node.Mapping) -> [(key: Node, value: Node)] {
        var own: [(key: Node, value: Node)] = []
        var merged: [(key: Node, value: Node)] = []
        for (key, value) in mapping {
            if key.tagName == .merge {
                let sources: [Node] = value.sequence.map(Array.init) ?? [value]
                for case .mapping(let source) in sources { merged += mergedPairs(source) }
            } else {
                own.append((key, value))
            }
        }
        let ownNames = Set(own.compactMap { $0.key.scalar?.string })
        return own + merged.filter { !ownNames.contains($0.key.scalar?.string ?? "") }
    }

    mutating func string(_ node: Node, path: ConfigPath) -> String? {
        guard case .scalar(let scalar) = node, node.tagName != .null else {
            report("expected a string, found \(Self.describe(node))", at: node, path: path)
            return nil
        }
        if node.tagName == .bool {
            // YAML 1.1 reads bare yes/no/on/off as booleans: quoting keeps the word.
            report("expected a string, found the boolean \(scalar.string) (write \"\(scalar.string)\" in quotes "
                   + "if you mean the word)", at: node, path: path)
            return nil
        }
        return scalar.string
    }

    /// A string that must not be empty or blank.
    mutating func nonEmptyString(_ node: Node, path: ConfigPath) -> String? {
        guard let s = string(node, path: path) else { return nil }
        if s.allSatisfy(\.isWhitespace) {
            report("must not be empty", at: node, path: path)
            return nil
        }
        return s
    }

    mutating func int(_ node: Node, path: ConfigPath, in range: ClosedRange<Int>, unit: String) -> Int? {
        guard node.tagName == .int, let value = node.int else {
            report("expected a whole number of \(unit), found \(Self.describe(node))", at: node, path: path)
            return nil
        }
        guard range.contains(value) else {
            let bound = range.upperBound == Int.max
                ? "at least \(range.lowerBound)"
                : "between \(range.lowerBound) and \(range.upperBound)"
            report("must be \(bound) (\(unit)), found \(value)", at: node, path: path)
            return nil
        }
        return value
    }

    mutating func bool(_ node: Node, path: ConfigPath) -> Bool? {
        guard node.tagName == .bool, let value = node.bool else {
            report("expected true or false, found \(Self.describe(node))", at: node, path: path)
            return nil
        }
        return value
    }

    /// The items of a list, each with its path; nil (reported) when not a list.
    mutating func list(_ node: Node, path: ConfigPath, what: String) -> [(node: Node, path: ConfigPath)]? {
        guard case .sequence(let sequence) = node else {
            report("expected a list of \(what), found \(Self.describe(node))", at: node, path: path)
            return nil
        }
        return sequence.enumerated().map { ($0.element, path.index($0.offset)) }
    }

    /// A list of non-empty strings (name patterns).
    mutating func patterns(_ node: Node, path: ConfigPath) -> [String]? {
        guard let items = list(node, path: path, what: "name patterns (like \"prod*\")") else { return nil }
        var result: [String] = []
        var ok = true
        for (item, itemPath) in items {
            if let s = nonEmptyString(item, path: itemPath) { result.append(s) } else { ok = false }
        }
        return ok ? result : nil
    }

    static func isNull(_ node: Node) -> Bool {
        if case .scalar = node { return node.tagName == .null }
        return false
    }

    /// What was found instead, in words: `the string "60"`, `a list`.
    static func describe(_ node: Node) -> String {
        switch node {
        case .mapping: return "a mapping"
        case .sequence: return "a list"
        case .alias: return "an alias"
        case .scalar(let scalar):
            switch node.tagName {
            case .null: return "nothing (null)"
            case .bool: return "the boolean \(scalar.string)"
            case .int, .float: return "the number \(scalar.string)"
            default: return "the string \"\(scalar.string)\""
            }
        }
    }
}

/// The set keys of one mapping, nulls already dropped.
struct Fields {
    var mark: Mark?
    var entries: [String: Node] = [:]

    subscript(_ key: String) -> Node? { entries[key] }
}

extension Node {
    /// The resolved tag (`tag:yaml.org,2002:int`...): Yams keeps `Tag.name` internal.
    var tagName: Tag.Name { Tag.Name(rawValue: tag.description) }
}
