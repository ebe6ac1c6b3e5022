import Foundation
import Testing
@testable import AWSCore

struct SigV4Vector: Decodable {
    var name: String
    var service: String
    var region: String
    var endpoint: String
    var method: String
    var path: String
    var query: [[String]]
    var headers: [[String]]
    var bodyBase64: String
    var accessKeyId: String
    var secretAccessKey: String
    var sessionToken: String?
    var epochSeconds: Double
    var amzDate: String
    var url: String
    var canonicalRequest: String
    var stringToSign: String
    var authorization: String
}

struct SigV4VectorFile: Decodable {
    var botocore: String
    var vectors: [SigV4Vector]
}

func loadVectors() throws -> [SigV4Vector] {
    let url = try #require(Bundle.module.url(forResource: "sigv4_vectors", withExtension: "json", subdirectory: "Fixtures"))
    return try JSONDecoder().decode(SigV4VectorFile.self, from: Data(contentsOf: url)).vectors
}

func signVector(_ v: SigV4Vector) throws -> SignedRequest {
    let request = AWSRequest(
        service: v.service, region: v.region, method: v.method, endpoint: try Endpoint(url: v.endpoint),
        path: v.path, query: v.query.map { QueryItem($0[0], $0[1]) },
        headers: v.headers.map { HTTPHeader($0[0], $0[1]) },
        body: Array(Data(base64Encoded: v.bodyBase64)!))
    let creds = Credentials(accessKeyId: v.accessKeyId, secretAccessKey: v.secretAccessKey, sessionToken: v.sessionToken)
    return SigV4Signer().sign(request, credentials: creds, date: Date(timeIntervalSince1970: v.epochSeconds))
}

@Suite struct SigV4VectorTests {
    @Test func vectorFileHasCases() throws {
        #expect(try loadVectors().count >= 15)
    }

    @Test(arguments: try loadVectors().map(\.name))
    func matchesBotocore(name: String) throws {
        let v = try #require(try loadVectors().first { $0.name == name })
        let signed = try signVector(v)
        #expect(signed.canonicalRequest == v.canonicalRequest)
        #expect(signed.stringToSign == v.stringToSign)
        #expect(signed.authorization == v.authorization)
        // Same path and query bytes on the wire; a default port may be dropped from the host.
        #expect(pathAndQuery(signed.request.url) == pathAndQuery(v.url))
        #expect(signed.request.headers.first(named: "x-amz-date") == v.amzDate)
        #expect(signed.request.headers.first(named: "authorization") == v.authorization)
    }

    @Test func sessionTokenIsSentAndSigned() throws {
        let v = try #require(try loadVectors().first { $0.sessionToken != nil })
        let signed = try signVector(v)
        #expect(signed.request.headers.first(named: "x-amz-security-token") == v.sessionToken)
        #expect(signed.authorization.contains("x-amz-security-token"))
    }

    @Test func resigningReplacesPreviousSignatureHeaders() throws {
        let v = try #require(try loadVectors().first)
        let first = try signVector(v)
        var request = AWSRequest(service: v.service, region: v.region, method: v.method,
                                 endpoint: try Endpoint(url: v.endpoint), path: v.path)
        request.headers = first.request.headers.filter { $0.name.lowercased() != "host" }
        let creds = Credentials(accessKeyId: v.accessKeyId, secretAccessKey: v.secretAccessKey)
        let again = SigV4Signer().sign(request, credentials: creds, date: Date(timeIntervalSince1970: v.epochSeconds))
        #expect(again.authorization == v.authorization)
        #expect(again.request.headers.filter { $0.name.lowercased() == "authorization" }.count == 1)
    }

    @Test func pathSegmentEncodingOfARN() {
        let arn = "arn:aws:appconfig:us-east-1:123456789012:application/abc1234"
        let wire = "/tags/" + PercentEncoding.encodePathSegment(arn)
        #expect(wire == "/tags/arn%3Aaws%3Aappconfig%3Aus-east-1%3A123456789012%3Aapplication%2Fabc1234")
        #expect(CanonicalRequest.canonicalURI(wire).hasPrefix("/tags/arn%253Aaws%253A"))
    }
}

func pathAndQuery(_ url: String) -> String {
    let afterScheme = url.range(of: "://").map { url[$0.upperBound...] } ?? Substring(url)
    return String(afterScheme[(afterScheme.firstIndex(of: "/") ?? afterScheme.endIndex)...])
}

@Suite struct SigV4TimestampTests {
    @Test func amzDateIsUTCWithZeroPadding() {
        #expect(SigV4Signer.amzDate(Date(timeIntervalSince1970: 0)) == "19700101T000000Z")
        #expect(SigV4Signer.amzDate(Date(timeIntervalSince1970: 1_795_374_102.9)) == "20261122T190142Z")
        #expect(SigV4Signer.amzDate(Date(timeIntervalSince1970: 951_782_400)) == "20000229T000000Z")
    }

    @Test func theSigningKeyCacheGivesTheDerivedKey() {
        let cache = SigningKeyCache(capacity: 2)
        for day in ["20260101", "20260102", "20260103", "20260101"] {
            let cached = cache.key(secret: "s", day: day, region: "us-east-1", service: "appconfig")
            let derived = SigV4Signer.signingKey(secret: "s", day: day, region: "us-east-1", service: "appconfig")
            #expect(cached == derived)
        }
    }

    @Test func trimmingKeepsPlainValuesAndCollapsesOthers() {
        #expect(CanonicalRequest.trimAll("abc def") == "abc def")
        #expect(CanonicalRequest.trimAll(" abc  def\t") == "abc def")
        #expect(CanonicalRequest.trimAll("a\tb") == "a b")
        #expect(CanonicalRequest.trimAll("") == "")
        #expect(CanonicalRequest.trimAll("   ") == "")
    }
}

@Suite struct CanonicalHeaderNameTests {
    @Test func namesAreLowerCasedAndTrimmedOnlyWhenNeeded() {
        #expect(CanonicalRequest.canonicalName("x-amz-date") == "x-amz-date")
        #expect(CanonicalRequest.canonicalName("Host") == "host")
        #expect(CanonicalRequest.canonicalName(" X-Amz-Date\t") == "x-amz-date")
    }
}
