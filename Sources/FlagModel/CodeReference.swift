import Foundation

/// Code references (issue 16): where the flags' keys appear in the source of configured
/// git work trees. The plain data lives here, beside the fleet model, so that the store
/// (which keeps scans) and the scanner (which makes them) both see it without depending
/// on each other.

/// One configured git work tree (`codeReferences:` in the configuration).
public struct CodeReferenceSource: Sendable, Hashable, Codable {
    /// Absolute, `~` expanded: the identity of the repository in the store and in output.
    public var path: String
    /// Globs on application names (`*`, `?`, case-insensitive, like the other application
    /// filters): only flags of these applications are looked for here. nil: every application.
    public var applications: [String]?

    public init(path: String, applications: [String]? = nil) {
        self.path = path
        self.applications = applications
    }

    /// Whether flags of `application` can be referenced from this repository.
    public func applies(to application: String) -> Bool {
        guard let applications else { return true }
        return applications.contains { Glob.matches($0, application) }
    }
}

/// How a flag key was spelled where it was found. For `new_checkout`: `new_checkout`
/// (exact), `newCheckout`, `NewCheckout`, `NEW_CHECKOUT`, `new-checkout`.
public enum CodeReferenceForm: String, Sendable, Hashable, Codable, CaseIterable {
    /// The key exactly as the flag names it.
    case exact
    case snake = "snake_case"
    case camel = "camelCase"
    case pascal = "PascalCase"
    case screamingSnake = "SCREAMING_SNAKE_CASE"
    case kebab = "kebab-case"
}

/// One line of a tracked file that mentions a flag key (or one of its spellings) as a whole word.
public struct CodeReference: Sendable, Hashable, Codable {
    /// The repository's configured path (`CodeReferenceSource.path`).
    public var repository: String
    /// The commit checked out (HEAD) when the work tree was read.
    public var commit: String
    /// Relative to the repository path, as git lists it.
    public var path: String
    /// 1-based.
    public var line: Int
    /// The line, whitespace trimmed, at most 200 characters.
    public var text: String
    /// The flag key referenced.
    public var key: String
    /// The text that matched (`newCheckout` for the key `new_checkout`).
    public var alias: String
    public var form: CodeReferenceForm

    public init(repository: String, commit: String, path: String, line: Int, text: String, key: String, alias: String,
                form: CodeReferenceForm) {
        self.repository = repository
        self.commit = commit
        self.path = path
        self.line = line
        self.text = text
        self.key = key
        self.alias = alias
        self.form = form
    }
}

/// Why a tracked file was not searched.
public enum CodeReferenceSkip: String, Sendable, Hashable, Codable, CaseIterable, CodingKeyRepresentable {
    /// Under `vendor/`, `node_modules/`, `third_party/`... or `linguist-vendored`.
    case vendored
    /// Lock files, minified or generated code, or `linguist-generated`.
    case generated
    /// A NUL byte in the first 8 KB.
    case binary
    /// Over the size limit (1 MiB).
    case tooLarge
    /// Gone from the work tree, unreadable, a symbolic link or a submodule.
    case unreadable
}

/// One scan of one repository: every reference found at one commit.
public struct RepositoryScan: Sendable, Hashable, Codable {
    /// The configured path (`CodeReferenceSource.path`).
    public var repository: String
    public var commit: String
    public var scannedAt: Date
    /// Sorted by path, line, key.
    public var references: [CodeReference]
    public var filesScanned: Int
    /// Files listed by git but not searched, by reason (reasons with no file are absent).
    public var filesSkipped: [CodeReferenceSkip: Int]

    public init(repository: String, commit: String, scannedAt: Date, references: [CodeReference], filesScanned: Int,
                filesSkipped: [CodeReferenceSkip: Int] = [:]) {
        self.repository = repository
        self.commit = commit
        self.scannedAt = scannedAt
        self.references = references
        self.filesScanned = filesScanned
        self.filesSkipped = filesSkipped
    }
}

extension RepositoryScan {
    /// Per repository the newest scan of those given (this machine's and the team's).
    public static func newestPerRepository(_ scans: [RepositoryScan]) -> [RepositoryScan] {
        var newest: [String: RepositoryScan] = [:]
        for scan in scans where newest[scan.repository].map({ $0.scannedAt < scan.scannedAt }) ?? true {
            newest[scan.repository] = scan
        }
        return newest.values.sorted { $0.repository < $1.repository }
    }
}
