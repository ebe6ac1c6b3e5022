import Foundation

/// The Description and VersionLabel that say who changed what through flagdeck and why.
///
/// They travel as HTTP headers, where only printable ASCII is read the same way
/// everywhere (AppConfigClient refuses anything else), and the API bounds them:
/// Description 0–1024 characters, VersionLabel 1–64 matching `.*[^0-9].*` (service-2.json).
public enum ChangeStamp {
    public static let descriptionLimit = 1024
    public static let versionLabelLimit = 64

    /// `flagdeck: alice: values.new_checkout.enabled: true → false (from version 7): INC-42 checkout errors [flagdeck-op fd1a2b3c4d]`
    ///
    /// The operation id at the end (kept whatever the truncation) is how flagdeck finds its
    /// own deployment again after a lost response or a crash.
    public static func description(actor: String, change: String, baseVersion: Int?, reason: String,
                                   operation: String? = nil) -> String {
        var text = "flagdeck: \(actor): \(change)"
        if let baseVersion { text += " (from version \(baseVersion))" }
        text += ": " + (reason.isEmpty ? "no reason given" : reason)
        guard let operation else { return truncate(asciiSafe(text), to: descriptionLimit) }
        let tag = " " + operationTag(operation)
        return truncate(asciiSafe(text), to: descriptionLimit - tag.count) + tag
    }

    /// `[flagdeck-op fd1a2b3c4d]`: what a deployment's Description carries.
    public static func operationTag(_ operation: String) -> String { "[flagdeck-op \(operation)]" }

    /// `flagdeck.alice.20261121T221700Z.v7.fd1a2b3c4d.inc-42-checkout-errors`: unique (the
    /// operation id), because AppConfig refuses a duplicate label with the same
    /// ConflictException a concurrent edit gets, and findable: after a lost response the
    /// label tells whether the version was created.
    public static func versionLabel(actor: String, at date: Date, baseVersion: Int, reason: String,
                                    operation: String? = nil) -> String {
        var head = "flagdeck.\(String(slug(actor, fallback: "user").prefix(16))).\(compactTime(date)).v\(baseVersion)"
        if let operation { head += "." + operation }
        let reasonSlug = slug(reason, fallback: "")
        let label = reasonSlug.isEmpty ? head : head + "." + reasonSlug
        // The head always holds letters, so the label is never all digits.
        return truncate(label, to: versionLabelLimit).trimmingTrailing(["-", "."])
    }

    /// A fresh operation id: `fd` and 8 hex digits.
    public static func newOperationId() -> String {
        "fd" + String(UUID().uuidString.lowercased().filter(\.isHexDigit).prefix(8))
    }

    /// Printable ASCII only: accents are dropped from letters, line breaks and tabs become
    /// spaces, anything else becomes `?`.
    public static func asciiSafe(_ text: String) -> String {
        let folded = text.folding(options: [.diacriticInsensitive, .widthInsensitive], locale: Locale(identifier: "en_US_POSIX"))
        var out = ""
        out.unicodeScalars.reserveCapacity(folded.unicodeScalars.count)
        for u in folded.unicodeScalars {
            switch u.value {
            case 0x20...0x7E: out.unicodeScalars.append(u)
            case 0x09, 0x0A, 0x0D: out.unicodeScalars.append(" ")
            case 0x2192: out += "->"
            case 0x2018, 0x2019: out += "'"
            case 0x201C, 0x201D: out += "\""
            case 0x2013, 0x2014: out += "-"
            default:
                // Combining marks left over from folding carry no meaning on their own.
                if u.properties.generalCategory == .nonspacingMark { continue }
                out += "?"
            }
        }
        return out
    }

    /// Lower-case letters, digits and single dashes.
    static func slug(_ text: String, fallback: String) -> String {
        var out = ""
        var dash = false
        for u in asciiSafe(text).lowercased().unicodeScalars {
            if ("a"..."z").contains(u) || ("0"..."9").contains(u) {
                out.unicodeScalars.append(u)
                dash = false
            } else if !dash && !out.isEmpty {
                out += "-"
                dash = true
            }
        }
        while out.hasSuffix("-") { out.removeLast() }
        return out.isEmpty ? fallback : out
    }

    static func compactTime(_ date: Date) -> String {
        var calendar = Calendar(identifier: .gregorian)
        calendar.timeZone = TimeZone(identifier: "UTC")!
        let c = calendar.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        func two(_ n: Int?) -> String { String(format: "%02d", n ?? 0) }
        return "\(c.year ?? 0)\(two(c.month))\(two(c.day))T\(two(c.hour))\(two(c.minute))\(two(c.second))Z"
    }

    static func truncate(_ text: String, to limit: Int) -> String {
        text.count <= limit ? text : String(text.prefix(limit))
    }
}

extension String {
    fileprivate func trimmingTrailing(_ characters: Set<Character>) -> String {
        var s = self
        while let last = s.last, characters.contains(last) { s.removeLast() }
        return s
    }
}
