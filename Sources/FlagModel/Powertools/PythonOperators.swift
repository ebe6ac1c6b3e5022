import Foundation

/// Python's operators on JSON values, as Powertools applies them to a context value and a
/// condition value (both straight out of `json.loads`). A nil answer means Python raises
/// (a TypeError or AttributeError), which Powertools catches and treats as "no match".
///
/// Strings compare by code point, not by Swift's canonical equivalence: Python says
/// `"é" != "e\u0301"`. UTF-8 preserves code-point order and containment, so byte views suffice.
enum Python {
    /// `bool(x)`: false, null, 0, 0.0, "", [] and {} are falsy. A missing value (`dict.get`) is None.
    static func isTruthy(_ value: JSONValue?) -> Bool {
        switch value {
        case nil, .null?: return false
        case .bool(let b)?: return b
        case .number?: return !(PythonNumber(value!)!.isZero)
        case .string(let s)?: return !s.isEmpty
        case .array(let a)?: return !a.isEmpty
        case .object(let o)?: return !o.isEmpty
        }
    }

    /// `a == b`: numbers (bools included) by value, containers structurally, otherwise the
    /// kinds must match.
    static func equals(_ a: JSONValue, _ b: JSONValue) -> Bool {
        if let x = PythonNumber(a), let y = PythonNumber(b) { return x.compare(y) == .orderedSame }
        switch (a, b) {
        case (.null, .null): return true
        case (.string(let x), .string(let y)): return x.utf8.elementsEqual(y.utf8)
        case (.array(let x), .array(let y)):
            return x.count == y.count && zip(x, y).allSatisfy { equals($0, $1) }
        case (.object(let x), .object(let y)):
            guard x.count == y.count else { return false }
            return x.members.allSatisfy { m in member(m.key, of: y).map { equals(m.value, $0) } ?? false }
        default: return false
        }
    }

    enum Ordering: Sendable { case less, lessOrEqual, greater, greaterOrEqual }

    /// `a < b` and friends: numbers, strings with strings, lists with lists (lexicographically,
    /// deciding on the first unequal pair). nil where Python raises (`1 < "a"`, `{} < {}`, `None < None`).
    static func compare(_ a: JSONValue, _ op: Ordering, _ b: JSONValue) -> Bool? {
        if let x = PythonNumber(a), let y = PythonNumber(b) {
            guard let order = x.compare(y) else { return false }   // NaN: every comparison is False
            return holds(op, order)
        }
        switch (a, b) {
        case (.string(let x), .string(let y)):
            let order: ComparisonResult = x.utf8.elementsEqual(y.utf8) ? .orderedSame
                : (x.utf8.lexicographicallyPrecedes(y.utf8) ? .orderedAscending : .orderedDescending)
            return holds(op, order)
        case (.array(let x), .array(let y)):
            if let i = zip(x, y).enumerated().first(where: { !equals($0.element.0, $0.element.1) })?.offset {
                return compare(x[i], op, y[i])
            }
            let order: ComparisonResult = x.count == y.count ? .orderedSame
                : (x.count < y.count ? .orderedAscending : .orderedDescending)
            return holds(op, order)
        default:
            return nil
        }
    }

    private static func holds(_ op: Ordering, _ order: ComparisonResult) -> Bool {
        switch op {
        case .less: order == .orderedAscending
        case .lessOrEqual: order != .orderedDescending
        case .greater: order == .orderedDescending
        case .greaterOrEqual: order != .orderedAscending
        }
    }

    /// `element in container`: substring for strings (both must be strings), `==` membership
    /// for lists, key membership for objects (an unhashable list or object raises; another
    /// hashable kind is simply never a key). Anything else is not iterable and raises.
    static func contains(_ container: JSONValue, _ element: JSONValue) -> Bool? {
        switch container {
        case .string(let haystack):
            guard case .string(let needle) = element else { return nil }
            return containsBytes(Array(haystack.utf8), Array(needle.utf8))
        case .array(let items):
            return items.contains { equals($0, element) }
        case .object(let object):
            switch element {
            case .array, .object: return nil
            case .string(let key): return member(key, of: object) != nil
            default: return false
            }
        default:
            return nil
        }
    }

    /// `a.startswith(b)`: nil unless both are strings.
    static func startsWith(_ a: JSONValue, _ b: JSONValue) -> Bool? {
        guard case .string(let s) = a, case .string(let prefix) = b else { return nil }
        return s.utf8.starts(with: prefix.utf8)
    }

    /// `a.endswith(b)`: nil unless both are strings.
    static func endsWith(_ a: JSONValue, _ b: JSONValue) -> Bool? {
        guard case .string(let s) = a, case .string(let suffix) = b else { return nil }
        return s.utf8.reversed().starts(with: suffix.utf8.reversed())
    }

    /// Key lookup by code points (JSONObject's own lookup uses Swift's canonical equivalence).
    static func member(_ key: String, of object: JSONObject) -> JSONValue? {
        object.members.first { $0.key.utf8.elementsEqual(key.utf8) }?.value
    }

    private static func containsBytes(_ haystack: [UInt8], _ needle: [UInt8]) -> Bool {
        if needle.isEmpty { return true }
        guard needle.count <= haystack.count else { return false }
        for start in 0...(haystack.count - needle.count)
        where haystack[start] == needle[0] && haystack[start..<(start + needle.count)].elementsEqual(needle) {
            return true
        }
        return false
    }
}
