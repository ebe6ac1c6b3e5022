import Foundation

/// Shapes of the AWS values in the file, checked offline so a typo shows up
/// with its line number rather than as a failed API call later.
enum ValueFormats {
    /// `us-east-1`, `us-gov-west-1`, `ap-southeast-2`: `^[a-z]{2}(-[a-z]+)+-\d$`.
    static func isRegion(_ s: String) -> Bool {
        let parts = s.split(separator: "-", omittingEmptySubsequences: false)
        guard parts.count >= 3, let first = parts.first, let last = parts.last else { return false }
        let lower = { (p: Substring) in !p.isEmpty && p.allSatisfy { $0 >= "a" && $0 <= "z" } }
        return first.count == 2 && lower(first)
            && last.count == 1 && last.allSatisfy(\.isASCII) && last.allSatisfy(\.isNumber)
            && parts.dropFirst().dropLast().allSatisfy(lower)
    }

    /// `arn:aws[a-z-]*:iam::<12 digits>:role/<path and name>`.
    static func isRoleArn(_ s: String) -> Bool {
        let parts = s.split(separator: ":", maxSplits: 5, omittingEmptySubsequences: false)
        guard parts.count == 6, parts[0] == "arn", parts[2] == "iam", parts[3].isEmpty else { return false }
        let partition = parts[1]
        guard partition.hasPrefix("aws"),
              partition.allSatisfy({ ($0 >= "a" && $0 <= "z") || $0 == "-" }) else { return false }
        let account = parts[4]
        guard account.count == 12, account.allSatisfy({ $0.isASCII && $0.isNumber }) else { return false }
        let resource = parts[5]
        return resource.hasPrefix("role/") && resource.count > "role/".count
    }

    /// `http(s)://host[:port][/path]`, nothing else: it replaces the AWS endpoint.
    static func isEndpointURL(_ s: String) -> Bool {
        guard let url = URLComponents(string: s), let scheme = url.scheme?.lowercased(),
              scheme == "http" || scheme == "https",
              let host = url.host, !host.isEmpty,
              url.query == nil, url.fragment == nil, url.user == nil
        else { return false }
        return true
    }

    /// Theme names become file names (`NAME.theme`): no path separators.
    static func isThemeName(_ s: String) -> Bool {
        !s.isEmpty && !s.hasPrefix(".")
            && s.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || $0 == "-" || $0 == "_" || $0 == ".") }
    }

    /// An IAM role name, optionally under a path (`team/FlagDeckReader`): each part of
    /// `[A-Za-z0-9+=,.@_-]`, the name at most 64 characters.
    static func isRoleName(_ s: String) -> Bool {
        let parts = s.split(separator: "/", omittingEmptySubsequences: false)
        guard let name = parts.last, (1...64).contains(name.count) else { return false }
        return parts.allSatisfy { part in
            !part.isEmpty && part.allSatisfy { $0.isASCII && ($0.isLetter || $0.isNumber || "+=,.@_-".contains($0)) }
        }
    }

    /// An OU id (`ou-ab12-cdef5678`) or root id (`r-ab12`) as a glob: lower-case letters,
    /// digits, dashes, `*` and `?`.
    static func isOrganizationalPattern(_ s: String) -> Bool {
        (s.hasPrefix("ou-") || s.hasPrefix("r-"))
            && s.allSatisfy { $0.isASCII && (($0 >= "a" && $0 <= "z") || $0.isNumber || "-*?".contains($0)) }
    }
}
