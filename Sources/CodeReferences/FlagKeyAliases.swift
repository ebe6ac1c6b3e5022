import FlagModel

/// The spellings under which code mentions a flag key. Code rarely writes `new_checkout`
/// only: a Swift or TypeScript constant is `newCheckout` or `NewCheckout`, an environment
/// variable `NEW_CHECKOUT`, a CLI option or CSS class `new-checkout`.
public enum FlagKeyAliases {
    /// Whether code can spell the key as one token: ASCII letters, digits, `_` and `-`
    /// with at least one letter or digit, not starting or ending with `-` (dashes around
    /// a token are punctuation: TokenMatcher). Powertools feature names can be any string;
    /// one with a space or a dot is not looked for.
    public static func isSearchable(_ key: String) -> Bool {
        guard key.first != "-", key.last != "-" else { return false }
        var alphanumeric = false
        for byte in key.utf8 {
            switch byte {
            case UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "A")...UInt8(ascii: "Z"),
                 UInt8(ascii: "0")...UInt8(ascii: "9"):
                alphanumeric = true
            case UInt8(ascii: "_"), UInt8(ascii: "-"):
                continue
            default:
                return false
            }
        }
        return alphanumeric
    }

    /// Every spelling of `key` with its form, the key itself first, no text twice.
    /// Empty when the key is not searchable.
    public static func aliases(of key: String) -> [(alias: String, form: CodeReferenceForm)] {
        guard isSearchable(key) else { return [] }
        let words = self.words(of: key)
        var result: [(alias: String, form: CodeReferenceForm)] = [(key, .exact)]
        guard !words.isEmpty else { return result }
        let capitalized = words.map { $0.prefix(1).uppercased() + $0.dropFirst() }
        let candidates: [(String, CodeReferenceForm)] = [
            (words.joined(separator: "_"), .snake),
            (words[0] + capitalized.dropFirst().joined(), .camel),
            (capitalized.joined(), .pascal),
            (words.joined(separator: "_").uppercased(), .screamingSnake),
            (words.joined(separator: "-"), .kebab),
        ]
        for (alias, form) in candidates where !result.contains(where: { $0.alias == alias }) {
            result.append((alias, form))
        }
        return result
    }

    /// The key's words, lower case: split at `_` and `-`, and inside a part where a
    /// capital starts a word (`newCheckout` → new, checkout; `HTTPServer` → http, server;
    /// `v2Api` → v2, api). Digits stay with the word before them.
    static func words(of key: String) -> [String] {
        var words: [String] = []
        for part in key.split(whereSeparator: { $0 == "_" || $0 == "-" }) {
            let bytes = Array(part.utf8)
            var start = 0
            for i in 1..<max(bytes.count, 1) where isUpper(bytes[i]) {
                let afterLowerOrDigit = !isUpper(bytes[i - 1])
                let endsAcronym = isUpper(bytes[i - 1]) && i + 1 < bytes.count && isLower(bytes[i + 1])
                if afterLowerOrDigit || endsAcronym {
                    words.append(String(decoding: bytes[start..<i], as: UTF8.self).lowercased())
                    start = i
                }
            }
            if start < bytes.count { words.append(String(decoding: bytes[start...], as: UTF8.self).lowercased()) }
        }
        return words
    }

    private static func isUpper(_ b: UInt8) -> Bool { b >= UInt8(ascii: "A") && b <= UInt8(ascii: "Z") }
    private static func isLower(_ b: UInt8) -> Bool { b >= UInt8(ascii: "a") && b <= UInt8(ascii: "z") }
}
