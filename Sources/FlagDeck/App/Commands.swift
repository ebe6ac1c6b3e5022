/// The `:` command line: what can be typed, and completion of a prefix.
public enum CommandPrompt {
    public static let names = ["fleet", "review", "audit", "theme", "help", "quit", "q"]

    public enum Parsed: Hashable, Sendable {
        case action(Action)
        case theme(String)
        case unknown(String)
        case missingArgument(command: String, what: String)
        case empty
    }

    public static func parse(_ input: String) -> Parsed {
        let words = input.split(separator: " ").map(String.init)
        guard let command = words.first?.lowercased() else { return .empty }
        switch command {
        case "q", "q!", "quit", "exit": return .action(.quit)
        case "help", "h": return .action(.help)
        case "theme":
            guard words.count > 1 else { return .missingArgument(command: "theme", what: "a theme name") }
            return .theme(words[1])
        default:
            if let view = ViewID(rawValue: command) { return .action(.show(view)) }
            return .unknown(command)
        }
    }

    /// Tab completion: extends the command word, or a theme name after `theme `.
    public static func complete(_ input: String, themes: [String]) -> String {
        let words = input.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if words.count <= 1 {
            return extend(input, among: names) { $0 + (($0 == "theme") ? " " : "") }
        }
        if words[0] == "theme", words.count == 2 {
            return "theme " + extend(words[1], among: themes) { $0 }
        }
        return input
    }

    private static func extend(_ prefix: String, among candidates: [String], finish: (String) -> String) -> String {
        let matches = candidates.filter { $0.hasPrefix(prefix) }
        if matches.count == 1 { return finish(matches[0]) }
        guard var common = matches.first else { return prefix }
        for match in matches.dropFirst() {
            while !match.hasPrefix(common) { common.removeLast() }
        }
        return common.count > prefix.count ? common : prefix
    }
}
