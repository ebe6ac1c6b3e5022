import AWSCore
import Foundation

/// A request as received, with what SigV4 verification needs.
struct ReceivedRequest: Sendable {
    var method: String
    /// The path exactly as sent on the wire (percent-encoded once).
    var rawPath: String
    /// The raw query string without `?`.
    var rawQuery: String
    /// Lower-cased header names with their values, in arrival order (`host` included).
    var headers: [(String, String)]
    var body: [UInt8]

    func header(_ name: String) -> String? {
        let n = name.lowercased()
        let values = headers.filter { $0.0 == n }.map(\.1)
        return values.isEmpty ? nil : values.joined(separator: ",")
    }

    /// Query items percent-decoded (`+` stays a plus, as AWS reads it).
    var queryItems: [QueryItem] {
        rawQuery.split(separator: "&", omittingEmptySubsequences: true).map { pair in
            let parts = pair.split(separator: "=", maxSplits: 1, omittingEmptySubsequences: false)
            let name = String(parts[0]).removingPercentEncoding ?? String(parts[0])
            let value = parts.count > 1 ? (String(parts[1]).removingPercentEncoding ?? String(parts[1])) : ""
            return QueryItem(name, value)
        }
    }

    func query(_ name: String) -> String? { queryItems.first { $0.name == name }?.value }
}

/// The parsed `Authorization: AWS4-HMAC-SHA256 Credential=…, SignedHeaders=…, Signature=…`.
struct AuthorizationHeader: Sendable {
    var accessKeyId: String
    var day: String
    var region: String
    var service: String
    var signedHeaders: [String]
    var signature: String

    init?(_ value: String) {
        guard value.hasPrefix("AWS4-HMAC-SHA256 ") else { return nil }
        var fields: [String: String] = [:]
        for part in value.dropFirst("AWS4-HMAC-SHA256 ".count).split(separator: ",") {
            let kv = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            if kv.count == 2 { fields[String(kv[0])] = String(kv[1]) }
        }
        guard let credential = fields["Credential"], let signed = fields["SignedHeaders"], let signature = fields["Signature"] else { return nil }
        let scope = credential.split(separator: "/", omittingEmptySubsequences: false).map(String.init)
        guard scope.count == 5, scope[4] == "aws4_request" else { return nil }
        accessKeyId = scope[0]
        day = scope[1]
        region = scope[2]
        service = scope[3]
        signedHeaders = signed.split(separator: ";").map { $0.lowercased() }
        self.signature = signature.lowercased()
    }
}

/// Who signed a request, as established by `SignatureVerifier`.
struct VerifiedCaller: Sendable {
    var principal: EmulatorEngine.Principal
    var region: String
    var service: String
    var accessKeyId: String
}

/// Verifies SigV4 header signatures the way AWS does: rebuild the canonical request from
/// what was received, re-derive the signing key from the known secret, compare.
struct SignatureVerifier: Sendable {
    /// Allowed difference between X-Amz-Date and the real wall clock.
    var maxSkew: TimeInterval = 15 * 60
    var realNow: @Sendable () -> Date = { Date() }

    /// The service named by the credential scope, or nil when the request is unsigned.
    static func service(of request: ReceivedRequest) -> String? {
        request.header("authorization").flatMap(AuthorizationHeader.init)?.service
    }

    func verify(_ request: ReceivedRequest, engine: EmulatorEngine, now virtualNow: Date) throws -> VerifiedCaller {
        guard let authValue = request.header("authorization") else {
            throw AuthFailure.missing
        }
        guard let auth = AuthorizationHeader(authValue) else {
            throw AuthFailure.malformed("Authorization header requires 'Credential', 'Signature' and 'SignedHeaders' parameters.")
        }
        guard let principal = engine.principal(accessKeyId: auth.accessKeyId) else {
            throw AuthFailure.unknownKey(service: auth.service)
        }
        guard let amzDate = request.header("x-amz-date"), let signedAt = Self.parseAmzDate(amzDate) else {
            throw AuthFailure.malformed("Authorization header requires existence of either a 'X-Amz-Date' or a 'Date' header.")
        }
        let skew = signedAt.timeIntervalSince(realNow())
        if abs(skew) > maxSkew {
            throw AuthFailure.expiredSignature(service: auth.service, amzDate: amzDate)
        }

        let canonical = canonicalRequest(request, signedHeaders: auth.signedHeaders)
        let scope = "\(auth.day)/\(auth.region)/\(auth.service)/aws4_request"
        let stringToSign = ["AWS4-HMAC-SHA256", amzDate, scope, CanonicalRequest.sha256Hex(Array(canonical.utf8))].joined(separator: "\n")
        let expected = Self.signature(secret: principal.secret, day: auth.day, region: auth.region, service: auth.service, stringToSign: stringToSign)
        guard expected == auth.signature else {
            throw AuthFailure.signatureMismatch(service: auth.service, canonicalRequest: canonical, stringToSign: stringToSign)
        }

        if case .session(let session) = principal {
            guard request.header("x-amz-security-token") == session.sessionToken else {
                throw AuthFailure.unknownKey(service: auth.service)
            }
            if session.expiration <= virtualNow {
                throw AuthFailure.expiredToken(service: auth.service)
            }
        }
        return VerifiedCaller(principal: principal, region: auth.region, service: auth.service, accessKeyId: auth.accessKeyId)
    }

    /// The canonical request of a received request: the wire path encoded once more
    /// (non-S3 rule), the query re-encoded and sorted, the listed headers, the body hash.
    func canonicalRequest(_ r: ReceivedRequest, signedHeaders: [String]) -> String {
        let headerLines = signedHeaders.map { name in "\(name):\(Self.trimAll(r.header(name) ?? ""))" }
        let payloadHash = r.header("x-amz-content-sha256").flatMap { $0 == "UNSIGNED-PAYLOAD" || $0.count == 64 ? $0 : nil }
            ?? CanonicalRequest.sha256Hex(r.body)
        return [
            r.method.uppercased(),
            CanonicalRequest.canonicalURI(r.rawPath.isEmpty ? "/" : r.rawPath),
            CanonicalRequest.canonicalQueryString(r.queryItems),
            headerLines.joined(separator: "\n") + "\n",
            signedHeaders.joined(separator: ";"),
            payloadHash,
        ].joined(separator: "\n")
    }

    static func trimAll(_ value: String) -> String {
        value.split(whereSeparator: { $0 == " " || $0 == "\t" || $0 == "\n" || $0 == "\r" }).joined(separator: " ")
    }

    static func parseAmzDate(_ s: String) -> Date? {
        let f = DateFormatter()
        f.locale = Locale(identifier: "en_US_POSIX")
        f.timeZone = TimeZone(identifier: "UTC")
        f.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return f.date(from: s)
    }

    static func signature(secret: String, day: String, region: String, service: String, stringToSign: String) -> String {
        var key = Array(("AWS4" + secret).utf8)
        for part in [day, region, service, "aws4_request"] { key = HMACSHA256.mac(key: key, message: Array(part.utf8)) }
        return HMACSHA256.mac(key: key, message: Array(stringToSign.utf8)).map { String(format: "%02x", $0) }.joined()
    }
}

enum AuthFailure: Error {
    case missing
    case malformed(String)
    case unknownKey(service: String)
    case expiredSignature(service: String, amzDate: String)
    case signatureMismatch(service: String, canonicalRequest: String, stringToSign: String)
    case expiredToken(service: String)

    /// The error AWS sends for this failure, in the protocol of `service`.
    func apiError(service: String?) -> APIError {
        let sts = (service ?? "") == "sts"
        switch self {
        case .missing:
            return sts ? APIError(code: "MissingAuthenticationToken", status: 403, message: "Request is missing Authentication Token")
                : APIError(code: "MissingAuthenticationTokenException", status: 403, message: "Missing Authentication Token")
        case .malformed(let m):
            return APIError(code: sts ? "IncompleteSignature" : "IncompleteSignatureException", status: 400, message: m)
        case .unknownKey:
            return APIError(code: sts ? "InvalidClientTokenId" : "UnrecognizedClientException", status: 403,
                            message: "The security token included in the request is invalid.")
        case .expiredSignature(_, let amzDate):
            return APIError(code: sts ? "SignatureDoesNotMatch" : "InvalidSignatureException", status: 403,
                            message: "Signature expired: \(amzDate) is now earlier or later than the allowed skew of 15 minutes.")
        case .signatureMismatch(_, let canonical, let sts2s):
            return APIError(code: "SignatureDoesNotMatch", status: 403,
                            message: "The request signature we calculated does not match the signature you provided. Check your AWS Secret Access Key and signing method. Consult the service documentation for details.\n\nThe Canonical String for this request should have been\n'\(canonical)'\n\nThe String-to-Sign should have been\n'\(sts2s)'\n")
        case .expiredToken:
            return APIError(code: sts ? "ExpiredToken" : "ExpiredTokenException", status: 403,
                            message: "The security token included in the request is expired")
        }
    }
}

/// HMAC-SHA256 on top of AWSCore's SHA-256 (RFC 2104), so this target needs no crypto dependency of its own.
enum HMACSHA256 {
    static func mac(key: [UInt8], message: [UInt8]) -> [UInt8] {
        var k = key.count > 64 ? sha256(key) : key
        k += [UInt8](repeating: 0, count: 64 - k.count)
        let inner = sha256(k.map { $0 ^ 0x36 } + message)
        return sha256(k.map { $0 ^ 0x5c } + inner)
    }

    static func sha256(_ bytes: [UInt8]) -> [UInt8] {
        let hex = Array(CanonicalRequest.sha256Hex(bytes).utf8)
        var out: [UInt8] = []
        out.reserveCapacity(32)
        var i = 0
        while i < hex.count {
            out.append(nibble(hex[i]) << 4 | nibble(hex[i + 1]))
            i += 2
        }
        return out
    }

    private static func nibble(_ c: UInt8) -> UInt8 {
        c >= 97 ? c - 87 : (c >= 65 ? c - 55 : c - 48)
    }
}
