import Foundation

/// A TIMEZONE name as dateutil's `tz.gettz` (which Powertools calls) resolves it.
///
/// gettz looks for a file under the zoneinfo directories, then, for a name with a digit, parses
/// it as a POSIX TZ string, then accepts "GMT"/"UTC". flagdeck stays free of file I/O: the
/// zoneinfo lookup is answered by Foundation's `TimeZone(identifier:)` (the same tz database),
/// minus what ICU accepts but no zoneinfo file provides (Java-style "PST", "IST", "GMT+3"…),
/// plus what the file tree has and ICU lacks (`posix/…`, `right/…`, `localtime`, `posixrules`,
/// a leading `:`, spaces for underscores, `//` and `/./`, absolute paths into /usr/share/zoneinfo).
/// Not mirrored: other absolute paths and `..` in names (gettz opens any file), and dateutil's
/// own ignorance of DST rules after 2037 (its tzfile ignores the POSIX footer).
enum PowertoolsTimeZone {
    enum Resolution: Sendable, Hashable {
        case zone(TimeZone)
        /// Evaluated at its standard offset; DST rules of a TZ string are not modelled.
        case posix(PosixTZString)
    }

    /// `tz.gettz(name)`, nil where it returns None (or raises). Empty and ":" mean the local
    /// zone, which is UTC on Lambda (and for flagdeck).
    static func resolve(_ name: String) -> Resolution? {
        if name.isEmpty || name == ":" { return .zone(utc) }
        let stripped = name.hasPrefix(":") ? String(name.dropFirst()) : name
        if stripped.hasPrefix("/") {
            // An absolute path is only ever a file: no TZ-string or GMT/UTC fallback.
            for dir in zoneinfoDirectories where stripped.hasPrefix(dir) {
                if let zone = zoneFile(String(stripped.dropFirst(dir.count))) { return .zone(zone) }
            }
            return nil
        }
        if let zone = zoneFile(stripped) ?? zoneFile(stripped.replacingOccurrences(of: " ", with: "_")) {
            return .zone(zone)
        }
        if stripped.unicodeScalars.contains(where: { ("0"..."9").contains($0) }) {
            return PosixTZString(stripped).map { .posix($0) }
        }
        return stripped == "GMT" || stripped == "UTC" ? .zone(utc) : nil
    }

    /// The zone a resolution stands for when computing "now".
    static func timeZone(_ resolution: Resolution) -> TimeZone {
        switch resolution {
        case .zone(let zone): zone
        case .posix(let tz): TimeZone(secondsFromGMT: tz.standardOffset) ?? utc
        }
    }

    static let utc = TimeZone(identifier: "UTC")!

    private static let zoneinfoDirectories = ["/usr/share/zoneinfo/", "/usr/lib/zoneinfo/", "/usr/share/lib/zoneinfo/", "/etc/zoneinfo/"]

    /// Names ICU knows that are no file in the tz database.
    private static let icuOnlyNames: Set<String> = [
        "ACT", "AET", "AGT", "ART", "AST", "BET", "BST", "CAT", "CNT", "CST", "CTT", "EAT", "ECT", "IET", "IST",
        "JST", "MIT", "NET", "NST", "PLT", "PNT", "PRT", "PST", "SST", "VST", "US/Pacific-New",
    ]

    /// Whether the zoneinfo tree has a zone file by this name (relative to the tree).
    private static func zoneFile(_ name: String) -> TimeZone? {
        // The path as the file system reads it: `a//b` and `a/./b` are `a/b`; a trailing `/` is no file.
        guard !name.isEmpty, !name.hasSuffix("/") else { return nil }
        let components = name.split(separator: "/").filter { $0 != "." }
        guard !components.isEmpty, !components.contains(".."),
              name.unicodeScalars.allSatisfy({ $0.isASCII && ($0.properties.isAlphabetic || ("0"..."9").contains($0) || "/_+.-".unicodeScalars.contains($0)) })
        else { return nil }
        if ["posix", "right"].contains(components[0]) {
            // Mirror trees of the same zones (right/ adds leap seconds, which dateutil ignores too).
            guard components.count > 1, !["posix", "right"].contains(components[1]) else { return nil }
            return zoneFile(components.dropFirst().joined(separator: "/"))
        }
        let path = components.joined(separator: "/")
        switch path {
        case "localtime": return utc                                   // Debian links it to /etc/localtime
        case "posixrules": return TimeZone(identifier: "America/New_York")
        default: break
        }
        if icuOnlyNames.contains(path) || path.hasPrefix("SystemV/") { return nil }
        // ICU's custom offset ids ("GMT+3", "UTC-05:30") are no files; gettz reads them as TZ strings.
        if (path.hasPrefix("GMT") || path.hasPrefix("UTC")) && path.count > 3 && !["GMT+0", "GMT-0", "GMT0"].contains(path) {
            return nil
        }
        return TimeZone(identifier: path)
    }
}
