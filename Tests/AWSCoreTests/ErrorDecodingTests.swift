import Foundation
import Testing
@testable import AWSCore

@Suite struct ErrorDecodingTests {
    @Test func restJSONHeaderWins() {
        let e = ErrorDecoding.decode(HTTPResponse(
            status: 400,
            headers: [HTTPHeader("x-amzn-ErrorType", "BadRequestException:http://internal.amazon.com/coral/com.amazonaws.appconfig/"),
                      HTTPHeader("x-amzn-RequestId", "req-123")],
            body: Array(#"{"Message": "Invalid flag", "__type": "Other"}"#.utf8)), protocol: .restJSON)
        #expect(e.code == "BadRequestException")
        #expect(e.message == "Invalid flag")
        #expect(e.statusCode == 400)
        #expect(e.requestId == "req-123")
        #expect(!e.isRetryable)
        #expect(e.description == "BadRequestException: Invalid flag (HTTP 400, request id req-123)")
    }

    @Test func restJSONBodyTypeWithNamespace() {
        let e = ErrorDecoding.decodeRestJSON(HTTPResponse(
            status: 409, body: Array(#"{"__type": "com.amazonaws.appconfig#ConflictException", "message": "busy"}"#.utf8)))
        #expect(e.code == "ConflictException")
        #expect(e.message == "busy")
        let c = ErrorDecoding.decodeRestJSON(HTTPResponse(status: 404, body: Array(#"{"code": "ResourceNotFoundException"}"#.utf8)))
        #expect(c.code == "ResourceNotFoundException")
    }

    @Test func throttlingDetection() {
        for code in AWSError.throttlingCodes {
            #expect(AWSError(code: code, message: "", statusCode: 400).isThrottling)
        }
        #expect(AWSError(code: "HTTP429", message: "", statusCode: 429).isThrottling)
        #expect(!AWSError(code: "ValidationException", message: "", statusCode: 400).isThrottling)
        #expect(AWSError(code: "HTTP503", message: "", statusCode: 503).isTransient)
        #expect(AWSError(code: "InternalServerException", message: "", statusCode: 500).isTransient)
        #expect(AWSError(code: "HTTP502", message: "", statusCode: 502).isRetryable)
        #expect(!AWSError(code: "HTTP501", message: "", statusCode: 501).isRetryable)
    }

    @Test func genericBodies() {
        let e = ErrorDecoding.decodeRestJSON(HTTPResponse(status: 502, body: Array("<html>bad gateway</html>".utf8)))
        #expect(e.code == "HTTP502")
        #expect(e.isTransient)
        let q = ErrorDecoding.decodeQuery(HTTPResponse(status: 503, body: []))
        #expect(q.code == "HTTP503")
    }

    @Test func queryXML() {
        let xml = """
        <ErrorResponse xmlns="https://sts.amazonaws.com/doc/2011-06-15/">
          <Error>
            <Type>Sender</Type>
            <Code>AccessDenied</Code>
            <Message>User: arn:aws:iam::123456789012:user/x is not authorized &amp; stuff</Message>
          </Error>
          <RequestId>c6104cbe-af31-11e0-8154-cbc7ccf896c7</RequestId>
        </ErrorResponse>
        """
        let e = ErrorDecoding.decode(HTTPResponse(status: 403, body: Array(xml.utf8)), protocol: .query)
        #expect(e.code == "AccessDenied")
        #expect(e.message == "User: arn:aws:iam::123456789012:user/x is not authorized & stuff")
        #expect(e.faultType == "Sender")
        #expect(e.requestId == "c6104cbe-af31-11e0-8154-cbc7ccf896c7")
        #expect(e.statusCode == 403)
    }

    @Test func restJSONFallsBackToXMLBody() {
        let xml = "<ErrorResponse><Error><Code>SignatureDoesNotMatch</Code><Message>bad sig</Message></Error><RequestId>r1</RequestId></ErrorResponse>"
        let e = ErrorDecoding.decodeRestJSON(HTTPResponse(status: 403, body: Array(xml.utf8)))
        #expect(e.code == "SignatureDoesNotMatch")
        #expect(e.requestId == "r1")
        #expect(e.isAuthFailure)
    }

    @Test func queryThrottling() {
        let xml = "<ErrorResponse><Error><Type>Sender</Type><Code>Throttling</Code><Message>Rate exceeded</Message></Error><RequestId>r</RequestId></ErrorResponse>"
        #expect(ErrorDecoding.decodeQuery(HTTPResponse(status: 400, body: Array(xml.utf8))).isThrottling)
    }
}

@Suite struct ReadOnlyGuardTests {
    func client(_ t: RecordingTransport, _ creds: CountingCredentialProvider, readOnly: Bool) -> AWSClient {
        AWSClient(credentials: creds, transport: t, endpoints: EndpointResolver(environment: [:]), readOnly: readOnly,
                  retrier: Retrier(clock: FakeClock(), random: FixedRandom(value: 0)), clock: FakeClock())
    }

    @Test(arguments: ["POST", "PUT", "PATCH", "DELETE"])
    func mutatingRequestRefusedBeforeSigning(method: String) async throws {
        let t = RecordingTransport()
        let creds = CountingCredentialProvider()
        do {
            _ = try await client(t, creds, readOnly: true).send(
                service: "appconfig", region: "us-east-1", method: method,
                path: "/applications/abc1234/environments/env1/deployments", body: Array("{}".utf8))
            Issue.record("expected ReadOnlyViolation")
        } catch let e as ReadOnlyViolation {
            #expect(e.method == method)
            #expect(e.description.contains("read-only mode"))
        }
        #expect(t.requests.isEmpty)
        #expect(creds.calls == 0) // nothing resolved, so nothing could be signed
    }

    @Test func readsAndSTSAllowed() async throws {
        let t = RecordingTransport(fallback: jsonResponse(200, """
        <GetCallerIdentityResponse><GetCallerIdentityResult><Arn>arn:aws:iam::123456789012:user/x</Arn><UserId>AIDA</UserId><Account>123456789012</Account></GetCallerIdentityResult></GetCallerIdentityResponse>
        """))
        let creds = CountingCredentialProvider()
        let c = client(t, creds, readOnly: true)
        _ = try await c.send(service: "appconfig", region: "us-east-1", method: "GET", path: "/applications")
        _ = try await c.send(service: "appconfig", region: "us-east-1", method: "HEAD", path: "/applications")
        let id = try await c.sts(region: "us-east-1").getCallerIdentity()
        #expect(id.account == "123456789012")
        #expect(t.requests.count == 3)
        #expect(t.requests[2].method == "POST")
    }

    @Test func stsRecognisedBySigningNameNotURL() async throws {
        // An emulator serving both services on one URL: a POST signed for
        // appconfig is refused even though STS lives at the same address.
        let t = RecordingTransport()
        let c = AWSClient(credentials: CountingCredentialProvider(), transport: t,
                          endpoints: EndpointResolver(environment: [:]), endpointOverride: "http://127.0.0.1:4566",
                          readOnly: true, retrier: Retrier(clock: FakeClock()), clock: FakeClock())
        await #expect(throws: ReadOnlyViolation.self) {
            try await c.send(service: "appconfig", region: "us-east-1", method: "POST", path: "/")
        }
        #expect(t.requests.isEmpty)
    }

    @Test func writableClientSendsPost() async throws {
        let t = RecordingTransport()
        _ = try await client(t, CountingCredentialProvider(), readOnly: false).send(
            service: "appconfig", region: "us-east-1", method: "POST", path: "/applications", body: Array("{}".utf8))
        #expect(t.requests.count == 1)
    }
}

@Suite struct CredentialsSecrecyTests {
    let creds = Credentials(accessKeyId: "AKIAFLAGDECKTESTWXYZ", secretAccessKey: "fake-secret-value-1234567890",
                            sessionToken: "fake-session-token-abcdef", expiration: Date(timeIntervalSince1970: 1_795_000_000))

    @Test func descriptionsMaskEverything() {
        var dumped = ""
        dump(creds, to: &dumped)
        for text in [creds.description, creds.debugDescription, "\(creds)", String(reflecting: creds), dumped,
                     "\([creds])", "\(Optional(creds) as Any)"] {
            #expect(!text.contains("fake-secret-value"), "\(text.count) chars leaked a secret")
            #expect(!text.contains("fake-session-token"))
            #expect(!text.contains("AKIAFLAGDECKTESTWXYZ"))
        }
        #expect(creds.description.contains("AKIA****WXYZ"))
        #expect(Credentials.mask("short") == "*****")
    }

    @Test func errorsDoNotCarrySecrets() {
        #expect(!(Credentials.self is any Encodable.Type))
        #expect(!(Credentials.self is any Decodable.Type))
    }
}

@Suite struct EndpointTests {
    @Test func resolutionOrder() throws {
        let env = ["AWS_ENDPOINT_URL_APPCONFIG": "http://localhost:4566", "AWS_ENDPOINT_URL": "http://global:1"]
        let r = EndpointResolver(environment: env)
        #expect(try r.resolve(service: "appconfig", region: "eu-west-1").origin == "http://localhost:4566")
        #expect(try r.resolve(service: "sts", region: "eu-west-1").origin == "http://global:1")
        #expect(try r.resolve(service: "appconfig", region: "eu-west-1", override: "https://emu.local:8443/base").description
            == "https://emu.local:8443/base")
        let sts = EndpointResolver(environment: ["AWS_ENDPOINT_URL_STS": "http://127.0.0.1:5000"])
        #expect(try sts.resolve(service: "sts", region: "us-east-1").hostHeader == "127.0.0.1:5000")
        let none = EndpointResolver(environment: env.merging(["AWS_IGNORE_CONFIGURED_ENDPOINT_URLS": "true"]) { a, _ in a })
        #expect(try none.resolve(service: "appconfig", region: "eu-west-1").origin == "https://appconfig.eu-west-1.amazonaws.com")
        #expect(EndpointResolver.standard(service: "sts", region: "ap-southeast-2").origin == "https://sts.ap-southeast-2.amazonaws.com")
        #expect(throws: EndpointError.self) { try Endpoint(url: "not a url") }
    }

    @Test func basePathPrefixesWirePath() throws {
        let r = AWSRequest(service: "appconfig", region: "us-east-1", method: "GET",
                           endpoint: try Endpoint(url: "http://h:1/prefix/"), path: "/applications",
                           query: [QueryItem("next_token", "a+b")])
        #expect(r.url == "http://h:1/prefix/applications?next_token=a%2Bb")
    }
}

@Suite struct STSParsingTests {
    @Test func assumeRoleErrorBecomesCredentialsError() async throws {
        let t = RecordingTransport(fallback: jsonResponse(403, """
        <ErrorResponse><Error><Type>Sender</Type><Code>AccessDenied</Code><Message>not allowed</Message></Error><RequestId>r-9</RequestId></ErrorResponse>
        """))
        let client = AWSClient(credentials: StaticCredentialProvider(testCredentials), transport: t,
                               endpoints: EndpointResolver(environment: [:]), retrier: Retrier(clock: FakeClock()), clock: FakeClock())
        let provider = AssumeRoleCredentialProvider(roleArn: "arn:aws:iam::1:role/R", sts: STSClient(client: client, region: "us-east-1"),
                                                    via: "test")
        do {
            _ = try await provider.credentials()
            Issue.record("expected an error")
        } catch let e as CredentialsError {
            #expect(e.message == "AssumeRole arn:aws:iam::1:role/R failed: AccessDenied: not allowed (HTTP 403, request id r-9)")
        }
        #expect(t.requests.count == 1)
    }
}
