/// dateutil's `tzstr` (its `_tzparser.parse` plus the checks in `tzstr.__init__`), which
/// `tz.gettz` falls back to for a name containing a digit that is no zoneinfo file:
/// `UTC+3`, `EST5EDT,M3.2.0,M11.1.0`, and, since the grammar is loose, `iso3166.tab`.
/// Ported statement by statement so TIMEZONE validity agrees with Powertools; `ParseFailure`
/// stands for the IndexError/ValueError/AssertionError the Python code turns into "no zone".
struct PosixTZString: Sendable, Hashable {
    /// Seconds east of UTC, with dateutil's flip for `GMT+3`/`UTC+3` (meaning UTC+3, unlike POSIX).
    var standardOffset: Int
    /// A daylight-saving part was given; flagdeck evaluates such zones at their standard offset.
    var hasDaylightSaving: Bool

    init?(_ text: String) {
        var parser = Parser(tokens: Self.tokenize(text))
        guard let result = try? parser.parse(), !result.anyUnusedTokens else { return nil }
        // tzrange builds timedeltas from the offsets; beyond ±999999999 days Python overflows.
        let limit = 999_999_999 * 86_400
        let std = result.stdOffset ?? 0
        let dst = result.dstOffset ?? std + 3_600
        guard abs(std) < limit, abs(dst) < limit else { return nil }
        if result.dstAbbreviation != nil {
            // tzstr._delta builds relativedelta(yearday=…/nlyearday=…), which rejects days past 366;
            // the end rule is only built when the start rule is truthy.
            if !result.start.isBuildable { return nil }
            if result.start.isTruthy && !result.end.isBuildable { return nil }
        }
        if ["GMT", "UTC"].contains(result.stdAbbreviation ?? "") {
            // `res.stdoffset *= -1` on a missing offset is a TypeError inside gettz.
            guard result.stdOffset != nil else { return nil }
            standardOffset = -std
        } else {
            standardOffset = std
        }
        hasDaylightSaving = result.dstAbbreviation != nil
    }

    /// `re.split(r'([,:.]|[a-zA-Z]+|[0-9]+)', s)` without the empty pieces.
    static func tokenize(_ text: String) -> [String] {
        enum Kind { case letters, digits, single, other }
        func kind(_ c: Unicode.Scalar) -> Kind {
            if c.isASCII && c.properties.isAlphabetic { return .letters }
            if ("0"..."9").contains(c) { return .digits }
            if c == "," || c == ":" || c == "." { return .single }
            return .other
        }
        var tokens: [String] = []
        var current = String.UnicodeScalarView()
        var currentKind: Kind?
        for c in text.unicodeScalars {
            let k = kind(c)
            if k != currentKind || k == .single {
                if !current.isEmpty { tokens.append(String(current)) }
                current = String.UnicodeScalarView()
                currentKind = k
            }
            current.append(c)
        }
        if !current.isEmpty { tokens.append(String(current)) }
        return tokens
    }
}

private struct ParseFailure: Error {}

private struct Rule {
    var month: Int?, week: Int?, weekday: Int?, yday: Int?, jyday: Int?, day: Int?, time: Int?
    /// relativedelta(yearday=/nlyearday=) raises past day 366.
    var isBuildable: Bool {
        if month != nil { return true }
        if let yday { return yday <= 366 }
        if let jyday { return jyday <= 366 }
        return true
    }
    /// bool(relativedelta(...)): only `nlyearday=0` with a zero time leaves it empty.
    var isTruthy: Bool { !(month == nil && yday == nil && jyday == 0 && time == 0) }
}

private struct ParseResult {
    var stdAbbreviation: String?, stdOffset: Int?
    var dstAbbreviation: String?, dstOffset: Int?
    var start = Rule(), end = Rule()
    var anyUnusedTokens = false
}

private struct Parser {
    var l: [String]
    var used = Set<Int>()
    var res = ParseResult()
    init(tokens: [String]) { l = tokens }

    func at(_ i: Int) throws -> String {
        guard i >= 0 && i < l.count else { throw ParseFailure() }
        return l[i]
    }

    /// Python's `int(text)`: surrounding whitespace, a sign, Unicode decimal digits, `_` between
    /// digits. Clamped to ±10¹⁵: larger values only ever fail range checks.
    func int(_ text: Substring) throws -> Int {
        var s = text.trimmingPrefix { $0.isWhitespace }
        while let last = s.last, last.isWhitespace { s = s.dropLast() }
        var negative = false
        if let first = s.first, first == "+" || first == "-" { negative = first == "-"; s = s.dropFirst() }
        var value = 0, sawDigit = false, lastWasUnderscore = false
        for c in s.unicodeScalars {
            if c == "_" && sawDigit && !lastWasUnderscore { lastWasUnderscore = true; continue }
            guard c.properties.generalCategory == .decimalNumber, let d = c.properties.numericValue else { throw ParseFailure() }
            value = min(value * 10 + Int(d), 1_000_000_000_000_000)
            sawDigit = true; lastWasUnderscore = false
        }
        guard sawDigit, !lastWasUnderscore else { throw ParseFailure() }
        return negative ? -value : value
    }
    func int(_ text: String) throws -> Int { try int(Substring(text)) }

    /// `s[:2]` and `s[2:]`, by code point as Python slices.
    func head2(_ s: String) -> Substring { Substring(String(String.UnicodeScalarView(s.unicodeScalars.prefix(2)))) }
    func tail2(_ s: String) -> Substring { Substring(String(String.UnicodeScalarView(s.unicodeScalars.dropFirst(2)))) }

    func isDigitLed(_ token: String) -> Bool { token.unicodeScalars.first.map { ("0"..."9").contains($0) } ?? false }
    func pyMod7(_ x: Int) -> Int { ((x % 7) + 7) % 7 }

    mutating func parse() throws -> ParseResult {
        let n = l.count
        var i = 0
        while i < n {
            var j = i
            while j < n && !l[j].unicodeScalars.contains(where: { "0123456789:,-+".unicodeScalars.contains($0) }) { j += 1 }
            guard j != i else { break }
            let isStd = res.stdAbbreviation == nil
            if isStd { res.stdAbbreviation = l[i..<j].joined() } else { res.dstAbbreviation = l[i..<j].joined() }
            for ii in 0..<j { used.insert(ii) }
            i = j
            if i < n && (l[i] == "+" || l[i] == "-" || isDigitLed(l[i])) {
                var signal = -1
                if l[i] == "+" || l[i] == "-" {
                    signal = l[i] == "+" ? -1 : 1
                    used.insert(i); i += 1
                }
                let token = try at(i)
                let offset: Int
                if token.unicodeScalars.count == 4 {
                    offset = (try int(head2(token)) * 3_600 + int(tail2(token)) * 60) * signal
                } else if i + 1 < n && l[i + 1] == ":" {
                    offset = (try int(token) * 3_600 + int(at(i + 2)) * 60) * signal
                    used.insert(i); i += 2
                } else if token.unicodeScalars.count <= 2 {
                    offset = try int(head2(token)) * 3_600 * signal
                } else {
                    throw ParseFailure()
                }
                if isStd { res.stdOffset = offset } else { res.dstOffset = offset }
                used.insert(i); i += 1
            }
            if res.dstAbbreviation != nil { break }
        }
        if i < n {
            for k in i..<n where l[k] == ";" { l[k] = "," }
            guard l[i] == "," else { throw ParseFailure() }
            i += 1
        }
        let commas = l.filter { $0 == "," }.count
        if i >= n {
        } else if (8...9).contains(commas), l[i...].allSatisfy({ $0 == "," || $0.allSatisfy { "0123456789+-".contains($0) } }) {
            try parseDeprecatedRules(&i)
        } else if commas == 2, l[i...].filter({ $0 == "/" }).count <= 2,
                  l[i...].allSatisfy({ [",", "/", "J", "M", ".", "-", ":"].contains($0) || $0.allSatisfy { "0123456789".contains($0) } }) {
            try parsePosixRules(&i)
        }
        let unused = Set(0..<n).subtracting(used)
        res.anyUnusedTokens = !unused.allSatisfy { l[$0] == "," || l[$0] == ":" }
        return res
    }

    /// `GMT0BST,3,0,30,3600,10,0,26,7200[,3600]`, dateutil's own deprecated format.
    mutating func parseDeprecatedRules(_ i: inout Int) throws {
        for isEnd in [false, true] {
            var x = Rule()
            x.month = try int(at(i)); used.insert(i); i += 2
            let value: Int
            if try at(i) == "-" {
                value = try int(at(i + 1)) * -1
                used.insert(i); i += 1
            } else {
                value = try int(at(i))
            }
            used.insert(i); i += 2
            if value != 0 { x.week = value; x.weekday = pyMod7(try int(at(i)) - 1) } else { x.day = try int(at(i)) }
            used.insert(i); i += 2
            x.time = try int(at(i)); used.insert(i); i += 2
            if isEnd { res.end = x } else { res.start = x }
        }
        if i < l.count {
            var signal = 1
            if l[i] == "-" || l[i] == "+" { signal = l[i] == "+" ? 1 : -1; used.insert(i); i += 1 }
            used.insert(i)
            // `res.stdoffset + ...` with no standard offset is a TypeError: no zone either way.
            guard let std = res.stdOffset else { throw ParseFailure() }
            res.dstOffset = std + (try int(at(i))) * signal
        }
    }

    /// The POSIX rules `,M3.2.0/2,M11.1.0`, `,J60,J300`, `,59/2:30,300`.
    mutating func parsePosixRules(_ i: inout Int) throws {
        for isEnd in [false, true] {
            var x = Rule()
            if try at(i) == "J" {
                used.insert(i); i += 1
                x.jyday = try int(at(i))
            } else if l[i] == "M" {
                used.insert(i); i += 1
                x.month = try int(at(i)); used.insert(i); i += 1
                guard try ["-", "."].contains(at(i)) else { throw ParseFailure() }
                used.insert(i); i += 1
                x.week = try int(at(i))
                if x.week == 5 { x.week = -1 }
                used.insert(i); i += 1
                guard try ["-", "."].contains(at(i)) else { throw ParseFailure() }
                used.insert(i); i += 1
                x.weekday = pyMod7(try int(at(i)) - 1)
            } else {
                x.yday = try int(at(i)) + 1
            }
            used.insert(i); i += 1
            if i < l.count && l[i] == "/" {
                used.insert(i); i += 1
                let token = try at(i)
                if token.unicodeScalars.count == 4 {
                    x.time = try int(head2(token)) * 3_600 + int(tail2(token)) * 60
                } else if i + 1 < l.count && l[i + 1] == ":" {
                    x.time = try int(token) * 3_600 + int(at(i + 2)) * 60
                    used.insert(i); i += 2
                    if i + 1 < l.count && l[i + 1] == ":" {
                        used.insert(i); i += 2
                        x.time! += try int(at(i))
                    }
                } else if token.unicodeScalars.count <= 2 {
                    x.time = try int(head2(token)) * 3_600
                } else {
                    throw ParseFailure()
                }
                used.insert(i); i += 1
            }
            guard i == l.count || l[i] == "," else { throw ParseFailure() }
            i += 1
            if isEnd { res.end = x } else { res.start = x }
        }
        guard i >= l.count else { throw ParseFailure() }
    }
}
