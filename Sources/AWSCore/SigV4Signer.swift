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

    public static func amzDate(_ date: Date) -> String {
        formatUTC(date, "%04d%02d%02dT%02d%02d%02dZ")
    }

    private static func formatUTC(_ date: Date, _ format: String) -> String {
        var cal = Calendar(identifier: .gregorian)
        cal.timeZone = TimeZone(identifier: "UTC")!
        let c = cal.dateComponents([.year, .month, .day, .hour, .minute, .second], from: date)
        return String(format: format, c.year!, c.month!, c.day!, c.hour!, c.minute!, c.second!)
    }

    public func sign(_ request: AWSRequest, credentials: Credentials, date: Date) -> SignedRequest {
        let timestamp = Self.amzDate(date)
        let day = String(timestamp.prefix(8))
        let payloadHash = CanonicalRequest.sha256Hex(request.body)

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

        let key = Self.signingKey(secret: credentials.secretAccessKey, day: day,
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
