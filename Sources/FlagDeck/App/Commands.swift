import FlagModel
import Foundation

/// The `:` command line: what can be typed, and completion of a prefix.
public enum CommandPrompt {
    public static let names = ["fleet", "review", "audit", "account", "env", "asof", "theme", "help", "quit", "q"]

    public enum Parsed: Hashable, Sendable {
        case action(Action)
        case theme(String)
        /// nil clears the scope (`:account` alone, or `:account all`).
        case account(String?)
        case environment(String?)
        /// The fleet as it stood at a moment (`:asof TIME`); nil: now again.
        case asOf(Date?)
        case invalidArgument(command: String, message: String)
        case unknown(String)
        case missingArgument(command: String, what: String)
        case empty
    }

    public struct Candidates: Sendable {
        public var themes: [String]
        public var accounts: [String]
        public var environments: [String]
        public init(themes: [String] = [], accounts: [String] = [], environments: [String] = []) {
            self.themes = themes
            self.accounts = accounts
            self.environments = environments
        }
    }

    public static func parse(_ input: String) -> Parsed {
        let words = input.split(separator: " ").map(String.init)
        guard let command = words.first?.lowercased() else { return .empty }
        let argument = words.count > 1 ? words[1] : nil
        switch command {
        case "q", "q!", "quit", "exit": return .action(.quit)
        case "help", "h": return .action(.help)
        case "theme":
            guard let argument else { return .missingArgument(command: "theme", what: "a theme name") }
            return .theme(argument)
        case "account", "accounts", "ctx":
            return .account(argument == nil || argument == "all" || argument == "*" ? nil : argument)
        case "env", "environment":
            return .environment(argument == nil || argument == "all" || argument == "*" ? nil : argument)
        case "asof", "as-of":
            let text = words.dropFirst().joined(separator: " ")
            if text.isEmpty || text == "now" { return .asOf(nil) }
            guard let moment = UTCDate.moment(text) else {
                return .invalidArgument(command: "asof", message: "a time like 2026-11-21T03:12:00Z, 2026-11-21 03:12 (UTC) or 2026-11-21, not \(text)")
            }
            return .asOf(moment)
        default:
            if let view = ViewID(rawValue: command) { return .action(.show(view)) }
            return .unknown(command)
        }
    }

    /// Tab completion: extends the command word, or the argument of `theme`, `account`, `env`.
    public static func complete(_ input: String, candidates: Candidates) -> String {
        let words = input.split(separator: " ", omittingEmptySubsequences: false).map(String.init)
        if words.count <= 1 {
            return extend(input, among: names) { ["theme", "account", "env"].contains($0) ? $0 + " " : $0 }
        }
        guard words.count == 2 else { return input }
        let pool: [String]
        switch words[0] {
        case "theme": pool = candidates.themes
        case "account": pool = candidates.accounts
        case "env": pool = candidates.environments
        default: return input
        }
        return words[0] + " " + extend(words[1], among: pool) { $0 }
    }

    public static func complete(_ input: String, themes: [String]) -> String {
        complete(input, candidates: Candidates(themes: themes))
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
