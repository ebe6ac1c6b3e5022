/// Percent-encoding exactly as botocore does it (`urllib.parse.quote` on UTF-8
/// bytes): unreserved characters stay, everything else becomes `%XX` upper-case.
public enum PercentEncoding {
    private static let hex: [UInt8] = Array("0123456789ABCDEF".utf8)

    @inline(__always)
    static func isUnreserved(_ b: UInt8) -> Bool {
        switch b {
        case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"),
             UInt8(ascii: "0")...UInt8(ascii: "9"),
             UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
            return true
        default:
            return false
        }
    }

    /// Encodes everything but `A-Z a-z 0-9 - _ . ~` (and `/` when `keepSlash`).
    public static func encode(_ string: String, keepSlash: Bool = false) -> String {
        var out: [UInt8] = []
        out.reserveCapacity(string.utf8.count)
        for b in string.utf8 {
            if isUnreserved(b) || (keepSlash && b == UInt8(ascii: "/")) {
                out.append(b)
            } else {
                out.append(UInt8(ascii: "%"))
                out.append(hex[Int(b >> 4)])
                out.append(hex[Int(b & 0x0F)])
            }
        }
        return String(decoding: out, as: UTF8.self)
    }

    /// Encodes one REST path label (e.g. an ARN) for the wire: `/` and `:` are escaped.
    public static func encodePathSegment(_ segment: String) -> String {
        encode(segment, keepSlash: false)
    }

    /// `application/x-www-form-urlencoded` body as botocore's query serializer writes it.
    public static func formEncode(_ items: [QueryItem]) -> String {
        items.map { "\(encode($0.name))=\(encode($0.value))" }.joined(separator: "&")
    }
}

public struct QueryItem: Sendable, Equatable {
    public var name: String
    public var value: String
    public init(_ name: String, _ value: String) {
        self.name = name
        self.value = value
    }
}
