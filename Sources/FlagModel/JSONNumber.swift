import Foundation

/// A JSON number kept as its exact source text.
///
/// Flag documents are rewritten by edits; keeping `1E+300`, `0.10` or a 23-digit integer
/// as written means untouched values never change, whatever a Double would have made of them.
public struct JSONNumber: Sendable, Hashable, Codable, CustomStringConvertible, Comparable {
    public let text: String

    /// Accepts only RFC 8259 number syntax.
    public init?(text: String) {
        guard JSONNumber.isValidSyntax(Array(text.utf8)) else { return nil }
        self.text = text
    }

    init(uncheckedText text: String) { self.text = text }

    public init(_ value: Int) { text = String(value) }

    /// Shortest round-tripping text; nil for NaN and infinities, which JSON cannot hold.
    public init?(_ value: Double) {
        guard value.isFinite else { return nil }
        if value == value.rounded(), abs(value) < 1e15 {
            text = String(Int(value))
        } else {
            text = "\(value)"
        }
    }

    public var description: String { text }

    public init(from decoder: any Decoder) throws {
        let s = try decoder.singleValueContainer().decode(String.self)
        guard let n = JSONNumber(text: s) else {
            throw DecodingError.dataCorrupted(.init(codingPath: decoder.codingPath, debugDescription: "not a JSON number: \(s)"))
        }
        self = n
    }

    public func encode(to encoder: any Encoder) throws {
        var c = encoder.singleValueContainer()
        try c.encode(text)
    }

    /// The value as Int when it is integral and fits (`1e3` → 1000, `800.0` → 800).
    public var intValue: Int? {
        if let i = Int(text) { return i }
        let d = decomposed
        guard d.exponent >= 0 else { return nil }
        if d.digits.isEmpty { return 0 }
        guard d.digits.count + d.exponent <= 19 else { return nil }
        let s = (d.negative ? "-" : "") + String(decoding: d.digits, as: UTF8.self) + String(repeating: "0", count: d.exponent)
        return Int(s)
    }

    /// Nearest Double (may be ±infinity for out-of-range literals such as `1e400`).
    public var doubleValue: Double { Double(text) ?? .nan }

    public var decimalValue: Decimal? { Decimal(string: text, locale: Locale(identifier: "en_US_POSIX")) }

    /// Whether the value has no fractional part. JSON Schema draft-07 counts `1.0` and `1e3` as integers.
    public var isIntegral: Bool { let d = decomposed; return d.digits.isEmpty || d.exponent >= 0 }

    /// Exact numeric comparison of the decimal values (no rounding through Double).
    public func compare(_ other: JSONNumber) -> ComparisonResult {
        let a = decomposed, b = other.decomposed
        let aSign = a.digits.isEmpty ? 0 : (a.negative ? -1 : 1)
        let bSign = b.digits.isEmpty ? 0 : (b.negative ? -1 : 1)
        if aSign != bSign { return aSign < bSign ? .orderedAscending : .orderedDescending }
        if aSign == 0 { return .orderedSame }
        let magnitude = JSONNumber.compareMagnitude(a, b)
        return aSign > 0 ? magnitude : magnitude.reversed
    }

    public static func < (a: JSONNumber, b: JSONNumber) -> Bool { a.compare(b) == .orderedAscending }

    /// A canonical spelling of the same value (`800`, `8e2`, `800.0` all become `8e2`).
    public var normalized: JSONNumber {
        let d = decomposed
        if d.digits.isEmpty { return JSONNumber(uncheckedText: "0") }
        let body = String(decoding: d.digits, as: UTF8.self)
        return JSONNumber(uncheckedText: (d.negative ? "-" : "") + body + (d.exponent == 0 ? "" : "e\(d.exponent)"))
    }

    // value = digits × 10^exponent, digits without leading or trailing zeros (empty for zero).
    struct Decomposed { var negative: Bool; var digits: [UInt8]; var exponent: Int }

    var decomposed: Decomposed {
        var bytes = Array(text.utf8)[...]
        var negative = false
        if bytes.first == UInt8(ascii: "-") { negative = true; bytes = bytes.dropFirst() }
        var digits: [UInt8] = []
        var exponent = 0
        var seenPoint = false
        var i = bytes.startIndex
        while i < bytes.endIndex {
            let b = bytes[i]
            if b == UInt8(ascii: ".") { seenPoint = true }
            else if b == UInt8(ascii: "e") || b == UInt8(ascii: "E") { break }
            else {
                digits.append(b)
                if seenPoint { exponent -= 1 }
            }
            i += 1
        }
        if i < bytes.endIndex {
            var expNegative = false
            i += 1
            if bytes[i] == UInt8(ascii: "-") { expNegative = true; i += 1 } else if bytes[i] == UInt8(ascii: "+") { i += 1 }
            var e = 0
            while i < bytes.endIndex {
                // Saturate: exponents beyond a billion are all "astronomically large" for comparison.
                e = min(e * 10 + Int(bytes[i] - 48), 1_000_000_000)
                i += 1
            }
            exponent += expNegative ? -e : e
        }
        let firstNonZero = digits.firstIndex { $0 != UInt8(ascii: "0") }
        guard let start = firstNonZero else { return Decomposed(negative: negative, digits: [], exponent: 0) }
        var end = digits.count
        while digits[end - 1] == UInt8(ascii: "0") { end -= 1; exponent += 1 }
        return Decomposed(negative: negative, digits: Array(digits[start..<end]), exponent: exponent)
    }

    private static func compareMagnitude(_ a: Decomposed, _ b: Decomposed) -> ComparisonResult {
        let aTop = a.digits.count + a.exponent, bTop = b.digits.count + b.exponent
        if aTop != bTop { return aTop < bTop ? .orderedAscending : .orderedDescending }
        let n = max(a.digits.count, b.digits.count)
        for k in 0..<n {
            let x = k < a.digits.count ? a.digits[k] : 48
            let y = k < b.digits.count ? b.digits[k] : 48
            if x != y { return x < y ? .orderedAscending : .orderedDescending }
        }
        return .orderedSame
    }

    static func isValidSyntax(_ s: [UInt8]) -> Bool {
        var i = 0
        let n = s.count
        func digit(_ k: Int) -> Bool { k < n && s[k] >= 48 && s[k] <= 57 }
        if i < n && s[i] == UInt8(ascii: "-") { i += 1 }
        guard digit(i) else { return false }
        if s[i] == UInt8(ascii: "0") { i += 1 } else { while digit(i) { i += 1 } }
        if i < n && s[i] == UInt8(ascii: ".") {
            i += 1
            guard digit(i) else { return false }
            while digit(i) { i += 1 }
        }
        if i < n && (s[i] == UInt8(ascii: "e") || s[i] == UInt8(ascii: "E")) {
            i += 1
            if i < n && (s[i] == UInt8(ascii: "+") || s[i] == UInt8(ascii: "-")) { i += 1 }
            guard digit(i) else { return false }
            while digit(i) { i += 1 }
        }
        return i == n
    }
}

extension ComparisonResult {
    var reversed: ComparisonResult {
        switch self {
        case .orderedAscending: .orderedDescending
        case .orderedDescending: .orderedAscending
        case .orderedSame: .orderedSame
        }
    }
}
