import Crypto
import Foundation

/// The output of signing: the request to send plus the intermediate texts,
/// which tests compare against botocore and which help debug
/// SignatureDoesNotMatch (they contain no secret).
public struct SignedRequest: Sendable {
    public var request: HTTPRequest
    public var canonicalRequest: String
    public var stringToSign: String
    public var authorization: String
    public var signature: String
}

/// AWS Signature Version 4 (header-based), as botocore's `SigV4Auth`.
public struct SigV4Signer: Sendable {
    public init() {}

    public static let algorithm = "AWS4-HMAC-SHA256"

    /// `yyyyMMdd'T'HHmmss'Z'` in UTC. gmtime_r and a byte buffer: Calendar and
    /// String(format:) cost more than the rest of signing together.
    public static func amzDate(_ date: Date) -> String {
        var seconds = time_t(date.timeIntervalSince1970.rounded(.down))
        var parts = tm()
        gmtime_r(&seconds, &parts)
        var out: [UInt8] = []
        out.reserveCapacity(16)
        func digits(_ value: Int32, _ count: Int) {
            var divisor: Int32 = 1
            for _ in 1..<count { divisor *= 10 }
            var rest = value
            while divisor > 0 {
                out.append(UInt8(ascii: "0") + UInt8(rest / divisor))
                rest %= divisor
                divisor /= 10
            }
        }
        digits(parts.tm_year + 1900, 4); digits(parts.tm_mon + 1, 2); digits(parts.tm_mday, 2)
        out.append(UInt8(ascii: "T"))
        digits(parts.tm_hour, 2); digits(parts.tm_min, 2); digits(parts.tm_sec, 2)
        out.append(UInt8(ascii: "Z"))
        return String(decoding: out, as: UTF8.self)
    }

    public func sign(_ request: AWSRequest, credentials: Credentials, date: Date) -> SignedRequest {
        let timestamp = Self.amzDate(date)
        let day = String(timestamp.prefix(8))
        let payloadHash = request.body.isEmpty ? CanonicalRequest.emptyPayloadHash : CanonicalRequest.sha256Hex(request.body)

        var headers = request.headers
        // A retry re-signs: drop anything a previous signing added.
        for name in ["authorization", "x-amz-date", "x-amz-security-token", "x-amz-content-sha256"] {
            headers.remove(named: name)
        }
        if !headers.contains(named: "host") {
            headers.append(HTTPHeader("Host", request.endpoint.hostHeader))
        }
        headers.append(HTTPHeader("X-Amz-Date", timestamp))
        if let token = credentials.sessionToken, !token.isEmpty {
            headers.append(HTTPHeader("X-Amz-Security-Token", token))
        }
        // Signed on every request: moto's verifier needs it on bodyless requests,
        // and it costs nothing with real AWS.
        headers.append(HTTPHeader("X-Amz-Content-SHA256", payloadHash))

        let canonical = CanonicalRequest(
            method: request.method, wirePath: request.wirePath, query: request.query,
            headers: headers, payloadHash: payloadHash)
        let canonicalText = canonical.text
        let scope = "\(day)/\(request.region)/\(request.service)/aws4_request"
        let stringToSign = [
            Self.algorithm, timestamp, scope,
            CanonicalRequest.sha256Hex(Array(canonicalText.utf8)),
        ].joined(separator: "\n")

        let key = SigningKeyCache.shared.key(secret: credentials.secretAccessKey, day: day,
                                             region: request.region, service: request.service)
        let signature = Data(HMAC<SHA256>.authenticationCode(for: Array(stringToSign.utf8), using: key)).hexString
        let authorization = "\(Self.algorithm) Credential=\(credentials.accessKeyId)/\(scope), "
            + "SignedHeaders=\(canonical.signedHeaders), Signature=\(signature)"
        headers.append(HTTPHeader("Authorization", authorization))

        let http = HTTPRequest(method: request.method, url: request.url, headers: headers,
                               body: request.body, hostKey: request.endpoint.hostHeader)
        return SignedRequest(request: http, canonicalRequest: canonicalText, stringToSign: stringToSign,
                             authorization: authorization, signature: signature)
    }

    static func signingKey(secret: String, day: String, region: String, service: String) -> SymmetricKey {
        func hmac(_ key: SymmetricKey, _ msg: String) -> SymmetricKey {
            SymmetricKey(data: Data(HMAC<SHA256>.authenticationCode(for: Array(msg.utf8), using: key)))
        }
        let kSecret = SymmetricKey(data: Array(("AWS4" + secret).utf8))
        return hmac(hmac(hmac(hmac(kSecret, day), region), service), "aws4_request")
    }
}
