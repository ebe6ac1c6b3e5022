/// Replaces values inside JSON text without touching any other byte: whitespace, key
/// order, number text and escapes of the untouched parts stay exactly as written.
///
/// Freeform documents (Powertools) are stored by AppConfig as sent, and people review
/// their history as text: a toggle must change the leaves it changes and nothing else.
/// Only existing values can be replaced; a path that names nothing gives nil (the caller
/// then serialises the whole document).
public enum JSONSplice {
    /// `text` with the value at each path replaced by the compact JSON of its new value.
    /// nil when a path names nothing, two replacements overlap, or the text is not JSON.
    public static func replacing(_ edits: [(path: JSONPath, value: JSONValue)], in text: [UInt8]) -> [UInt8]? {
        var spans: [(range: Range<Int>, bytes: [UInt8])] = []
        for edit in edits {
            guard let range = span(of: edit.path, in: text) else { return nil }
            spans.append((range, Array(JSONSerializer.serialize(edit.value).utf8)))
        }
        spans.sort { $0.range.lowerBound < $1.range.lowerBound }
        for i in spans.indices.dropFirst() where spans[i].range.lowerBound < spans[i - 1].range.upperBound { return nil }
        var out = text
        for s in spans.reversed() { out.replaceSubrange(s.range, with: s.bytes) }
        return out
    }

    /// The byte range of the value at `path` in `text`.
    public static func span(of path: JSONPath, in text: [UInt8]) -> Range<Int>? {
        var scanner = SpanScanner(text: text)
        scanner.skipWhitespace()
        for component in path.components {
            switch component {
            case .key(let key): guard scanner.enterMember(key) else { return nil }
            case .index(let index): guard scanner.enterElement(index) else { return nil }
            }
        }
        let start = scanner.position
        guard scanner.skipValue() else { return nil }
        return start..<scanner.position
    }
}

/// A forward-only walk over JSON text that can step into a member or element and skip
/// whole values. It trusts the text to be JSON (it was parsed before) but never reads
/// past the end.
private struct SpanScanner {
    let text: [UInt8]
    var position = 0

    mutating func skipWhitespace() {
        while position < text.count, [0x20, 0x09, 0x0A, 0x0D].contains(text[position]) { position += 1 }
    }

    /// At an object: moves to the value of `key` (the last one, like a parser keeping
    /// the last duplicate would not; our parser rejects duplicates anyway).
    mutating func enterMember(_ key: String) -> Bool {
        guard position < text.count, text[position] == UInt8(ascii: "{") else { return false }
        position += 1
        skipWhitespace()
        if position < text.count, text[position] == UInt8(ascii: "}") { return false }
        while position < text.count {
            guard let name = readString() else { return false }
            skipWhitespace()
            guard position < text.count, text[position] == UInt8(ascii: ":") else { return false }
            position += 1
            skipWhitespace()
            if name == key { return true }
            guard skipValue() else { return false }
            skipWhitespace()
            guard position < text.count, text[position] == UInt8(ascii: ",") else { return false }
            position += 1
            skipWhitespace()
        }
        return false
    }

    /// At an array: moves to element `index`.
    mutating func enterElement(_ index: Int) -> Bool {
        guard position < text.count, text[position] == UInt8(ascii: "[") else { return false }
        position += 1
        skipWhitespace()
        var i = 0
        while position < text.count, text[position] != UInt8(ascii: "]") {
            if i == index { return true }
            guard skipValue() else { return false }
            skipWhitespace()
            guard position < text.count, text[position] == UInt8(ascii: ",") else { return false }
            position += 1
            skipWhitespace()
            i += 1
        }
        return false
    }

    /// Past one value (no whitespace after it).
    mutating func skipValue() -> Bool {
        guard position < text.count else { return false }
        switch text[position] {
        case UInt8(ascii: "\""): return readString() != nil
        case UInt8(ascii: "{"), UInt8(ascii: "["):
            // Strings are skipped whole, so brackets inside them do not count.
            var depth = 0
            while position < text.count {
                switch text[position] {
                case UInt8(ascii: "\""): guard readString() != nil else { return false }; continue
                case UInt8(ascii: "{"), UInt8(ascii: "["): depth += 1
                case UInt8(ascii: "}"), UInt8(ascii: "]"):
                    depth -= 1
                    if depth == 0 { position += 1; return true }
                default: break
                }
                position += 1
            }
            return false
        default:
            // A number or literal: up to the next delimiter.
            let start = position
            while position < text.count, !",}] \t\n\r".utf8.contains(text[position]) { position += 1 }
            return position > start
        }
    }

    /// Reads a string token, decoding escapes (keys are compared decoded).
    mutating func readString() -> String? {
        guard position < text.count, text[position] == UInt8(ascii: "\"") else { return nil }
        let start = position
        position += 1
        var escaped = false
        while position < text.count {
            let b = text[position]
            position += 1
            if b == UInt8(ascii: "\\") { escaped = true; position += 1; continue }
            if b == UInt8(ascii: "\"") {
                let raw = Array(text[start..<position])
                if !escaped { return String(decoding: raw.dropFirst().dropLast(), as: UTF8.self) }
                return (try? JSONParser.parse(raw))?.stringValue
            }
        }
        return nil
    }
}
