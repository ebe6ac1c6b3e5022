/// Tokens of AppConfig's multi-variant rule language (s-expressions), with their column.
struct VariantRuleToken: Sendable, Hashable {
    enum Kind: Sendable, Hashable {
        case open, close, openList, closeList, comma
        case string(String)
        case number(JSONNumber)
        /// A W3C datetime such as `2024-01` or `2012-03-04T05:06:07-08:00`: lexed, never evaluated.
        case timestamp(String)
        case variable(String)    // $key
        case word(String)        // operator names, true, false
        case keyword(String)     // name:: before a named argument
        case end
    }
    var kind: Kind
    /// Offset in characters from the start of the rule.
    var position: Int
}

struct VariantRuleSyntaxError: Error, Sendable, Hashable {
    var message: String
    var position: Int
    /// `column 12: expected ")"`
    var description: String { "column \(position + 1): \(message)" }
}

struct VariantRuleLexer {
    let chars: [Character]
    var i = 0
    init(_ rule: String) { chars = Array(rule) }

    static func isWordStart(_ c: Character) -> Bool { c == "_" || (c.isASCII && c.isLetter) }
    static func isWordPart(_ c: Character) -> Bool { c == "_" || (c.isASCII && (c.isLetter || c.isNumber)) }
    /// Context keys: letters, digits, `_`, `-` and `.`.
    static func isVariablePart(_ c: Character) -> Bool { isWordPart(c) || c == "-" || c == "." }

    mutating func tokens() throws(VariantRuleSyntaxError) -> [VariantRuleToken] {
        var out: [VariantRuleToken] = []
        while true {
            let token = try next()
            out.append(token)
            if token.kind == .end { return out }
        }
    }

    mutating func next() throws(VariantRuleSyntaxError) -> VariantRuleToken {
        while i < chars.count && chars[i].isWhitespace { i += 1 }
        let start = i
        guard i < chars.count else { return VariantRuleToken(kind: .end, position: i) }
        let c = chars[i]
        func single(_ kind: VariantRuleToken.Kind) -> VariantRuleToken { i += 1; return VariantRuleToken(kind: kind, position: start) }
        switch c {
        case "(": return single(.open)
        case ")": return single(.close)
        case "[": return single(.openList)
        case "]": return single(.closeList)
        case ",": return single(.comma)
        case "\"": return VariantRuleToken(kind: .string(try string()), position: start)
        case "$":
            i += 1
            while i < chars.count && Self.isVariablePart(chars[i]) { i += 1 }
            guard i > start + 1 else { throw VariantRuleSyntaxError(message: "expected a context key after $", position: start) }
            return VariantRuleToken(kind: .variable(String(chars[(start + 1)..<i])), position: start)
        default:
            if c.isASCII && (c.isNumber || c == "-") { return VariantRuleToken(kind: try numberOrTimestamp(), position: start) }
            guard Self.isWordStart(c) else {
                throw VariantRuleSyntaxError(message: "unexpected \(JSONSerializer.serialize(.string(String(c))))", position: start)
            }
            while i < chars.count && Self.isWordPart(chars[i]) { i += 1 }
            let word = String(chars[start..<i])
            if i + 1 < chars.count && chars[i] == ":" && chars[i + 1] == ":" {
                i += 2
                return VariantRuleToken(kind: .keyword(word), position: start)
            }
            return VariantRuleToken(kind: .word(word), position: start)
        }
    }

    /// A double-quoted string; a backslash takes the next character literally.
    mutating func string() throws(VariantRuleSyntaxError) -> String {
        let start = i
        i += 1
        var out = ""
        while i < chars.count && chars[i] != "\"" {
            if chars[i] == "\\" && i + 1 < chars.count { i += 1 }
            out.append(chars[i])
            i += 1
        }
        guard i < chars.count else { throw VariantRuleSyntaxError(message: "unterminated string", position: start) }
        i += 1
        return out
    }

    mutating func numberOrTimestamp() throws(VariantRuleSyntaxError) -> VariantRuleToken.Kind {
        let start = i
        while i < chars.count && (chars[i].isASCII && (chars[i].isNumber || chars[i].isLetter || ".:+-".contains(chars[i]))) { i += 1 }
        let text = String(chars[start..<i])
        if Self.looksLikeTimestamp(text) { return .timestamp(text) }
        guard let number = JSONNumber(text: text) else {
            throw VariantRuleSyntaxError(message: "invalid number \(text)", position: start)
        }
        if number.isPythonInt && Int64(text) == nil {
            throw VariantRuleSyntaxError(message: "integer \(text) does not fit in 64 bits", position: start)
        }
        return .number(number)
    }

    /// `YYYY-MM`, `YYYY-MM-DD`, optionally `Thh:mm[:ss[.f]]` and a zone: the W3C profile.
    static func looksLikeTimestamp(_ text: String) -> Bool {
        let c = Array(text.utf8)
        func digits(_ range: Range<Int>) -> Bool { range.upperBound <= c.count && c[range].allSatisfy { $0 >= 48 && $0 <= 57 } }
        return c.count >= 7 && digits(0..<4) && c[4] == UInt8(ascii: "-") && digits(5..<7)
    }
}
