/// A parsed multi-variant rule.
indirect enum VariantRuleNode: Sendable, Hashable {
    case string(String)
    case number(JSONNumber)
    case bool(Bool)
    case timestamp(String)
    case variable(String)
    case list([VariantRuleNode])
    case call(VariantRuleCall)
}

struct VariantRuleCall: Sendable, Hashable {
    var op: VariantRuleOperator
    var arguments: [VariantRuleNode]
    var named: [String: VariantRuleNode]
    var position: Int
}

enum VariantRuleOperator: String, Sendable, Hashable, CaseIterable {
    case eq, gt, gte, lt, lte, and, or, not
    case beginsWith = "begins_with", endsWith = "ends_with", contains, `in`, exists, matches, split

    /// Positional argument count, or nil for those taking named arguments (checked by name).
    var arity: ClosedRange<Int>? {
        switch self {
        case .eq, .gt, .gte, .lt, .lte, .beginsWith, .endsWith, .contains, .in: 2...2
        case .and, .or: 1...Int.max
        case .not: 1...1
        case .exists, .matches, .split: nil
        }
    }

    /// Named arguments each operator requires and allows.
    var namedArguments: (required: [String], allowed: [String]) {
        switch self {
        case .exists: (["key"], ["key"])
        case .matches: (["in", "pattern"], ["in", "pattern"])
        case .split: (["by", "pct"], ["by", "pct", "seed"])
        default: ([], [])
        }
    }
}

/// Recursive descent over the tokens: `( operator argument* )`, arguments being literals,
/// `$key`, `[list]`, nested expressions or `name::argument`.
struct VariantRuleParser {
    var tokens: [VariantRuleToken]
    var k = 0

    static func parse(_ rule: String) throws(VariantRuleSyntaxError) -> VariantRuleCall {
        var lexer = VariantRuleLexer(rule)
        var parser = VariantRuleParser(tokens: try lexer.tokens())
        guard parser.peek.kind != .end else { throw VariantRuleSyntaxError(message: "empty rule", position: 0) }
        let call = try parser.call()
        guard parser.peek.kind == .end else {
            throw VariantRuleSyntaxError(message: "unexpected text after the closing \")\"", position: parser.peek.position)
        }
        return call
    }

    var peek: VariantRuleToken { tokens[k] }

    mutating func take() -> VariantRuleToken {
        defer { if k < tokens.count - 1 { k += 1 } }
        return tokens[k]
    }

    mutating func call() throws(VariantRuleSyntaxError) -> VariantRuleCall {
        let open = take()
        guard open.kind == .open else { throw VariantRuleSyntaxError(message: "expected \"(\"", position: open.position) }
        let name = take()
        guard case .word(let word) = name.kind else {
            throw VariantRuleSyntaxError(message: "expected an operator after \"(\"", position: name.position)
        }
        guard let op = VariantRuleOperator(rawValue: word) else {
            let known = VariantRuleOperator.allCases.map(\.rawValue).joined(separator: ", ")
            throw VariantRuleSyntaxError(message: "unknown operator \(word) (known: \(known))", position: name.position)
        }
        var arguments: [VariantRuleNode] = []
        var named: [String: VariantRuleNode] = [:]
        while peek.kind != .close {
            if peek.kind == .end { throw VariantRuleSyntaxError(message: "expected \")\" to close \(word)", position: peek.position) }
            if case .keyword(let key) = peek.kind {
                let at = take().position
                guard op.namedArguments.allowed.contains(key) else {
                    throw VariantRuleSyntaxError(message: "\(word) takes no argument \(key)::", position: at)
                }
                guard named[key] == nil else { throw VariantRuleSyntaxError(message: "\(key):: given twice", position: at) }
                named[key] = try operand()
            } else {
                arguments.append(try operand())
            }
        }
        let close = take()
        try checkArguments(op, arguments, named, openedAt: open.position, closedAt: close.position)
        return VariantRuleCall(op: op, arguments: arguments, named: named, position: open.position)
    }

    func checkArguments(_ op: VariantRuleOperator, _ arguments: [VariantRuleNode], _ named: [String: VariantRuleNode],
                        openedAt: Int, closedAt: Int) throws(VariantRuleSyntaxError) {
        if let arity = op.arity {
            guard arity.contains(arguments.count) else {
                let wanted = arity.lowerBound == arity.upperBound ? "\(arity.lowerBound)" : "at least \(arity.lowerBound)"
                throw VariantRuleSyntaxError(message: "\(op.rawValue) takes \(wanted) argument(s), got \(arguments.count)", position: openedAt)
            }
            return
        }
        // exists also reads as `(exists $key)`.
        if op == .exists && named.isEmpty && arguments.count == 1, case .variable = arguments[0] { return }
        guard arguments.isEmpty else {
            throw VariantRuleSyntaxError(message: "\(op.rawValue) takes named arguments (\(op.namedArguments.allowed.map { "\($0)::" }.joined(separator: " ")))", position: openedAt)
        }
        for key in op.namedArguments.required where named[key] == nil {
            throw VariantRuleSyntaxError(message: "\(op.rawValue) needs \(key)::", position: closedAt)
        }
    }

    mutating func operand() throws(VariantRuleSyntaxError) -> VariantRuleNode {
        let token = peek
        switch token.kind {
        case .open: return .call(try call())
        case .openList: return try list()
        case .string(let s): _ = take(); return .string(s)
        case .number(let n): _ = take(); return .number(n)
        case .timestamp(let t): _ = take(); return .timestamp(t)
        case .variable(let v): _ = take(); return .variable(v)
        case .word("true"): _ = take(); return .bool(true)
        case .word("false"): _ = take(); return .bool(false)
        case .word(let w): throw VariantRuleSyntaxError(message: "unexpected \(w) (strings need double quotes, context keys a $)", position: token.position)
        default: throw VariantRuleSyntaxError(message: "expected an operand", position: token.position)
        }
    }

    /// `["a", "b"]` or `["a" "b"]`: literals only.
    mutating func list() throws(VariantRuleSyntaxError) -> VariantRuleNode {
        _ = take()
        var items: [VariantRuleNode] = []
        while peek.kind != .closeList {
            if peek.kind == .comma { _ = take(); continue }
            let at = peek.position
            let item = try operand()
            switch item {
            case .string, .number, .bool: items.append(item)
            default: throw VariantRuleSyntaxError(message: "list items must be strings, numbers or booleans", position: at)
            }
        }
        _ = take()
        return .list(items)
    }
}
