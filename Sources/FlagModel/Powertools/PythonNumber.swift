import Foundation

/// A JSON number (or boolean) as Python's `json` module hands it to Powertools: numbers written
/// without `.`, `e` or `E` become arbitrary-precision `int`, all others `float`, and `true`/`false`
/// are the ints 1 and 0. Powertools' comparisons and `%` follow these Python types, so flagdeck
/// must too (`10 == 10.0`, `True == 1`, `2**53 + 1 != 2.0**53`, `-1 % 10 == 9`).
enum PythonNumber: Sendable, Hashable {
    /// The exact integer, kept as text so 30-digit ids compare exactly.
    case int(JSONNumber)
    case float(Double)

    init?(_ value: JSONValue) {
        switch value {
        case .bool(let b): self = .int(JSONNumber(b ? 1 : 0))
        case .number(let n): self = n.isPythonInt ? .int(n) : .float(n.doubleValue)
        default: return nil
        }
    }

    var isZero: Bool {
        switch self {
        case .int(let n): n.decomposed.digits.isEmpty
        case .float(let d): d == 0
        }
    }

    /// Python's ordering; nil when the values are unordered (a NaN, which `inf % n` produces).
    func compare(_ other: PythonNumber) -> ComparisonResult? {
        switch (self, other) {
        case (.int(let a), .int(let b)): return a.compare(b)
        case (.float(let a), .float(let b)): return Self.compare(a, b)
        case (.int(let a), .float(let b)): return Self.compare(int: a, float: b)
        case (.float(let a), .int(let b)): return Self.compare(int: b, float: a)?.reversed
        }
    }

    private static func compare(_ a: Double, _ b: Double) -> ComparisonResult? {
        if a.isNaN || b.isNaN { return nil }
        return a < b ? .orderedAscending : (a > b ? .orderedDescending : .orderedSame)
    }

    /// Python compares an int with a float exactly, not by rounding the int to a float.
    private static func compare(int a: JSONNumber, float b: Double) -> ComparisonResult? {
        if b.isNaN { return nil }
        if b.isInfinite { return b > 0 ? .orderedAscending : .orderedDescending }
        return a.compare(ExactDecimal.of(b))
    }

    /// Python's `%`: floor modulo, the result takes the divisor's sign (`-1 % 10 == 9`,
    /// `-0.5 % 10 == 9.5`). nil where Python raises: a zero divisor (ZeroDivisionError) or an int
    /// too large to become a float (OverflowError).
    func floorModulo(_ divisor: PythonNumber) -> PythonNumber? {
        if divisor.isZero { return nil }
        if case .int(let x) = self, case .int(let m) = divisor, let exact = Self.intModulo(x, m) {
            return .int(exact)
        }
        // Mixed or float operands (and, approximately, int divisors beyond 64 bits) go through
        // Double, as CPython's float_rem does.
        guard let a = asFloat, let b = divisor.asFloat else { return nil }
        var mod = fmod(a, b)
        if mod != 0 {
            if (b < 0) != (mod < 0) { mod += b }
        } else {
            mod = b < 0 ? -0.0 : 0.0
        }
        return .float(mod)
    }

    /// `float(x)`: nil when an int is too large for a Double (Python raises OverflowError).
    private var asFloat: Double? {
        switch self {
        case .float(let d): return d
        case .int(let n):
            let d = n.doubleValue
            return d.isFinite ? d : nil
        }
    }

    /// Exact `x % m` for integers, digit by digit, when |m| fits in 64 bits.
    private static func intModulo(_ x: JSONNumber, _ m: JSONNumber) -> JSONNumber? {
        let xd = x.decomposed, md = m.decomposed
        guard md.exponent >= 0, xd.exponent >= 0 else { return nil }
        let mDigits = md.digits + Array(repeating: UInt8(ascii: "0"), count: md.exponent)
        guard mDigits.count <= 19, let modulus = UInt64(String(decoding: mDigits, as: UTF8.self)) else { return nil }
        var r: UInt64 = 0
        let xDigits = xd.digits + Array(repeating: UInt8(ascii: "0"), count: xd.exponent)
        for d in xDigits {
            let (hi, lo) = r.multipliedFullWidth(by: 10)
            let (sum, carry) = lo.addingReportingOverflow(UInt64(d - 48))
            r = modulus.dividingFullWidth((hi + (carry ? 1 : 0), sum)).remainder
        }
        if r != 0 && xd.negative != md.negative { r = modulus - r }
        if r == 0 { return JSONNumber(0) }
        return JSONNumber(text: (md.negative ? "-" : "") + String(r))
    }
}

extension JSONNumber {
    /// Whether Python's `json.loads` reads this number as an `int` rather than a `float`.
    var isPythonInt: Bool {
        !text.utf8.contains { $0 == UInt8(ascii: ".") || $0 == UInt8(ascii: "e") || $0 == UInt8(ascii: "E") }
    }
}
