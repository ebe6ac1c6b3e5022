/// Where Powertools' `AppConfigStore(envelope=)` finds the features inside a Freeform document.
///
/// Powertools runs the envelope as a JMESPath query. flagdeck supports the subset that names a
/// nested member: dot-separated identifiers (`features`, `config.flags`) and double-quoted
/// identifiers with JSON escapes (`"my-app".features`), whitespace allowed between tokens. An
/// empty expression means no envelope, as `envelope=""` does in Powertools. Filters, indexes,
/// functions, wildcards and pipes are refused with the position of the first such character.
public struct PowertoolsEnvelope: Sendable, Hashable, CustomStringConvertible {
    public var expression: String
    /// Where the features live.
    public var path: JSONPath

    public init(parsing expression: String) throws(PowertoolsEnvelopeError) {
        self.expression = expression
        var parser = EnvelopeParser(expression)
        self.path = try parser.parse()
    }

    public var description: String { expression }

    /// The features, or nil when a step is missing, null or not an object: JMESPath then yields
    /// null, which Powertools' validator rejects.
    public func extract(from document: JSONValue) -> JSONValue? {
        var current = document
        for case .key(let key) in path.components {
            guard let object = current.objectValue, let next = Python.member(key, of: object) else { return nil }
            current = next
        }
        // JSONValue is ExpressibleByNilLiteral: spell out the Optional's none.
        return current.isNull ? Optional.none : current
    }
}

public struct PowertoolsEnvelopeError: Error, Sendable, Hashable, CustomStringConvertible {
    public var expression: String
    /// Offset in characters from the start of the expression.
    public var position: Int
    public var message: String

    public init(expression: String, position: Int, message: String) {
        self.expression = expression
        self.position = position
        self.message = message
    }

    /// `envelope "a[0]", column 2: indexes are not supported …`
    public var description: String { "envelope \(JSONSerializer.serialize(.string(expression))), column \(position + 1): \(message)" }
}

private struct EnvelopeParser {
    let expression: String
    let chars: [Character]
    var i = 0

    init(_ expression: String) {
        self.expression = expression
        chars = Array(expression)
    }

    func fail(_ message: String, at position: Int) -> PowertoolsEnvelopeError {
        PowertoolsEnvelopeError(expression: expression, position: position, message: message)
    }

    mutating func skipWhitespace() { while i < chars.count && chars[i].isWhitespace { i += 1 } }

    mutating func parse() throws(PowertoolsEnvelopeError) -> JSONPath {
        var path = JSONPath.root
        skipWhitespace()
        if i == chars.count { return path }
        while true {
            path = path.appending(try identifier())
            skipWhitespace()
            if i == chars.count { return path }
            guard chars[i] == "." else { throw unsupported(at: i) }
            i += 1
            skipWhitespace()
            if i == chars.count { throw fail("expected an identifier after \".\"", at: i) }
        }
    }

    mutating func identifier() throws(PowertoolsEnvelopeError) -> String {
        let start = i
        let c = chars[i]
        if c == "\"" { return try quotedIdentifier() }
        guard c == "_" || (c.isASCII && c.isLetter) else { throw unsupported(at: start) }
        while i < chars.count && (chars[i] == "_" || (chars[i].isASCII && (chars[i].isLetter || chars[i].isNumber))) { i += 1 }
        return String(chars[start..<i])
    }

    /// A JSON string literal, as JMESPath's quoted identifiers are.
    mutating func quotedIdentifier() throws(PowertoolsEnvelopeError) -> String {
        let start = i
        i += 1
        while i < chars.count && chars[i] != "\"" { i += chars[i] == "\\" ? 2 : 1 }
        guard i < chars.count else { throw fail("unterminated quoted identifier", at: start) }
        i += 1
        guard case .string(let name)? = try? JSONParser.parse(String(chars[start..<i])) else {
            throw fail("invalid escape in quoted identifier", at: start)
        }
        return name
    }

    func unsupported(at position: Int) -> PowertoolsEnvelopeError {
        let c = chars[position]
        let what: String = switch c {
        case "[": "indexes, slices, projections and filters are not supported"
        case "*": "wildcards are not supported"
        case "|": "pipes are not supported"
        case "(", "&": "functions are not supported"
        case "@": "the current node @ is not supported"
        case "`", "'": "literals are not supported"
        case "{": "multiselect hashes are not supported"
        case ".": "expected an identifier, got \".\""
        default: c.isNumber ? "an identifier cannot start with a digit (quote it: \"\(c)…\")"
            : "unexpected \(JSONSerializer.serialize(.string(String(c))))"
        }
        return fail("\(what); flagdeck supports dot-separated names such as config.flags or \"my-app\".features", at: position)
    }
}
