import FlagModel
import Foundation

/// Finds the aliases of an `AliasTable` in one file's bytes, as whole words, in one pass:
/// the file is cut into tokens (maximal runs of `[A-Za-z0-9_-]`) and each token is looked
/// up, instead of running a pattern per key per line.
///
/// Whole word: an alias without `-` must not touch `[A-Za-z0-9_]` on either side (a `-`
/// is a boundary for it: `new_checkout-v2` mentions `new_checkout`, like `git grep -w`);
/// an alias with `-` (kebab case) must not touch `-` either, so it has to be a whole token:
/// `new-checkout-v2` does not mention `new-checkout`. Leading and trailing dashes of a
/// token are punctuation, not part of a name: the option `--new-checkout` mentions it.
struct TokenMatcher {
    struct Hit: Equatable {
        var line: Int
        var text: String
        var key: Int
        var alias: String
        var form: CodeReferenceForm
    }

    let table: AliasTable

    /// The longest line text kept, in characters.
    static let textLimit = 200

    private static let isTokenByte: [Bool] = (0..<256).map { b in
        (b >= 0x30 && b <= 0x39) || (b >= 0x41 && b <= 0x5A) || (b >= 0x61 && b <= 0x7A) || b == 0x5F || b == 0x2D
    }

    /// Hits in `count` bytes at `base`, in file order, one per key and line (the first
    /// spelling on the line).
    func hits(in base: UnsafePointer<UInt8>, count: Int) -> [Hit] {
        var hits: [Hit] = []
        let dash = UInt8(ascii: "-"), newline = UInt8(ascii: "\n")
        Self.isTokenByte.withUnsafeBufferPointer { isToken in
            var i = 0, line = 1, lineStart = 0
            while i < count {
                let b = base[i]
                if !isToken[Int(b)] {
                    if b == newline { line += 1; lineStart = i + 1 }
                    i += 1
                    continue
                }
                var start = i
                var dashes = false
                while i < count && isToken[Int(base[i])] {
                    if base[i] == dash { dashes = true }
                    i += 1
                }
                var end = i
                guard dashes else {
                    record(table.lookup(base + start, end - start), base, count, line, lineStart, &hits)
                    continue
                }
                while start < end && base[start] == dash { start += 1 }
                while end > start && base[end - 1] == dash { end -= 1 }
                guard start < end else { continue }
                // The whole (trimmed) token for kebab aliases, then each dash-separated part
                // for the others. A table lookup of a part never finds a kebab alias.
                record(table.lookup(base + start, end - start), base, count, line, lineStart, &hits)
                var partStart = start
                for j in start...end where j == end || base[j] == dash {
                    if j > partStart, j - partStart < end - start {
                        record(table.lookup(base + partStart, j - partStart), base, count, line, lineStart, &hits)
                    }
                    partStart = j + 1
                }
            }
        }
        return hits
    }

    @inline(__always)
    private func record(_ found: Int?, _ base: UnsafePointer<UInt8>, _ count: Int, _ line: Int, _ lineStart: Int,
                        _ hits: inout [Hit]) {
        guard let found else { return }
        var text: String?
        for meaning in table.meanings[found] {
            // One hit per key and line: the same key twice on a line is one reference.
            // Hits come in line order: only the current line's need looking at.
            if hits.reversed().prefix(while: { $0.line == line }).contains(where: { $0.key == meaning.key }) { continue }
            if text == nil { text = Self.lineText(base, count, lineStart) }
            hits.append(Hit(line: line, text: text!, key: meaning.key, alias: meaning.alias, form: meaning.form))
        }
    }

    /// The line starting at `lineStart`, trimmed, cut to `textLimit` characters.
    static func lineText(_ base: UnsafePointer<UInt8>, _ count: Int, _ lineStart: Int) -> String {
        var end = lineStart
        if let found = memchr(base + lineStart, Int32(UInt8(ascii: "\n")), count - lineStart) {
            end = UnsafeRawPointer(found).assumingMemoryBound(to: UInt8.self) - base
        } else {
            end = count
        }
        let line = String(decoding: UnsafeBufferPointer(start: base + lineStart, count: end - lineStart), as: UTF8.self)
        let trimmed = line.trimmingCharacters(in: .whitespacesAndNewlines)
        return trimmed.count > textLimit ? String(trimmed.prefix(textLimit)) : trimmed
    }
}
