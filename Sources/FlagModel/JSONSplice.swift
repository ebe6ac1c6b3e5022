/// Replaces values inside JSON text without touching any other byte: whitespace, key
/// order, number text and escapes of the untouched parts stay exactly as written.
///
/// Freeform documents (Powertools) are stored by AppConfig as sent, and people review
/// their history as text: a toggle must change the leaves it changes and nothing else.
/// Only existing values can be replaced; a path that names nothing gives nil (the caller
/// then serialises the whole document).
public enum JSONSplice {
    /// `text` with the value at each path replaced by the compact JSON of its new value, or
    /// (nil) the member removed with its separating comma. nil when a path names nothing,
    /// two edits overlap, or the text is not JSON.
    public static func replacing(_ edits: [(path: JSONPath, value: JSONValue?)], in text: [UInt8]) -> [UInt8]? {
        var spans: [(range: Range<Int>, bytes: [UInt8])] = []
        for edit in edits {
            if let value = edit.value {
                guard let range = span(of: edit.path, in: text) else { return nil }
                spans.append((range, Array(JSONSerializer.serialize(value).utf8)))
            } else {
                guard let range = memberSpan(of: edit.path, in: text) else { return nil }
                spans.append((range, []))
            }
        }
        spans.sort { $0.range.lowerBound < $1.range.lowerBound }
        for i in spans.indices.dropFirst() where spans[i].range.lowerBound < spans[i - 1].range.upperBound { return nil }
        var out = text
        for s in spans.reversed() { out.replaceSubrange(s.range, with: s.bytes) }
        return out
    }

    /// The bytes to cut to remove the member at `path` (an object member): from its key to
    /// the next member's key when one follows, else from the comma before it; a lone
    /// member leaves `{}`.
    static func memberSpan(of path: JSONPath, in text: [UInt8]) -> Range<Int>? {
        guard case .key(let key)? = path.components.last else { return nil }
        let parent = JSONPath(Array(path.components.dropLast()))
        guard let object = span(of: parent, in: text), text[object.lowerBound] == UInt8(ascii: "{") else { return nil }
        var scanner = SpanScanner(text: text)
        scanner.position = object.lowerBound + 1
        scanner.skipWhitespace()
        var previousEnd: Int? = nil  // end of the member before, for a last member
        while scanner.position < object.upperBound - 1 {
            let keyStart = scanner.position
            guard let name = scanner.readString() else { return nil }
            scanner.skipWhitespace()
            scanner.position += 1  // the colon
            scanner.skipWhitespace()
            guard scanner.skipValue() else { return nil }
            let valueEnd = scanner.position
            scanner.skipWhitespace()
            let hasComma = scanner.position < text.count && text[scanner.position] == UInt8(ascii: ",")
            if hasComma { scanner.position += 1; scanner.skipWhitespace() }
            if name == key {
                if hasComma { return keyStart..<scanner.position }
                if let previousEnd { return previousEnd..<valueEnd }
                return (object.lowerBound + 1)..<(object.upperBound - 1)
            }
            previousEnd = valueEnd
        }
        return nil
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

extension FeatureFlagDocument {
    /// This (edited) document as text: `base`, the bytes of the document it was edited
    /// from, with only `diffs` applied. nil unless that reads back as exactly this document
    /// (the caller then serialises it whole).
    public func splicedText(_ diffs: [FlagDiff], into base: [UInt8]) -> [UInt8]? {
        guard let spliced = JSONSplice.replacing(diffs.map { (path: $0.path, value: $0.new) }, in: base),
              (try? JSONParser.parse(spliced)) == json else { return nil }
        return spliced
    }
}
