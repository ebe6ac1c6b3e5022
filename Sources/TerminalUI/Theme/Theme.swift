/// Text attributes a role may carry; also what a colourless terminal is left with.
public struct TextAttributes: OptionSet, Hashable, Sendable {
    public let rawValue: UInt8
    public init(rawValue: UInt8) { self.rawValue = rawValue }

    public static let bold = TextAttributes(rawValue: 1 << 0)
    public static let dim = TextAttributes(rawValue: 1 << 1)
    public static let underline = TextAttributes(rawValue: 1 << 2)
    public static let reverse = TextAttributes(rawValue: 1 << 3)
    public static let italic = TextAttributes(rawValue: 1 << 4)

    static let names: [(String, TextAttributes)] = [
        ("bold", .bold), ("dim", .dim), ("underline", .underline), ("reverse", .reverse), ("italic", .italic),
    ]
}

/// How one role looks.
public struct Appearance: Hashable, Sendable {
    public var foreground: ThemeColor
    public var background: ThemeColor
    public var attributes: TextAttributes

    public init(_ foreground: ThemeColor = .terminalDefault, _ background: ThemeColor = .terminalDefault,
                _ attributes: TextAttributes = []) {
        self.foreground = foreground
        self.background = background
        self.attributes = attributes
    }
}

/// A named set of appearances for every role.
public struct Theme: Hashable, Sendable {
    public var name: String
    public var appearances: [StyleRole: Appearance]

    public init(name: String, appearances: [StyleRole: Appearance]) {
        self.name = name
        self.appearances = appearances
    }

    public func appearance(of role: StyleRole) -> Appearance {
        appearances[role] ?? Theme.builtinDefault.appearances[role] ?? Appearance()
    }

    /// The final look of a cell: a selected cell takes the selection background and
    /// keeps its role's foreground, so states stay readable on the highlighted row.
    public func appearance(of style: CellStyle, mode: ColorMode) -> Appearance {
        var look = appearance(of: style.role)
        if style.selected {
            let selection = appearance(of: .selected)
            if mode == .none {
                look.attributes.insert(.reverse)
            } else {
                look.background = selection.background
                if style.role == .text || style.role == .muted || look.foreground == .terminalDefault {
                    look.foreground = selection.foreground
                }
                look.attributes.formUnion(selection.attributes)
            }
        } else if mode == .none {
            // Without colour, badges and headers must still stand out.
            switch style.role {
            case .header, .tableHeader, .tabActive, .readonlyBadge, .readwriteBadge, .inputCursor:
                look.attributes.insert(.reverse)
            default: break
            }
        }
        return look
    }

    /// The look used when no theme file is found, and for every role a file leaves out
    /// or gets wrong. `themes/default.theme` must stay identical (a test checks).
    public static let builtinDefault = Theme(name: "default", appearances: [
        .text: Appearance(),
        .muted: Appearance(.indexed(245)),
        .border: Appearance(.indexed(240)),
        .title: Appearance(.rgb(0x58, 0xa6, 0xff), .terminalDefault, .bold),
        .header: Appearance(.rgb(0xe6, 0xed, 0xf3), .indexed(236)),
        .headerAccent: Appearance(.rgb(0x58, 0xa6, 0xff), .indexed(236), .bold),
        .readonlyBadge: Appearance(.ansi(0), .rgb(0xd2, 0x99, 0x22), .bold),
        .readwriteBadge: Appearance(.ansi(0), .rgb(0x3f, 0xb9, 0x50), .bold),
        .tabActive: Appearance(.ansi(0), .rgb(0x58, 0xa6, 0xff), .bold),
        .tabInactive: Appearance(.indexed(250), .indexed(238)),
        .tableHeader: Appearance(.rgb(0xe6, 0xed, 0xf3), .indexed(238), .bold),
        .groupHeader: Appearance(.rgb(0xd2, 0xa8, 0xff), .terminalDefault, .bold),
        .selected: Appearance(.ansi(15), .rgb(0x26, 0x4f, 0x78), .bold),
        .flagOn: Appearance(.rgb(0x3f, 0xb9, 0x50), .terminalDefault, .bold),
        .flagOff: Appearance(.indexed(244)),
        .flagVariants: Appearance(.rgb(0xbc, 0x8c, 0xff)),
        .flagAbsent: Appearance(.indexed(238)),
        .flagRolling: Appearance(.rgb(0x58, 0xa6, 0xff), .terminalDefault, .bold),
        .flagPending: Appearance(.rgb(0xd2, 0x99, 0x22)),
        .stale: Appearance(.rgb(0xd2, 0x99, 0x22), .terminalDefault, .bold),
        .dead: Appearance(.indexed(244), .terminalDefault, .bold),
        .shortTerm: Appearance(.rgb(0x79, 0xc0, 0xff)),
        .overdue: Appearance(.rgb(0xf8, 0x51, 0x49), .terminalDefault, .bold),
        .drift: Appearance(.rgb(0xff, 0x7b, 0x72), .terminalDefault, .bold),
        .permanent: Appearance(.rgb(0x8b, 0x94, 0x9e)),
        .ok: Appearance(.rgb(0x3f, 0xb9, 0x50)),
        .warning: Appearance(.rgb(0xd2, 0x99, 0x22), .terminalDefault, .bold),
        .error: Appearance(.rgb(0xf8, 0x51, 0x49), .terminalDefault, .bold),
        .footerKey: Appearance(.rgb(0x58, 0xa6, 0xff), .terminalDefault, .bold),
        .footerText: Appearance(.indexed(250)),
        .dialog: Appearance(.rgb(0xe6, 0xed, 0xf3), .indexed(235)),
        .dialogTitle: Appearance(.rgb(0x58, 0xa6, 0xff), .indexed(235), .bold),
        .input: Appearance(.rgb(0xe6, 0xed, 0xf3), .indexed(237)),
        .inputCursor: Appearance(.ansi(0), .rgb(0xe6, 0xed, 0xf3)),
        .helpKey: Appearance(.rgb(0x58, 0xa6, 0xff), .indexed(235), .bold),
        .helpSection: Appearance(.rgb(0xd2, 0xa8, 0xff), .indexed(235), .bold),
    ])
}
