/// A colour as a theme file names it. How it is drawn depends on the terminal.
public enum ThemeColor: Hashable, Sendable {
    /// The terminal's own foreground or background.
    case terminalDefault
    /// One of the 16 ANSI colours (0–7 normal, 8–15 bright).
    case ansi(Int)
    /// An entry of the 256-colour palette.
    case indexed(Int)
    case rgb(UInt8, UInt8, UInt8)

    static let ansiNames = ["black", "red", "green", "yellow", "blue", "magenta", "cyan", "white",
                            "bright_black", "bright_red", "bright_green", "bright_yellow", "bright_blue",
                            "bright_magenta", "bright_cyan", "bright_white"]

    /// Parses `default`, `#rrggbb`, `0`–`255` or an ANSI name such as `bright_red`.
    public init?(parsing token: String) {
        let t = token.lowercased()
        if t == "default" || t == "none" { self = .terminalDefault; return }
        if t.hasPrefix("#"), t.count == 7, let value = UInt32(t.dropFirst(), radix: 16) {
            self = .rgb(UInt8(value >> 16 & 0xFF), UInt8(value >> 8 & 0xFF), UInt8(value & 0xFF))
            return
        }
        if let n = Int(t), (0...255).contains(n) { self = n < 16 ? .ansi(n) : .indexed(n); return }
        if let n = Self.ansiNames.firstIndex(of: t.replacingOccurrences(of: "-", with: "_")) { self = .ansi(n); return }
        return nil
    }
}

/// How many colours the terminal can show; decides how theme colours are downsampled.
public enum ColorMode: Hashable, Sendable {
    /// NO_COLOR, a monochrome terminal, or the monochrome theme: attributes only.
    case none
    case ansi8
    case ansi16
    case indexed256

    public init(colors: Int, noColor: Bool) {
        if noColor || colors < 8 { self = .none }
        else if colors < 16 { self = .ansi8 }
        else if colors < 256 { self = .ansi16 }
        else { self = .indexed256 }
    }
}

/// Maps theme colours onto what a terminal can display.
public enum ColorDownsampler {
    /// The xterm palette's RGB for ANSI colours 0–15.
    static let ansiRGB: [(Int, Int, Int)] = [
        (0, 0, 0), (205, 0, 0), (0, 205, 0), (205, 205, 0), (0, 0, 238), (205, 0, 205), (0, 205, 205), (229, 229, 229),
        (127, 127, 127), (255, 0, 0), (0, 255, 0), (255, 255, 0), (92, 92, 255), (255, 0, 255), (0, 255, 255), (255, 255, 255),
    ]
    static let cubeLevels = [0, 95, 135, 175, 215, 255]

    /// The terminal colour number for `color` in `mode`; -1 means the terminal default.
    public static func terminalColor(_ color: ThemeColor, mode: ColorMode) -> Int {
        switch (color, mode) {
        case (.terminalDefault, _), (_, .none): return -1
        case (.ansi(let n), .ansi8): return n % 8
        case (.ansi(let n), _): return n
        case (.indexed(let n), .indexed256): return n
        case (.indexed(let n), _): return nearestANSI(rgbOfIndexed(n), limit: mode == .ansi8 ? 8 : 16)
        case (.rgb(let r, let g, let b), .indexed256): return nearestIndexed((Int(r), Int(g), Int(b)))
        case (.rgb(let r, let g, let b), _): return nearestANSI((Int(r), Int(g), Int(b)), limit: mode == .ansi8 ? 8 : 16)
        }
    }

    static func rgbOfIndexed(_ n: Int) -> (Int, Int, Int) {
        if n < 16 { return ansiRGB[n] }
        if n >= 232 { let v = 8 + (n - 232) * 10; return (v, v, v) }
        let i = n - 16
        return (cubeLevels[i / 36], cubeLevels[(i / 6) % 6], cubeLevels[i % 6])
    }

    static func distance(_ a: (Int, Int, Int), _ b: (Int, Int, Int)) -> Int {
        // Weighted like human perception: green matters most, blue least.
        let dr = a.0 - b.0, dg = a.1 - b.1, db = a.2 - b.2
        return 3 * dr * dr + 4 * dg * dg + 2 * db * db
    }

    static func nearestANSI(_ rgb: (Int, Int, Int), limit: Int) -> Int {
        (0..<limit).min { distance(ansiRGB[$0], rgb) < distance(ansiRGB[$1], rgb) } ?? 7
    }

    /// Nearest of the 6×6×6 cube and the grey ramp (the first 16 vary between terminals).
    static func nearestIndexed(_ rgb: (Int, Int, Int)) -> Int {
        func level(_ v: Int) -> Int { cubeLevels.indices.min { abs(cubeLevels[$0] - v) < abs(cubeLevels[$1] - v) }! }
        let cube = 16 + 36 * level(rgb.0) + 6 * level(rgb.1) + level(rgb.2)
        let average = (rgb.0 + rgb.1 + rgb.2) / 3
        let greyIndex = min(23, max(0, (average - 8 + 5) / 10))
        let grey = 232 + greyIndex
        return distance(rgbOfIndexed(grey), rgb) < distance(rgbOfIndexed(cube), rgb) ? grey : cube
    }
}
