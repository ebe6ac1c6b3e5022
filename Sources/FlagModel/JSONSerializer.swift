/// Writes JSON text: compact, or pretty with two-space indentation.
///
/// Numbers are written as their stored text and members in their stored order, so an
/// unmodified parsed document serialises back to the same content. Strings are escaped
/// minimally (quote, backslash, control characters); non-ASCII stays UTF-8 so flag names
/// in any script remain readable in diffs and reviews.
public enum JSONSerializer {
    public static func serialize(_ value: JSONValue, pretty: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(256)
        write(value, into: &out, pretty: pretty, indent: 0)
        return String(decoding: out, as: UTF8.self)
    }

    /// A short rendering for messages: long strings are cut with an ellipsis.
    static func abbreviated(_ value: JSONValue, limit: Int = 40) -> String {
        if case .string(let s) = value, s.unicodeScalars.count > limit {
            return serialize(.string(String(String.UnicodeScalarView(s.unicodeScalars.prefix(limit - 1)))) ).dropLast() + "…\""
        }
        return serialize(value)
    }

    /// Appends `value` to `out`, as nested `indent` levels deep: for writers that stream
    /// a large document piece by piece instead of building its whole tree first.
    public static func append(_ value: JSONValue, to out: inout [UInt8], pretty: Bool, indent: Int) {
        write(value, into: &out, pretty: pretty, indent: indent)
    }

    /// Appends a quoted, escaped string (an object key, say) to `out`.
    public static func append(string: String, to out: inout [UInt8]) {
        writeString(string, into: &out)
    }

    /// A line break and `indent` levels of indentation, for streaming writers.
    public static func appendNewline(to out: inout [UInt8], indent: Int) {
        newline(&out, indent)
    }

    private static func newline(_ out: inout [UInt8], _ indent: Int) {
        out.append(0x0A)
        for _ in 0..<indent { out.append(0x20); out.append(0x20) }
    }

    private static func write(_ value: JSONValue, into out: inout [UInt8], pretty: Bool, indent: Int) {
        switch value {
        case .null: out.append(contentsOf: "null".utf8)
        case .bool(let b): out.append(contentsOf: (b ? "true" : "false").utf8)
        case .number(let n): out.append(contentsOf: n.text.utf8)
        case .string(let s): writeString(s, into: &out)
        case .array(let items):
            out.append(UInt8(ascii: "["))
            if items.isEmpty { out.append(UInt8(ascii: "]")); return }
            for (i, item) in items.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { newline(&out, indent + 1) }
                write(item, into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(&out, indent) }
            out.append(UInt8(ascii: "]"))
        case .object(let obj):
            out.append(UInt8(ascii: "{"))
            if obj.isEmpty { out.append(UInt8(ascii: "}")); return }
            for (i, m) in obj.members.enumerated() {
                if i > 0 { out.append(UInt8(ascii: ",")) }
                if pretty { newline(&out, indent + 1) }
                writeString(m.key, into: &out)
                out.append(UInt8(ascii: ":"))
                if pretty { out.append(0x20) }
                write(m.value, into: &out, pretty: pretty, indent: indent + 1)
            }
            if pretty { newline(&out, indent) }
            out.append(UInt8(ascii: "}"))
        }
    }

    private static let hexDigits: [UInt8] = Array("0123456789abcdef".utf8)

    static func writeString(_ s: String, into out: inout [UInt8]) {
        out.append(UInt8(ascii: "\""))
        // Most strings need no escape: copy them whole.
        let copied = s.utf8.withContiguousStorageIfAvailable { bytes -> Bool in
            for b in bytes where b < 0x20 || b == UInt8(ascii: "\"") || b == UInt8(ascii: "\\") { return false }
            out.append(contentsOf: bytes)
            return true
        }
        if copied == true {
            out.append(UInt8(ascii: "\""))
            return
        }
        for b in s.utf8 {
            switch b {
            case UInt8(ascii: "\""): out.append(UInt8(ascii: "\\")); out.append(b)
            case UInt8(ascii: "\\"): out.append(UInt8(ascii: "\\")); out.append(b)
            case 0x0A: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "n"))
            case 0x0D: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "r"))
            case 0x09: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "t"))
            case 0x08: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "b"))
            case 0x0C: out.append(UInt8(ascii: "\\")); out.append(UInt8(ascii: "f"))
            case 0..<0x20:
                out.append(contentsOf: "\\u00".utf8)
                out.append(hexDigits[Int(b >> 4)])
                out.append(hexDigits[Int(b & 0xF)])
            default: out.append(b)
            }
        }
        out.append(UInt8(ascii: "\""))
    }
}

extension JSONValue {
    public func serialized(pretty: Bool = false) -> String { JSONSerializer.serialize(self, pretty: pretty) }
}
