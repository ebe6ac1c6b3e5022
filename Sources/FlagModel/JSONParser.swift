/// Why a JSON text was rejected.
public enum JSONParseFailure: Sendable, Hashable {
    case emptyInput
    case unexpectedEnd
    case unexpectedCharacter(String, expected: String)
    case trailingComma(closing: Character)
    case commentNotAllowed
    case leadingZero
    case invalidNumber(String)
    case invalidEscape(String)
    case loneSurrogate(UInt16)
    case controlCharacter(UInt8)
    case invalidUTF8
    case duplicateKey(String)
    case tooDeep(limit: Int)
    case trailingContent

    public var message: String {
        switch self {
        case .emptyInput: "empty input"
        case .unexpectedEnd: "unexpected end of input"
        case .unexpectedCharacter(let c, let expected): "unexpected character \(c), expected \(expected)"
        case .trailingComma(let closing): "trailing comma before '\(closing)'"
        case .commentNotAllowed: "comments are not allowed in JSON"
        case .leadingZero: "leading zeros are not allowed in numbers"
        case .invalidNumber(let detail): "invalid number: \(detail)"
        case .invalidEscape(let e): "invalid escape \(e)"
        case .loneSurrogate(let u): "lone surrogate \\u\(hex4(u)) in string"
        case .controlCharacter(let b): "unescaped control character U+\(hex4(UInt16(b))) in string"
        case .invalidUTF8: "invalid UTF-8 in string"
        case .duplicateKey(let k): "duplicate key \(JSONSerializer.serialize(.string(k)))"
        case .tooDeep(let limit): "nesting deeper than \(limit) levels"
        case .trailingContent: "unexpected content after the JSON value"
        }
    }
}

private func hex4(_ v: UInt16) -> String {
    let s = String(v, radix: 16, uppercase: true)
    return String(repeating: "0", count: max(0, 4 - s.count)) + s
}

/// A rejected JSON text: what, where (1-based line and column, counted in Unicode scalars)
/// and in which value (`$.values.new_checkout.enabled`).
public struct JSONParseError: Error, Sendable, Hashable, CustomStringConvertible {
    public var failure: JSONParseFailure
    public var line: Int
    public var column: Int
    public var byteOffset: Int
    public var path: JSONPath

    public var message: String { failure.message }
    /// `3:15: $.values.new_checkout.enabled: duplicate key "enabled"`
    public var description: String { "\(line):\(column): \(path): \(message)" }
}

/// Strict RFC 8259 parser over UTF-8 bytes.
///
/// Strict because the service is: a document that only a lenient parser accepts would be
/// refused at CreateHostedConfigurationVersion, long after the operator pressed the key.
public enum JSONParser {
    public static let defaultMaxDepth = 512

    public static func parse(_ text: String, maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        var copy = text
        let r: Result<JSONValue, JSONParseError> = copy.withUTF8 { buf in
            var p = Parser(buf, maxDepth: maxDepth)
            return Result { () throws(JSONParseError) in try p.parseDocument() }
        }
        return try r.get()
    }

    public static func parse(_ bytes: [UInt8], maxDepth: Int = defaultMaxDepth) throws(JSONParseError) -> JSONValue {
        let r: Result<JSONValue, JSONParseError> = bytes.withUnsafeBufferPointer { buf in
            var p = Parser(buf, maxDepth: maxDepth)
            return Result { () throws(JSONParseError) in try p.parseDocument() }
        }
        return try r.get()
    }
}

private let quote = UInt8(ascii: "\""), backslash = UInt8(ascii: "\\")

private struct Parser {
    let buf: UnsafeBufferPointer<UInt8>
    let maxDepth: Int
    var pos = 0
    var depth = 0
    var path: [JSONPathComponent] = []

    init(_ buf: UnsafeBufferPointer<UInt8>, maxDepth: Int) {
        self.buf = buf
        self.maxDepth = maxDepth
    }

    mutating func parseDocument() throws(JSONParseError) -> JSONValue {
        // RFC 8259 §8.1 lets a parser ignore a byte order mark; editors on Windows add one.
        if buf.count >= 3, buf[0] == 0xEF, buf[1] == 0xBB, buf[2] == 0xBF { pos = 3 }
        skipWhitespace()
        if pos == buf.count { throw error(.emptyInput, at: pos) }
        let v = try parseValue()
        skipWhitespace()
        if pos != buf.count {
            if buf[pos] == UInt8(ascii: "/") { throw error(.commentNotAllowed, at: pos) }
            throw error(.trailingContent, at: pos)
        }
        return v
    }

    func error(_ f: JSONParseFailure, at offset: Int, path extra: JSONPathComponent? = nil) -> JSONParseError {
        var line = 1, lineStart = 0
        let end = min(offset, buf.count)
        for i in 0..<end where buf[i] == UInt8(ascii: "\n") { line += 1; lineStart = i + 1 }
        var column = 1
        if lineStart < end {
            for i in lineStart..<end where buf[i] & 0xC0 != 0x80 { column += 1 }
        }
        var comps = path
        if let extra { comps.append(extra) }
        return JSONParseError(failure: f, line: line, column: column, byteOffset: offset, path: JSONPath(comps))
    }

    func describeByte(at i: Int) -> String {
        let b = buf[i]
        if b >= 0x20 && b < 0x7F { return "'\(Character(Unicode.Scalar(b)))'" }
        if b < 0x80 { return "U+\(hex4(UInt16(b)))" }
        var it = UnsafeBufferPointer(rebasing: buf[i..<min(i + 4, buf.count)]).makeIterator()
        var decoder = UTF8()
        if case .scalarValue(let s) = decoder.decode(&it) {
            return "'\(Character(s))' (U+\(hex4(UInt16(truncatingIfNeeded: s.value))))"
        }
        return "byte 0x\(String(b, radix: 16, uppercase: true))"
    }

    @inline(__always) mutating func skipWhitespace() {
        while pos < buf.count {
            let b = buf[pos]
            if b == 0x20 || b == 0x0A || b == 0x0D || b == 0x09 { pos += 1 } else { return }
        }
    }

    func unexpected(expected: String) -> JSONParseError {
        if pos >= buf.count { return error(.unexpectedEnd, at: pos) }
        if buf[pos] == UInt8(ascii: "/") { return error(.commentNotAllowed, at: pos) }
        return error(.unexpectedCharacter(describeByte(at: pos), expected: expected), at: pos)
    }

    mutating func parseValue() throws(JSONParseError) -> JSONValue {
        guard pos < buf.count else { throw error(.unexpectedEnd, at: pos) }
        switch buf[pos] {
        case UInt8(ascii: "{"): return try parseObject()
        case UInt8(ascii: "["): return try parseArray()
        case quote: return .string(try parseString())
        case UInt8(ascii: "t"): try literal("true"); return .bool(true)
        case UInt8(ascii: "f"): try literal("false"); return .bool(false)
        case UInt8(ascii: "n"): try literal("null"); return .null
        case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return .number(try parseNumber())
        default: throw unexpected(expected: "a value")
        }
    }

    mutating func literal(_ word: StaticString) throws(JSONParseError) {
        let n = word.utf8CodeUnitCount
        let start = pos
        for k in 0..<n {
            guard pos < buf.count else { throw error(.unexpectedEnd, at: pos) }
            guard buf[pos] == word.utf8Start[k] else {
                pos = start
                throw unexpected(expected: "a value")
            }
            pos += 1
        }
    }

    mutating func enter() throws(JSONParseError) {
        if depth == maxDepth { throw error(.tooDeep(limit: maxDepth), at: pos) }
        depth += 1
    }

    mutating func parseObject() throws(JSONParseError) -> JSONValue {
        try enter()
        pos += 1
        var members: [JSONObject.Member] = []
        var index: [String: Int] = [:]
        skipWhitespace()
        if pos < buf.count && buf[pos] == UInt8(ascii: "}") {
            pos += 1; depth -= 1
            return .object(JSONObject())
        }
        while true {
            skipWhitespace()
            guard pos < buf.count, buf[pos] == quote else {
                if pos < buf.count && buf[pos] == UInt8(ascii: "}") && !members.isEmpty {
                    throw error(.trailingComma(closing: "}"), at: pos)
                }
                throw unexpected(expected: "a string key")
            }
            let keyStart = pos
            let key = try parseString()
            let duplicate = members.count < 8 ? members.contains { $0.key == key } : index[key] != nil
            if duplicate { throw error(.duplicateKey(key), at: keyStart, path: .key(key)) }
            skipWhitespace()
            guard pos < buf.count, buf[pos] == UInt8(ascii: ":") else { throw unexpected(expected: "':'") }
            pos += 1
            skipWhitespace()
            path.append(.key(key))
            let value = try parseValue()
            path.removeLast()
            if members.count == 7 {
                for (i, m) in members.enumerated() { index[m.key] = i }
            }
            if members.count >= 7 { index[key] = members.count }
            members.append(JSONObject.Member(key: key, value: value))
            skipWhitespace()
            guard pos < buf.count else { throw error(.unexpectedEnd, at: pos) }
            if buf[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if buf[pos] == UInt8(ascii: "}") { pos += 1; break }
            throw unexpected(expected: "',' or '}'")
        }
        depth -= 1
        return .object(JSONObject(uniqueMembers: members))
    }

    mutating func parseArray() throws(JSONParseError) -> JSONValue {
        try enter()
        pos += 1
        var items: [JSONValue] = []
        skipWhitespace()
        if pos < buf.count && buf[pos] == UInt8(ascii: "]") {
            pos += 1; depth -= 1
            return .array([])
        }
        while true {
            skipWhitespace()
            if pos < buf.count && buf[pos] == UInt8(ascii: "]") && !items.isEmpty {
                throw error(.trailingComma(closing: "]"), at: pos)
            }
            path.append(.index(items.count))
            items.append(try parseValue())
            path.removeLast()
            skipWhitespace()
            guard pos < buf.count else { throw error(.unexpectedEnd, at: pos) }
            if buf[pos] == UInt8(ascii: ",") { pos += 1; continue }
            if buf[pos] == UInt8(ascii: "]") { pos += 1; break }
            throw unexpected(expected: "',' or ']'")
        }
        depth -= 1
        return .array(items)
    }

    mutating func parseNumber() throws(JSONParseError) -> JSONNumber {
        let start = pos
        func isDigit(_ i: Int) -> Bool { i < buf.count && buf[i] >= 48 && buf[i] <= 57 }
        if buf[pos] == UInt8(ascii: "-") {
            pos += 1
            guard isDigit(pos) else { throw error(.invalidNumber("expected a digit after '-'"), at: pos) }
        }
        if buf[pos] == UInt8(ascii: "0") {
            pos += 1
            if isDigit(pos) { throw error(.leadingZero, at: start) }
        } else {
            while isDigit(pos) { pos += 1 }
        }
        if pos < buf.count && buf[pos] == UInt8(ascii: ".") {
            pos += 1
            guard isDigit(pos) else { throw error(.invalidNumber("expected a digit after '.'"), at: pos) }
            while isDigit(pos) { pos += 1 }
        }
        if pos < buf.count && (buf[pos] == UInt8(ascii: "e") || buf[pos] == UInt8(ascii: "E")) {
            pos += 1
            if pos < buf.count && (buf[pos] == UInt8(ascii: "+") || buf[pos] == UInt8(ascii: "-")) { pos += 1 }
            guard isDigit(pos) else { throw error(.invalidNumber("expected a digit in the exponent"), at: pos) }
            while isDigit(pos) { pos += 1 }
        }
        return JSONNumber(uncheckedText: String(decoding: UnsafeBufferPointer(rebasing: buf[start..<pos]), as: UTF8.self))
    }

    mutating func parseString() throws(JSONParseError) -> String {
        let open = pos
        pos += 1
        let start = pos
        var ascii = true
        while pos < buf.count {
            let b = buf[pos]
            if b == quote {
                let slice = UnsafeBufferPointer(rebasing: buf[start..<pos])
                pos += 1
                if ascii { return String(decoding: slice, as: UTF8.self) }
                guard let s = String(validating: slice, as: UTF8.self) else { throw error(.invalidUTF8, at: open) }
                return s
            }
            if b == backslash { return try parseEscapedString(open: open, start: start) }
            if b < 0x20 { throw error(.controlCharacter(b), at: pos) }
            if b >= 0x80 { ascii = false }
            pos += 1
        }
        throw error(.unexpectedEnd, at: pos)
    }

    mutating func parseEscapedString(open: Int, start: Int) throws(JSONParseError) -> String {
        var out: [UInt8] = Array(UnsafeBufferPointer(rebasing: buf[start..<pos]))
        while pos < buf.count {
            let b = buf[pos]
            if b == quote {
                pos += 1
                guard let s = String(validating: out, as: UTF8.self) else { throw error(.invalidUTF8, at: open) }
                return s
            }
            if b < 0x20 { throw error(.controlCharacter(b), at: pos) }
            if b != backslash { out.append(b); pos += 1; continue }
            let escStart = pos
            pos += 1
            guard pos < buf.count else { throw error(.unexpectedEnd, at: pos) }
            let e = buf[pos]
            pos += 1
            switch e {
            case quote: out.append(quote)
            case backslash: out.append(backslash)
            case UInt8(ascii: "/"): out.append(UInt8(ascii: "/"))
            case UInt8(ascii: "b"): out.append(0x08)
            case UInt8(ascii: "f"): out.append(0x0C)
            case UInt8(ascii: "n"): out.append(0x0A)
            case UInt8(ascii: "r"): out.append(0x0D)
            case UInt8(ascii: "t"): out.append(0x09)
            case UInt8(ascii: "u"):
                let u = try hexQuad(escStart: escStart)
                var scalar: UInt32
                if (0xD800...0xDBFF).contains(u) {
                    guard pos + 1 < buf.count, buf[pos] == backslash, buf[pos + 1] == UInt8(ascii: "u") else {
                        throw error(.loneSurrogate(u), at: escStart)
                    }
                    let lowStart = pos
                    pos += 2
                    let low = try hexQuad(escStart: lowStart)
                    guard (0xDC00...0xDFFF).contains(low) else { throw error(.loneSurrogate(u), at: escStart) }
                    scalar = 0x10000 + ((UInt32(u) - 0xD800) << 10) + (UInt32(low) - 0xDC00)
                } else if (0xDC00...0xDFFF).contains(u) {
                    throw error(.loneSurrogate(u), at: escStart)
                } else {
                    scalar = UInt32(u)
                }
                out.append(contentsOf: UTF8.encode(Unicode.Scalar(scalar)!)!)
            default:
                let shown = (e >= 0x20 && e < 0x7F) ? "'\\\(Character(Unicode.Scalar(e)))'" : "'\\' followed by byte 0x\(String(e, radix: 16, uppercase: true))"
                throw error(.invalidEscape(shown), at: escStart)
            }
        }
        throw error(.unexpectedEnd, at: pos)
    }

    mutating func hexQuad(escStart: Int) throws(JSONParseError) -> UInt16 {
        var v: UInt16 = 0
        for _ in 0..<4 {
            guard pos < buf.count else { throw error(.unexpectedEnd, at: pos) }
            let b = buf[pos]
            let d: UInt8
            switch b {
            case 48...57: d = b - 48
            case 65...70: d = b - 55
            case 97...102: d = b - 87
            default: throw error(.invalidEscape("'\\u' needs four hex digits"), at: escStart)
            }
            v = v << 4 | UInt16(d)
            pos += 1
        }
        return v
    }
}
