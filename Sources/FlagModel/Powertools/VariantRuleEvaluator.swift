import Foundation

/// Evaluates the part of AppConfig's rule language whose semantics are published plainly.
/// Kleene logic carries "cannot tell": `and` is false if any part is false, whatever the
/// others; it is undecided only when the answer depends on an undecided part.
enum VariantRuleTruth: Sendable, Hashable {
    case yes, no
    case unknown(String)

    init(_ b: Bool) { self = b ? .yes : .no }
}

struct VariantRuleEvaluator {
    let context: [String: JSONValue]
    /// Places a `split by::` value in 0..<100; nil leaves split undecided (AppConfig's hash is
    /// unpublished, so only a stand-in such as the emulator's Agent API supplies one).
    var splitBucket: SplitBucket?

    func evaluate(_ call: VariantRuleCall) -> VariantRuleTruth {
        let args = call.arguments
        switch call.op {
        case .and:
            let parts = args.map(truth)
            if parts.contains(.no) { return .no }
            return parts.first { if case .unknown = $0 { true } else { false } } ?? .yes
        case .or:
            let parts = args.map(truth)
            if parts.contains(.yes) { return .yes }
            return parts.first { if case .unknown = $0 { true } else { false } } ?? .no
        case .not:
            switch truth(args[0]) {
            case .yes: return .no
            case .no: return .yes
            case .unknown(let why): return .unknown(why)
            }
        case .eq, .gt, .gte, .lt, .lte:
            return compare(call.op, args[0], args[1])
        case .beginsWith, .endsWith, .contains:
            return strings(args[0], args[1]) { s, t in
                call.op == .beginsWith ? s.utf8.starts(with: t.utf8)
                    : call.op == .endsWith ? s.utf8.reversed().starts(with: t.utf8.reversed())
                    : Python.contains(.string(s), .string(t)) == true
            }
        case .in:
            return membership(args[0], args[1])
        case .exists:
            let key: String? = switch call.named["key"] ?? args.first {
            case .string(let s)?, .variable(let s)?: s
            default: nil
            }
            guard let key else { return .unknown("exists needs key::\"name\"") }
            return VariantRuleTruth(value(of: key) != nil)
        case .matches:
            return .unknown("matches (regular expressions) is not evaluated: AppConfig does not publish its regex dialect")
        case .split:
            guard case .number(let pct)? = call.named["pct"] else { return .unknown("split needs a number pct::") }
            if pct.compare(JSONNumber(0)) != .orderedDescending { return .no }
            if pct.compare(JSONNumber(100)) != .orderedAscending { return .yes }
            guard let splitBucket else {
                return .unknown("split pct::\(pct.text) depends on AppConfig's unpublished hash of the by:: value")
            }
            let by: JSONValue? = switch call.named["by"] {
            case .variable(let key)?: value(of: key)
            case .string(let s)?: .string(s)
            default: nil
            }
            guard let by else { return .no }
            return VariantRuleTruth(splitBucket(by) < pct.doubleValue)
        }
    }

    /// A nested expression or a boolean literal used as a condition.
    func truth(_ node: VariantRuleNode) -> VariantRuleTruth {
        switch node {
        case .call(let call): evaluate(call)
        case .bool(let b): VariantRuleTruth(b)
        case .variable(let key):
            switch value(of: key) {
            case .bool(let b)?: VariantRuleTruth(b)
            case nil: .no
            default: .unknown("$\(key) is not a boolean")
            }
        default: .unknown("\(describe(node)) is not a condition")
        }
    }

    enum Operand { case value(JSONValue), missing, unknown(String) }

    func operand(_ node: VariantRuleNode) -> Operand {
        switch node {
        case .string(let s): .value(.string(s))
        case .number(let n): .value(.number(n))
        case .bool(let b): .value(.bool(b))
        case .list(let items): .value(.array(items.compactMap { item -> JSONValue? in
            if case .value(let v) = operand(item) { return v }
            return Optional.none
        }))
        case .variable(let key): value(of: key).map { .value($0) } ?? .missing
        case .timestamp(let t): .unknown("timestamp \(t) is not evaluated: AppConfig's timestamp comparison is not published in detail")
        case .call: .unknown("a nested expression is not a value")
        }
    }

    func value(of key: String) -> JSONValue? { context.first { $0.key.utf8.elementsEqual(key.utf8) }?.value }

    /// Numbers numerically, strings by code point, booleans for eq only; a missing context key or
    /// any other pairing is false.
    func compare(_ op: VariantRuleOperator, _ l: VariantRuleNode, _ r: VariantRuleNode) -> VariantRuleTruth {
        switch (operand(l), operand(r)) {
        case (.unknown(let why), _), (_, .unknown(let why)): return .unknown(why)
        case (.missing, _), (_, .missing): return .no
        case (.value(let a), .value(let b)):
            let order: ComparisonOrder
            switch (a, b) {
            case (.number(let x), .number(let y)): order = ComparisonOrder(x.compare(y))
            case (.string(let x), .string(let y)):
                order = x.utf8.elementsEqual(y.utf8) ? .same : (x.utf8.lexicographicallyPrecedes(y.utf8) ? .less : .greater)
            case (.bool(let x), .bool(let y)) where op == .eq: return VariantRuleTruth(x == y)
            default: return .no
            }
            return VariantRuleTruth(order.satisfies(op))
        }
    }

    func strings(_ l: VariantRuleNode, _ r: VariantRuleNode, _ test: (String, String) -> Bool) -> VariantRuleTruth {
        switch (operand(l), operand(r)) {
        case (.unknown(let why), _), (_, .unknown(let why)): return .unknown(why)
        case (.value(.string(let s)), .value(.string(let t))): return VariantRuleTruth(test(s, t))
        default: return .no
        }
    }

    /// `(in $userId ["123","456"])`: the value equals an element of the list (literal or context array).
    func membership(_ l: VariantRuleNode, _ r: VariantRuleNode) -> VariantRuleTruth {
        switch (operand(l), operand(r)) {
        case (.unknown(let why), _), (_, .unknown(let why)): return .unknown(why)
        case (.value(let needle), .value(.array(let items))):
            return VariantRuleTruth(items.contains { item in
                switch (needle, item) {
                case (.number(let x), .number(let y)): x.compare(y) == .orderedSame
                case (.string(let x), .string(let y)): x.utf8.elementsEqual(y.utf8)
                case (.bool(let x), .bool(let y)): x == y
                default: false
                }
            })
        default: return .no
        }
    }

    func describe(_ node: VariantRuleNode) -> String {
        switch node {
        case .string(let s): JSONSerializer.serialize(.string(s))
        case .number(let n): n.text
        case .bool(let b): "\(b)"
        case .timestamp(let t): t
        case .variable(let v): "$\(v)"
        case .list: "a list"
        case .call(let c): "(\(c.op.rawValue) …)"
        }
    }
}

enum ComparisonOrder {
    case less, same, greater
    init(_ r: ComparisonResult) {
        self = r == .orderedAscending ? .less : (r == .orderedSame ? .same : .greater)
    }
    func satisfies(_ op: VariantRuleOperator) -> Bool {
        switch op {
        case .eq: self == .same
        case .gt: self == .greater
        case .gte: self != .less
        case .lt: self == .less
        case .lte: self != .greater
        default: false
        }
    }
}
