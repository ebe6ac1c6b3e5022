/// One problem in a configuration file, located as precisely as the YAML allows.
public struct ConfigIssue: Sendable, Hashable, CustomStringConvertible {
    public var file: String
    /// 1-based; nil when the problem is the file as a whole (unreadable, empty).
    public var line: Int?
    public var column: Int?
    /// Where in the document: `accounts[1].regions[0]`; empty for the top level.
    public var path: String
    public var message: String

    public init(file: String, line: Int? = nil, column: Int? = nil, path: String = "", message: String) {
        self.file = file
        self.line = line
        self.column = column
        self.path = path
        self.message = message
    }

    /// `config.yaml:7:5: accounts[1].regions[0]: "useast1" is not an AWS region name (like us-east-1)`:
    /// the compiler format, so editors and terminals can jump to the spot.
    public var description: String {
        var location = file
        if let line {
            location += ":\(line)"
            if let column { location += ":\(column)" }
        }
        return path.isEmpty ? "\(location): \(message)" : "\(location): \(path): \(message)"
    }
}

/// Everything wrong with a configuration file, all at once, in document order.
public struct ConfigurationError: Error, Sendable, Hashable, CustomStringConvertible {
    public var issues: [ConfigIssue]

    public init(issues: [ConfigIssue]) {
        self.issues = issues
    }

    public var description: String {
        issues.map(\.description).joined(separator: "\n")
    }
}
