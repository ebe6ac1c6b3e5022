import Foundation

/// A syntax error in a shared config or credentials file, with its location.
public struct SharedConfigError: Error, Sendable, Equatable, CustomStringConvertible {
    public var path: String
    public var line: Int
    public var message: String
    public init(path: String, line: Int, message: String) {
        self.path = path
        self.line = line
        self.message = message
    }
    public var description: String { "\(path):\(line): \(message)" }
}

/// One `[section]` of an INI file. Keys are lower-cased (Python's
/// configparser does the same, and botocore reads the files with it).
public struct INISection: Sendable, Equatable {
    public var name: String
    public var line: Int
    public var values: [String: String] = [:]
    /// Indented sub-keys under a key with an empty value, e.g. `s3 =` / `  max_concurrent_requests = 10`.
    public var nested: [String: [String: String]] = [:]
}

/// The INI dialect of `~/.aws/config` and `~/.aws/credentials`, following
/// configparser as botocore uses it: `#`/`;` full-line comments, `=` or `:`
/// delimiters, indented continuation lines, `[ name ]` with trailing text ignored.
public struct SharedConfigFile: Sendable, Equatable {
    public var path: String
    public var sections: [INISection]

    public func section(_ name: String) -> INISection? {
        sections.first { $0.name == name }
    }

    public static func load(path: String) throws -> SharedConfigFile? {
        guard FileManager.default.fileExists(atPath: path) else { return nil }
        // FileManager reads no bytes from character devices: AWS_CONFIG_FILE=/dev/null,
        // the usual way to say "no config file", would fail as unreadable.
        if let handle = FileHandle(forReadingAtPath: path), path.hasPrefix("/dev/") {
            defer { try? handle.close() }
            let bytes = (try? handle.readToEnd()) ?? Data()
            return try parse(String(decoding: bytes, as: UTF8.self), path: path)
        }
        guard let data = FileManager.default.contents(atPath: path) else {
            throw SharedConfigError(path: path, line: 0, message: "cannot read file")
        }
        guard let text = String(data: data, encoding: .utf8) else {
            throw SharedConfigError(path: path, line: 0, message: "file is not valid UTF-8")
        }
        return try parse(text, path: path)
    }

    public static func parse(_ text: String, path: String = "<string>") throws -> SharedConfigFile {
        var sections: [INISection] = []
        var current: Int? = nil                    // index into sections
        var lastKey: (name: String, indent: Int)? = nil
        var rawValues: [String: String] = [:]      // of the current section, before nesting
        var order: [String] = []

        func flush() {
            guard let idx = current else { return }
            for key in order {
                let raw = rawValues[key] ?? ""
                if raw.hasPrefix("\n") {
                    sections[idx].nested[key] = parseNested(raw)
                } else {
                    sections[idx].values[key] = raw
                }
            }
            rawValues = [:]
            order = []
        }

        // `\r\n` is one Character in Swift, so split on any newline, not "\n".
        let lines = text.split(omittingEmptySubsequences: false, whereSeparator: \.isNewline)
        for (i, rawLine) in lines.enumerated() {
            let lineNo = i + 1
            var line = String(rawLine)
            if lineNo == 1, line.hasPrefix("\u{FEFF}") { line.removeFirst() }
            let stripped = line.trimmingCharacters(in: .whitespaces)
            let indent = line.prefix { $0 == " " || $0 == "\t" }.count

            if stripped.isEmpty { continue }
            if stripped.hasPrefix("#") || stripped.hasPrefix(";") { continue }

            // Continuation: indented deeper than the key it belongs to.
            if let key = lastKey, indent > key.indent, current != nil {
                rawValues[key.name, default: ""] += "\n" + stripped
                continue
            }

            if stripped.hasPrefix("[") {
                // The first `]` ends the name, so `[profile x] ; note [old]` still works.
                guard let close = stripped.firstIndex(of: "]") else {
                    throw SharedConfigError(path: path, line: lineNo, message: "section header is missing ']': \(stripped)")
                }
                let name = stripped[stripped.index(after: stripped.startIndex)..<close]
                    .trimmingCharacters(in: .whitespaces)
                guard !name.isEmpty else {
                    throw SharedConfigError(path: path, line: lineNo, message: "empty section name")
                }
                flush()
                if let existing = sections.firstIndex(where: { $0.name == name }) {
                    current = existing // a repeated section adds to the first one
                } else {
                    sections.append(INISection(name: name, line: lineNo))
                    current = sections.count - 1
                }
                lastKey = nil
                continue
            }

            guard let delim = stripped.firstIndex(where: { $0 == "=" || $0 == ":" }) else {
                throw SharedConfigError(path: path, line: lineNo,
                                        message: "expected 'key = value', a [section] or a comment")
            }
            let key = stripped[..<delim].trimmingCharacters(in: .whitespaces).lowercased()
            let value = stripped[stripped.index(after: delim)...].trimmingCharacters(in: .whitespaces)
            guard !key.isEmpty else {
                throw SharedConfigError(path: path, line: lineNo, message: "missing key before '\(stripped[delim])'")
            }
            guard current != nil else {
                throw SharedConfigError(path: path, line: lineNo,
                                        message: "'\(key)' appears before any [section] header")
            }
            if rawValues[key] == nil { order.append(key) }
            rawValues[key] = value
            lastKey = (key, indent)
        }
        flush()
        return SharedConfigFile(path: path, sections: sections)
    }

    /// botocore `_parse_nested`: the sub-lines of a value that started empty.
    static func parseNested(_ raw: String) -> [String: String] {
        var out: [String: String] = [:]
        for line in raw.split(separator: "\n") {
            guard let eq = line.firstIndex(of: "=") else { continue }
            let k = line[..<eq].trimmingCharacters(in: .whitespaces).lowercased()
            let v = line[line.index(after: eq)...].trimmingCharacters(in: .whitespaces)
            if !k.isEmpty { out[k] = v }
        }
        return out
    }
}
