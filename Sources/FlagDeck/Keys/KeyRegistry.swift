import TerminalUI

/// Where a binding applies.
public enum BindingScope: Hashable, Sendable {
    case global
    case view(ViewID)
    /// The Flag view, open over any tab.
    case flagDetail

    public var title: String {
        switch self {
        case .global: return "Everywhere"
        case .view(let view): return "\(view.title) view"
        case .flagDetail: return "Flag view"
        }
    }
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
    /// A shorter label for the footer, when the help's wording is long.
    public var footerLabel: String?

    public init(_ keys: [Key], _ action: Action, _ label: String, scope: BindingScope = .global,
                mutates: Bool = false, inFooter: Bool = false, footer: String? = nil) {
        self.footerLabel = footer
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
    public func action(for key: Key, in scope: BindingScope) -> Action? {
        if let binding = bindings.first(where: { $0.scope == scope && $0.keys.contains(key) }) {
            return binding.action
        }
        return bindings.first(where: { $0.scope == .global && $0.keys.contains(key) })?.action
    }

    public func footerHints(for scope: BindingScope) -> [KeyHint] {
        // Help and quit come first so even a narrow terminal shows the way out.
        let essential: Set<Action> = [.help, .quit]
        let scoped = bindings.filter { $0.inFooter && $0.scope == scope }
        let global = bindings.filter { $0.inFooter && $0.scope == .global && essential.contains($0.action) }
            + scoped + bindings.filter { $0.inFooter && $0.scope == .global && !essential.contains($0.action) }
        // The footer shows each binding's first key only; `?` lists the alternatives.
        return global.map { KeyHint(key: $0.keys.first?.description ?? "", label: $0.footerLabel ?? $0.label) }
    }

    /// Help text: the current view's keys, then the global ones.
    public func helpLines(for scope: BindingScope) -> [StyledLine] {
        var lines: [StyledLine] = []
        let sections: [(String, [KeyBinding])] = [
            (scope.title, bindings.filter { $0.scope == scope }),
            ("Everywhere", bindings.filter { $0.scope == .global }),
        ]
        let keyWidth = min(18, (bindings.map { DisplayWidth.of($0.keyLabel) }.max() ?? 0) + 2)
        for (title, section) in sections where !section.isEmpty {
            if !lines.isEmpty { lines.append(StyledLine("")) }
            lines.append(StyledLine(title, .helpSection))
            for binding in section {
                var spans: [(String, StyleRole)] = [("  " + DisplayWidth.fit(binding.keyLabel, to: keyWidth), .helpKey),
                                                    (binding.label, .dialog)]
                if binding.mutates { spans.append(("  (writes)", .warning)) }
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
        KeyBinding([.char("!")], .incident, "incident: find a flag and disable it", mutates: true, inFooter: true, footer: "incident"),

        KeyBinding([.enter], .open, "open flag, or expand/collapse group", scope: .view(.fleet), inFooter: true, footer: "open"),
        KeyBinding([.char("t")], .toggle, "toggle the flag and deploy", scope: .view(.fleet), mutates: true, inFooter: true, footer: "toggle"),
        KeyBinding([.char("s")], .cycleSort, "sort: name → age → verdict", scope: .view(.fleet), inFooter: true, footer: "sort"),
        KeyBinding([.char("1")], .quickFilter(.stale), "only stale", scope: .view(.fleet)),
        KeyBinding([.char("2")], .quickFilter(.dead), "only dead", scope: .view(.fleet)),
        KeyBinding([.char("3")], .quickFilter(.shortTerm), "only short-term", scope: .view(.fleet)),
        KeyBinding([.char("4")], .quickFilter(.drift), "only drift", scope: .view(.fleet)),
        KeyBinding([.char("5")], .quickFilter(.overdue), "only overdue", scope: .view(.fleet)),
        KeyBinding([.char("0")], .quickFilter(nil), "all flags", scope: .view(.fleet)),
        KeyBinding([.char("h"), .left], .scrollLeft, "environments left / previous group", scope: .view(.fleet)),
        KeyBinding([.char("l"), .right], .scrollRight, "environments right / next group", scope: .view(.fleet)),

        KeyBinding([.enter], .open, "open flag", scope: .view(.review), inFooter: true, footer: "open"),
        KeyBinding([.char("3")], .tick(3), "tick rule 3: positive customer feedback", scope: .view(.review), inFooter: true, footer: "tick rule 3/4/5"),
        KeyBinding([.char("4")], .tick(4), "tick rule 4: no refactors expected", scope: .view(.review)),
        KeyBinding([.char("5")], .tick(5), "tick rule 5: product no longer needs it", scope: .view(.review)),

        KeyBinding([.char("r")], .decide(.retire), "decide: retire (owner, date)", scope: .view(.review), mutates: true, inFooter: true, footer: "retire"),
        KeyBinding([.char("K")], .decide(.keepUntil), "decide: keep until a date", scope: .view(.review), mutates: true, inFooter: true, footer: "keep"),
        KeyBinding([.char("p")], .decide(.permanent), "decide: permanent (exempt from the rules)", scope: .view(.review), mutates: true, inFooter: true, footer: "permanent"),
        KeyBinding([.char("z")], .decide(.snooze), "decide: snooze N days", scope: .view(.review), mutates: true, inFooter: true, footer: "snooze"),
        KeyBinding([.char("n")], .decide(.note), "add a note", scope: .view(.review), mutates: true),
        KeyBinding([.char("R")], .retire, "retire it for real: remove it from AppConfig and deploy", scope: .view(.review), mutates: true, inFooter: true, footer: "remove"),

        KeyBinding([.enter], .open, "open flag of the first change", scope: .view(.audit)),
        KeyBinding([.char("J")], .toggleJournal, "deployments ↔ flagdeck's journal (who did what, where, why)", scope: .view(.audit), inFooter: true, footer: "journal"),

        KeyBinding([.escape, .char("b")], .back, "back to the list", scope: .flagDetail, inFooter: true, footer: "back"),
        KeyBinding([.char("t")], .toggle, "toggle the flag and deploy", scope: .flagDetail, mutates: true, inFooter: true, footer: "toggle"),
        KeyBinding([.char("e")], .evaluate, "evaluate for a context (tier=premium userId=42)", scope: .flagDetail, inFooter: true, footer: "evaluate"),
    ])
}
