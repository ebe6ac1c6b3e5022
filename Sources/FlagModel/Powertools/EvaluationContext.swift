/// The context flags are evaluated against, typed at a prompt or on the command line.
public enum EvaluationContext {
    /// `tier=premium userId=42 beta=true 'name=Ann Lee' groups=["a","b"]`: whitespace-separated
    /// KEY=VALUE pairs. Single or double quotes may surround a whole pair or a value, as in a
    /// shell. VALUE is JSON when it parses as a JSON number, true/false/null, array, object or
    /// quoted string, else the raw text as a string: `id=42` is the number 42, `id=x42` the
    /// string "x42". A double-quoted value is read as a JSON string, so `id="42"` is the string
    /// "42"; a single-quoted one is only grouping (`groups='["a", "b"]'` is an array). An
    /// unquoted value starting with `[` or `{` runs to its matching bracket, so
    /// `groups=["a", "b"]` needs no quotes. Errors name the offending pair; a key given twice is
    /// an error rather than letting the second silently win.
    public static func parse(_ text: String) throws(EvaluationContextError) -> [String: JSONValue] {
        var scanner = ContextScanner(Array(text))
        var context: [String: JSONValue] = [:]
        while let pair = try scanner.nextPair() {
            if context[pair.key] != nil {
                throw EvaluationContextError(pair: pair.text, message: "key \"\(pair.key)\" is given twice")
            }
            context[pair.key] = pair.value
        }
        return context
    }

    /// One unquoted VALUE read as `parse` reads it: JSON when it parses as a JSON number,
    /// true/false/null, array, object or quoted string, else the text itself.
    public static func value(_ raw: String) -> JSONValue { ContextScanner.interpret(raw) }
}

public struct EvaluationContextError: Error, Sendable, Hashable, CustomStringConvertible {
    /// The offending pair as typed.
    public var pair: String
    public var message: String
    public init(pair: String, message: String) {
        self.pair = pair
        self.message = message
    }
    /// `tier: expected KEY=VALUE`
    public var description: String { "\(pair): \(message)" }
}

private struct ContextScanner {
    let chars: [Character]
    var i = 0
    init(_ chars: [Character]) { self.chars = chars }

    struct Pair { var key: String; var value: JSONValue; var text: String }

    mutating func nextPair() throws(EvaluationContextError) -> Pair? {
        while i < chars.count && chars[i].isWhitespace { i += 1 }
        guard i < chars.count else { return nil }
        let start = i
        if chars[i] == "'" || chars[i] == "\"" {
            // A whole quoted pair: 'name=Ann Lee'.
            let inner = try quoted(from: start)
            try expectEnd(of: start)
            guard let eq = inner.firstIndex(of: "=") else {
                throw EvaluationContextError(pair: text(from: start), message: "expected KEY=VALUE")
            }
            return try pair(key: String(inner[..<eq]), value: .text(String(inner[inner.index(after: eq)...])), from: start)
        }
        while i < chars.count && chars[i] != "=" && !chars[i].isWhitespace { i += 1 }
        guard i < chars.count, chars[i] == "=" else {
            throw EvaluationContextError(pair: text(from: start), message: "expected KEY=VALUE")
        }
        let key = String(chars[start..<i])
        i += 1
        let valueStart = i
        let value: RawValue
        if i < chars.count && chars[i] == "'" {
            value = .text(try quoted(from: start))
        } else if i < chars.count && chars[i] == "\"" {
            _ = try quoted(from: start)
            value = .jsonString(String(chars[valueStart..<i]))
        } else if i < chars.count && (chars[i] == "[" || chars[i] == "{"), let end = balancedEnd(from: i) {
            i = end
            value = .text(String(chars[valueStart..<i]))
        } else {
            while i < chars.count && !chars[i].isWhitespace { i += 1 }
            value = .text(String(chars[valueStart..<i]))
        }
        try expectEnd(of: start)
        return try pair(key: key, value: value, from: start)
    }

    enum RawValue { case text(String), jsonString(String) }

    func pair(key: String, value: RawValue, from start: Int) throws(EvaluationContextError) -> Pair {
        guard !key.isEmpty else { throw EvaluationContextError(pair: text(from: start), message: "empty key") }
        switch value {
        case .text(let raw): return Pair(key: key, value: Self.interpret(raw), text: text(from: start))
        case .jsonString(let literal):
            guard case .string(let s)? = try? JSONParser.parse(literal) else {
                throw EvaluationContextError(pair: text(from: start), message: "invalid escape in double-quoted value")
            }
            return Pair(key: key, value: .string(s), text: text(from: start))
        }
    }

    /// JSON when the text is a JSON number, literal, array, object or string; else the text.
    static func interpret(_ raw: String) -> JSONValue {
        guard let first = raw.first, first == "[" || first == "{" || first == "\"" || first == "-" || first.isNumber
                || raw == "true" || raw == "false" || raw == "null" else { return .string(raw) }
        return (try? JSONParser.parse(raw)) ?? .string(raw)
    }

    /// The text between quotes starting at `i`; a double-quoted run honours `\"` and `\\`.
    mutating func quoted(from pairStart: Int) throws(EvaluationContextError) -> String {
        let quote = chars[i]
        i += 1
        var out = ""
        while i < chars.count && chars[i] != quote {
            if quote == "\"" && chars[i] == "\\" && i + 1 < chars.count { out.append(chars[i]); i += 1 }
            out.append(chars[i])
            i += 1
        }
        guard i < chars.count else {
            throw EvaluationContextError(pair: text(from: pairStart), message: "unterminated \(quote) quote")
        }
        i += 1
        return quote == "\"" ? Self.unescapeShell(out) : out
    }

    /// Inside double quotes a shell keeps backslashes except before `"` and `\`.
    static func unescapeShell(_ s: String) -> String {
        var out = ""
        var it = Array(s)[...]
        while let c = it.popFirst() {
            if c == "\\", let next = it.first, next == "\"" || next == "\\" { out.append(next); it = it.dropFirst() } else { out.append(c) }
        }
        return out
    }

    /// The index after the bracket matching the one at `start`, skipping JSON strings; nil if unbalanced.
    func balancedEnd(from start: Int) -> Int? {
        var depth = 0, k = start, inString = false
        while k < chars.count {
            let c = chars[k]
            if inString {
                if c == "\\" { k += 1 } else if c == "\"" { inString = false }
            } else if c == "\"" {
                inString = true
            } else if c == "[" || c == "{" {
                depth += 1
            } else if c == "]" || c == "}" {
                depth -= 1
                if depth == 0 { return k + 1 }
            }
            k += 1
        }
        return nil
    }

    func expectEnd(of start: Int) throws(EvaluationContextError) {
        guard i < chars.count, !chars[i].isWhitespace else { return }
        var end = i
        while end < chars.count && !chars[end].isWhitespace { end += 1 }
        throw EvaluationContextError(pair: String(chars[start..<end]), message: "unexpected text after the closing quote or bracket")
    }

    func text(from start: Int) -> String {
        var end = max(i, start)
        while end < chars.count && !chars[end].isWhitespace { end += 1 }
        return String(chars[start..<min(end, chars.count)])
    }
}
