import Foundation

/// The password for a team store connection, found the way libpq finds it: `PGPASSWORD`,
/// else the first matching line of `PGPASSFILE` or `~/.pgpass`
/// (`hostname:port:database:username:password`, `*` matching anything, `\:` and `\\`
/// escaped), ignored when others can read the file.
public enum PGPassword {
    public static func find(for location: TeamStoreLocation, environment: [String: String] = ProcessInfo.processInfo.environment,
                            warn: (String) -> Void = { _ in }) -> String? {
        if let password = environment["PGPASSWORD"], !password.isEmpty { return password }
        let path = environment["PGPASSFILE"] ?? ((environment["HOME"] ?? NSHomeDirectory()) + "/.pgpass")
        guard let attributes = try? FileManager.default.attributesOfItem(atPath: path) else { return nil }
        if let mode = (attributes[.posixPermissions] as? NSNumber)?.intValue, mode & 0o077 != 0 {
            warn("\(path) is readable by others (mode \(String(mode, radix: 8))): not used; chmod 600 it")
            return nil
        }
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else { return nil }
        for line in text.split(whereSeparator: \.isNewline) where !line.hasPrefix("#") {
            let fields = split(String(line))
            guard fields.count == 5 else { continue }
            let wanted = [location.host, String(location.port), location.database, location.user]
            if zip(fields.prefix(4), wanted).allSatisfy({ $0 == "*" || $0 == $1 }) { return fields[4] }
        }
        return nil
    }

    /// Fields split on unescaped `:`.
    static func split(_ line: String) -> [String] {
        var fields: [String] = [], current = "", escaped = false
        for c in line {
            if escaped { current.append(c); escaped = false } else if c == "\\" { escaped = true } else if c == ":" {
                fields.append(current)
                current = ""
            } else { current.append(c) }
        }
        fields.append(current)
        return fields
    }
}
