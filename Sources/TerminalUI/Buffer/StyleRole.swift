/// What a cell means, not what colour it is: views ask for roles and the theme
/// decides how each role looks on the terminal at hand.
public enum StyleRole: String, CaseIterable, Hashable, Sendable {
    case text
    case muted
    case border
    case title
    case header
    case headerAccent = "header_accent"
    case readonlyBadge = "readonly_badge"
    case readwriteBadge = "readwrite_badge"
    case tabActive = "tab_active"
    case tabInactive = "tab_inactive"
    case tableHeader = "table_header"
    case groupHeader = "group_header"
    case selected
    case flagOn = "flag_on"
    case flagOff = "flag_off"
    case flagVariants = "flag_variants"
    case flagAbsent = "flag_absent"
    case flagRolling = "flag_rolling"
    case flagPending = "flag_pending"
    case stale
    case dead
    case shortTerm = "short_term"
    case overdue
    case drift
    case permanent
    case ok
    case warning
    case error
    case footerKey = "footer_key"
    case footerText = "footer_text"
    case dialog
    case dialogTitle = "dialog_title"
    case input
    case inputCursor = "input_cursor"
    case helpKey = "help_key"
    case helpSection = "help_section"
}

/// A cell's look: its role, plus whether it sits on a selected row (the selection
/// background is combined with the role's foreground so a green "on" stays green).
public struct CellStyle: Hashable, Sendable {
    public var role: StyleRole
    public var selected: Bool

    public init(_ role: StyleRole = .text, selected: Bool = false) {
        self.role = role
        self.selected = selected
    }

    public static let plain = CellStyle()
}
