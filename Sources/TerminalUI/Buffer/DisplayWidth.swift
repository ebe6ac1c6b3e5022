import CNcurses
#if canImport(Glibc)
import Glibc
#endif

/// Terminal column widths of text. `String.count` counts graphemes, not columns:
/// CJK and most emoji take two cells, combining marks none.
public enum DisplayWidth {
    /// wcwidth answers from LC_CTYPE; without a UTF-8 locale every non-ASCII
    /// character is "unprintable", so make sure one is active exactly once.
    private static let localeReady: Bool = {
        if setlocale(LC_CTYPE, "") == nil || !codesetIsUTF8() {
            _ = setlocale(LC_CTYPE, "C.UTF-8")
        }
        return codesetIsUTF8()
    }()

    static func codesetIsUTF8() -> Bool {
        guard let codeset = fd_codeset() else { return false }
        let name = String(cString: codeset).uppercased()
        return name == "UTF-8" || name == "UTF8"
    }

    /// Whether the process can draw non-ASCII text; callers fall back to ASCII glyphs if not.
    public static var unicodeAvailable: Bool { localeReady }

    /// Columns a single grapheme cluster occupies (0, 1 or 2).
    public static func of(_ character: Character) -> Int {
        let scalars = character.unicodeScalars
        guard let first = scalars.first else { return 0 }
        if scalars.count == 1, first.value >= 0x20, first.value < 0x7F { return 1 }
        _ = localeReady
        // An emoji presentation selector or a ZWJ sequence renders as one wide glyph.
        if scalars.contains(where: { $0.value == 0xFE0F || $0.value == 0x200D }) { return 2 }
        if first.properties.isEmojiPresentation { return 2 }
        let width = Int(fd_wcwidth(wchar_t(bitPattern: first.value)))
        if width < 0 { return 1 }  // control or unassigned: drawn as a replacement glyph
        if width == 0 {
            // A cluster that starts with a combining mark still takes a cell of its own.
            return first.properties.generalCategory == .nonspacingMark ? 1 : 0
        }
        return min(width, 2)
    }

    /// Columns a whole string occupies.
    public static func of(_ text: some StringProtocol) -> Int {
        var total = 0
        for character in text { total += of(character) }
        return total
    }

    /// The longest prefix of `text` that fits in `width` columns, with `…` when cut.
    public static func truncate(_ text: String, to width: Int, ellipsis: Bool = true) -> String {
        guard width > 0 else { return "" }
        if of(text) <= width { return text }
        let mark = ellipsis ? "…" : ""
        let budget = width - of(mark)
        var result = ""
        var used = 0
        for character in text {
            let w = of(character)
            if used + w > budget { break }
            result.append(character)
            used += w
        }
        return result + mark
    }

    /// Pads or truncates to exactly `width` columns.
    public static func fit(_ text: String, to width: Int, alignment: Alignment = .left) -> String {
        let cut = truncate(text, to: width)
        let gap = max(0, width - of(cut))
        switch alignment {
        case .left: return cut + String(repeating: " ", count: gap)
        case .right: return String(repeating: " ", count: gap) + cut
        case .center:
            let left = gap / 2
            return String(repeating: " ", count: left) + cut + String(repeating: " ", count: gap - left)
        }
    }
}

public enum Alignment: Sendable { case left, right, center }
