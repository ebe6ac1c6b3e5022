import Crypto
import Foundation

/// The SigV4 canonical request, built exactly like botocore's `SigV4Auth`
/// so signatures are byte-identical (verified by Fixtures/sigv4_vectors.json).
public struct CanonicalRequest: Sendable, Equatable {
    public var method: String
    public var canonicalURI: String
    public var canonicalQuery: String
    public var canonicalHeaders: String
    public var signedHeaders: String
    public var payloadHash: String

    /// botocore never signs these: proxies and clients rewrite them.
    static let unsignedHeaders: Set<String> = [
        "connection", "expect", "keep-alive", "proxy-authenticate", "proxy-authorization",
        "te", "trailer", "transfer-encoding", "upgrade", "user-agent", "x-amzn-trace-id",
        "authorization",
    ]

    public init(method: String, wirePath: String, query: [QueryItem], headers: [HTTPHeader], payloadHash: String) {
        self.method = method.uppercased()
        self.canonicalURI = Self.canonicalURI(wirePath)
        self.canonicalQuery = Self.canonicalQueryString(query)
        var order: [String] = []
        var values: [String: [String]] = [:]
        for h in headers {
            let name = Self.canonicalName(h.name)
            if Self.unsignedHeaders.contains(name) { continue }
            if values[name] == nil { order.append(name) }
            values[name, default: []].append(Self.trimAll(h.value))
        }
        let names = order.sorted { $0.utf8.lexicographicallyPrecedes($1.utf8) }
        self.canonicalHeaders = names.map { "\($0):\(values[$0]!.joined(separator: ","))" }.joined(separator: "\n")
        self.signedHeaders = names.joined(separator: ";")
        self.payloadHash = payloadHash
    }

    /// Lower-cased and trimmed, as botocore's `name.lower().strip()`. Header names are
    /// nearly always plain lower-case ASCII already, and the general path (Foundation's
    /// trimming) was a fifth of signing's CPU.
    static func canonicalName(_ name: String) -> String {
        let plain = name.utf8.allSatisfy { $0 > 0x20 && $0 < 0x7F && !(0x41...0x5A).contains($0) }
        if plain { return name }
        return name.lowercased().trimmingCharacters(in: .whitespaces)
    }

    public var text: String {
        [method, canonicalURI, canonicalQuery, canonicalHeaders + "\n", signedHeaders, payloadHash]
            .joined(separator: "\n")
    }

    /// Non-S3 services sign the already-encoded wire path encoded once more
    /// (`%3A` becomes `%253A`), after removing dot segments and empty segments.
    public static func canonicalURI(_ wirePath: String) -> String {
        PercentEncoding.encode(removeDotSegments(wirePath), keepSlash: true)
    }

    /// RFC 3986 §5.2.4 plus collapsing `//`, as botocore's `remove_dot_segments`.
    static func removeDotSegments(_ path: String) -> String {
        if path.isEmpty { return "/" }
        var output: [Substring] = []
        for seg in path.split(separator: "/", omittingEmptySubsequences: true) {
            if seg == "." { continue }
            if seg == ".." {
                if !output.isEmpty { output.removeLast() }
            } else {
                output.append(seg)
            }
        }
        let first = path.hasPrefix("/") ? "/" : ""
        let last = (path.hasSuffix("/") && !output.isEmpty) ? "/" : ""
        return first + output.joined(separator: "/") + last
    }

    /// Encoded pairs sorted by key then value, compared as bytes.
    public static func canonicalQueryString(_ items: [QueryItem]) -> String {
        let pairs = items.map { (PercentEncoding.encode($0.name), PercentEncoding.encode($0.value)) }
        let sorted = pairs.sorted { a, b in
            if a.0 != b.0 { return a.0.utf8.lexicographicallyPrecedes(b.0.utf8) }
            return a.1.utf8.lexicographicallyPrecedes(b.1.utf8)
        }
        return sorted.map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// Python's `' '.join(value.split())`: trims and collapses every run of
    /// whitespace (Python's definition, which includes some non-ASCII spaces).
    static func trimAll(_ value: String) -> String {
        if isAlreadyTrimmedASCII(value) { return value }
        var words: [String] = []
        var current = String.UnicodeScalarView()
        for scalar in value.unicodeScalars {
            if isPythonWhitespace(scalar) {
                if !current.isEmpty { words.append(String(current)); current = .init() }
            } else {
                current.append(scalar)
            }
        }
        if !current.isEmpty { words.append(String(current)) }
        return words.joined(separator: " ")
    }

    /// The common case (ids, dates, hashes): ASCII, no leading or trailing space and no
    /// run of whitespace, so trimming would return it unchanged.
    static func isAlreadyTrimmedASCII(_ value: String) -> Bool {
        var previousWasSpace = true
        for byte in value.utf8 {
            if byte >= 0x80 { return false }
            let isSpace = byte == 0x20 || (0x09...0x0D).contains(byte) || (0x1C...0x1F).contains(byte)
            if isSpace && (previousWasSpace || byte != 0x20) { return false }
            previousWasSpace = isSpace
        }
        return !previousWasSpace || value.isEmpty
    }

    static func isPythonWhitespace(_ s: Unicode.Scalar) -> Bool {
        switch s.value {
        case 0x09...0x0D, 0x1C...0x20, 0x85, 0xA0, 0x1680, 0x2000...0x200A,
             0x2028, 0x2029, 0x202F, 0x205F, 0x3000:
            return true
        default:
            return false
        }
    }

    /// SHA-256 of no bytes: most requests (GETs) have no body.
    public static let emptyPayloadHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public static func sha256Hex(_ bytes: [UInt8]) -> String {
        SHA256.hash(data: bytes).hexString
    }
}

extension Sequence where Element == UInt8 {
    var hexString: String {
        let digits = Array("0123456789abcdef".utf8)
        var out: [UInt8] = []
        out.reserveCapacity(underestimatedCount * 2)
        for b in self {
            out.append(digits[Int(b >> 4)])
            out.append(digits[Int(b & 0x0F)])
        }
        return String(decoding: out, as: UTF8.self)
    }
}
