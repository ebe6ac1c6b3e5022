import TerminalUI

/// Where a binding applies.
public enum BindingScope: Hashable, Sendable {
    case global
    case view(ViewID)
}

/// One key binding. `mutates` marks bindings that change AWS state: in read-only
/// mode they are not in the map at all, so neither keys, footer nor help offer them.
public struct KeyBinding: Hashable, Sendable {
    public var keys: [Key]
    public var action: Action
    public var label: String
    public var scope: BindingScope
    public var mutates: Bool
    public var inFooter: Bool

    public init(_ keys: [Key], _ action: Action, _ label: String, scope: BindingScope = .global,
                mutates: Bool = false, inFooter: Bool = false) {
        self.keys = keys
        self.action = action
        self.label = label
        self.scope = scope
        self.mutates = mutates
        self.inFooter = inFooter
    }

    public var keyLabel: String { keys.map(\.description).joined(separator: "/") }
}

/// The single source of key bindings: dispatch, footer hints and `?` help all read it.
public struct KeyRegistry: Sendable {
    public private(set) var bindings: [KeyBinding]

    public init(_ bindings: [KeyBinding]) { self.bindings = bindings }

    /// The map in force: read-only drops every mutating binding.
    public func active(readOnly: Bool) -> KeyRegistry {
        readOnly ? KeyRegistry(bindings.filter { !$0.mutates }) : self
    }

    /// View bindings win over global ones, so a view can reuse a key.
    public func action(for key: Key, in view: ViewID) -> Action? {
        if let binding = bindings.first(where: { $0.scope == .view(view) && $0.keys.contains(key) }) {
            return binding.action
        }
        return bindings.first(where: { $0.scope == .global && $0.keys.contains(key) })?.action
    }

    public func footerHints(for view: ViewID) -> [KeyHint] {
        let scoped = bindings.filter { $0.inFooter && $0.scope == .view(view) }
        let global = bindings.filter { $0.inFooter && $0.scope == .global }
        // The footer shows each binding's first key only; `?` lists the alternatives.
        return (scoped + global).map { KeyHint(key: $0.keys.first?.description ?? "", label: $0.label) }
    }

    /// Help text: the current view's keys, then the global ones.
    public func helpLines(for view: ViewID) -> [StyledLine] {
        var lines: [StyledLine] = []
        let sections: [(String, [KeyBinding])] = [
            ("\(view.title) view", bindings.filter { $0.scope == .view(view) }),
            ("Everywhere", bindings.filter { $0.scope == .global }),
        ]
        let keyWidth = min(18, (bindings.map { DisplayWidth.of($0.keyLabel) }.max() ?? 0) + 2)
        for (title, section) in sections where !section.isEmpty {
            if !lines.isEmpty { lines.append(StyledLine("")) }
            lines.append(StyledLine(title, .helpSection))
            for binding in section {
                var spans: [(String, StyleRole)] = [("  " + DisplayWidth.fit(binding.keyLabel, to: keyWidth), .helpKey),
                                                    (binding.label, .dialog)]
                if binding.mutates { spans.append(("  (changes AWS)", .warning)) }
                lines.append(StyledLine(spans: spans))
            }
        }
        return lines
    }
}

extension KeyRegistry {
    /// flagdeck's bindings, following k9s/lazygit habits (`?`, `:`, `/`, `q`, j/k).
    public static let standard = KeyRegistry([
        // Footer order is priority order: narrow terminals keep the first hints.
        KeyBinding([.char("?")], .help, "help", inFooter: true),
        KeyBinding([.char("q"), .ctrl("c")], .quit, "quit", inFooter: true),
        KeyBinding([.char(":")], .commandLine, "command", inFooter: true),
        KeyBinding([.char("/")], .filter, "filter", inFooter: true),
        KeyBinding([.tab], .nextView, "next view", inFooter: true),
        KeyBinding([.backTab], .previousView, "previous view"),
        KeyBinding([.ctrl("r")], .refresh, "refresh", inFooter: true),
        KeyBinding([.char("k"), .up], .moveUp, "up"),
        KeyBinding([.char("j"), .down], .moveDown, "down"),
        KeyBinding([.pageUp, .ctrl("b")], .pageUp, "page up"),
        KeyBinding([.pageDown, .ctrl("f")], .pageDown, "page down"),
        KeyBinding([.char("g"), .home], .top, "first row"),
        KeyBinding([.char("G"), .end], .bottom, "last row"),
        KeyBinding([.escape], .back, "back / close"),
    ])
}
