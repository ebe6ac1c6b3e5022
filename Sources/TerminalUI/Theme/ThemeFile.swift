import Foundation

/// A problem in a theme file; the role it concerns keeps the default look.
public struct ThemeWarning: Hashable, Sendable, CustomStringConvertible {
    public var file: String
    public var line: Int
    public var message: String

    public var description: String { "\(file):\(line): \(message)" }
}

/// The theme file format: one role per line, `role = foreground [background] [attributes…]`,
/// `#` comments. Colours: `default`, `#rrggbb`, `0`–`255`, ANSI names (`bright_red`).
/// Attributes: bold, dim, underline, reverse, italic.
public enum ThemeFile {
    public static func parse(_ text: String, name: String, file: String) -> (Theme, [ThemeWarning]) {
        var theme = Theme.builtinDefault
        theme.name = name
        var warnings: [ThemeWarning] = []
        let rolesByName = Dictionary(uniqueKeysWithValues: StyleRole.allCases.map { ($0.rawValue, $0) })
        for (index, rawLine) in text.split(separator: "\n", omittingEmptySubsequences: false).enumerated() {
            let lineNumber = index + 1
            let line = stripComment(String(rawLine)).trimmingCharacters(in: .whitespaces)
            if line.isEmpty { continue }
            func warn(_ message: String) { warnings.append(ThemeWarning(file: file, line: lineNumber, message: message)) }
            guard let equals = line.firstIndex(of: "=") else {
                warn("expected `role = colour [colour] [attributes]`, got \"\(line)\"")
                continue
            }
            let key = line[..<equals].trimmingCharacters(in: .whitespaces)
            let tokens = line[line.index(after: equals)...].split(whereSeparator: { $0 == " " || $0 == "\t" }).map(String.init)
            guard let role = rolesByName[key] else {
                warn("unknown key \"\(key)\" (known: \(StyleRole.allCases.map(\.rawValue).joined(separator: ", ")))")
                continue
            }
            switch parseAppearance(tokens) {
            case .success(let appearance): theme.appearances[role] = appearance
            case .failure(let problem): warn("bad value for \(key): \(problem.message); using the default")
            }
        }
        return (theme, warnings)
    }

    struct Problem: Error { let message: String }

    /// `#` starts a comment at the beginning of a line or after a space, but not
    /// inside a colour like `#58a6ff`.
    static func stripComment(_ line: String) -> String {
        let chars = Array(line)
        for i in chars.indices where chars[i] == "#" {
            let atStart = i == 0 || chars[i - 1] == " " || chars[i - 1] == "\t"
            let looksLikeColour = i + 1 < chars.count && chars[i + 1].isHexDigit
            if atStart && !looksLikeColour { return String(chars[..<i]) }
        }
        return line
    }

    static func parseAppearance(_ tokens: [String]) -> Result<Appearance, Problem> {
        guard !tokens.isEmpty else { return .failure(Problem(message: "no colour given")) }
        var colors: [ThemeColor] = []
        var attributes: TextAttributes = []
        for token in tokens {
            if let attribute = TextAttributes.names.first(where: { $0.0 == token.lowercased() })?.1 {
                attributes.insert(attribute)
            } else if let color = ThemeColor(parsing: token), attributes.isEmpty, colors.count < 2 {
                colors.append(color)
            } else if ThemeColor(parsing: token) != nil {
                return .failure(Problem(message: "colour \"\(token)\" after attributes or a third colour"))
            } else {
                return .failure(Problem(message: "\"\(token)\" is neither a colour (default, #rrggbb, 0-255, ANSI name) nor an attribute (bold, dim, underline, reverse, italic)"))
            }
        }
        return .success(Appearance(colors.first ?? .terminalDefault, colors.count > 1 ? colors[1] : .terminalDefault, attributes))
    }

    /// Writes a theme in the file format, every role in declaration order.
    public static func serialize(_ theme: Theme) -> String {
        func colorText(_ color: ThemeColor) -> String {
            switch color {
            case .terminalDefault: return "default"
            case .ansi(let n): return ThemeColor.ansiNames[n]
            case .indexed(let n): return String(n)
            case .rgb(let r, let g, let b):
                return "#" + [r, g, b].map { String($0, radix: 16).leftPadded(to: 2) }.joined()
            }
        }
        var lines = ["# flagdeck theme: \(theme.name)", "# role = foreground [background] [attributes]"]
        let width = StyleRole.allCases.map(\.rawValue.count).max() ?? 0
        for role in StyleRole.allCases {
            let look = theme.appearance(of: role)
            var parts = [colorText(look.foreground), colorText(look.background)]
            parts += TextAttributes.names.filter { look.attributes.contains($0.1) }.map(\.0)
            lines.append(role.rawValue.padding(toLength: width, withPad: " ", startingAt: 0) + " = " + parts.joined(separator: " "))
        }
        return lines.joined(separator: "\n") + "\n"
    }
}

extension String {
    func leftPadded(to width: Int) -> String {
        count >= width ? self : String(repeating: "0", count: width - count) + self
    }
}
