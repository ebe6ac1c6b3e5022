import Foundation

/// ISO-8601 timestamps with or without fractional seconds (STS, SSO cache and
/// credential_process all write slightly different forms).
enum ISO8601 {
    static func parse(_ string: String) -> Date? {
        let s = string.trimmingCharacters(in: .whitespaces)
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        if let d = f.date(from: s) { return d }
        f.formatOptions = [.withInternetDateTime]
        if let d = f.date(from: s) { return d }
        // The SSO cache sometimes writes "2026-11-21T21:01:42UTC".
        if s.hasSuffix("UTC") { return parse(String(s.dropLast(3)) + "Z") }
        return nil
    }

    static func format(_ date: Date) -> String {
        let f = ISO8601DateFormatter()
        f.formatOptions = [.withInternetDateTime]
        return f.string(from: date)
    }
}
