import Foundation
import Testing
@testable import AWSCore

@Suite struct CredentialProcessTests {
    let secret = "fake-process-secret-DO-NOT-ECHO"

    func run(_ script: String) async throws -> Credentials {
        let dir = try TempDir()
        let path = try dir.write("creds.sh", "#!/bin/sh\n" + script, executable: true)
        return try await CredentialProcessProvider(profile: "proc", command: "'\(path)' --flag").credentials()
    }

    func expectError(_ script: String, containing text: String) async throws {
        do {
            _ = try await run(script)
            Issue.record("expected an error")
        } catch let e as CredentialsError {
            #expect(e.message.contains(text), "\(e.message)")
            #expect(!e.message.contains(secret))
            #expect(e.message.contains("profile proc"))
        }
    }

    @Test func validOutput() async throws {
        let c = try await run("""
        echo '{"Version": 1, "AccessKeyId": "AKIAFLAGDECKTEST0007", "SecretAccessKey": "\(secret)", "SessionToken": "tok", "Expiration": "2026-11-21T22:00:00.123Z"}'
        """)
        #expect(c.accessKeyId == "AKIAFLAGDECKTEST0007")
        #expect(c.sessionToken == "tok")
        #expect(c.expiration != nil)
    }

    @Test func nonZeroExitShowsStderrNotStdout() async throws {
        try await expectError("echo '{\"SecretAccessKey\": \"\(secret)\"}'; echo 'token expired' >&2; exit 3",
                              containing: "exited with status 3: token expired")
    }

    @Test func badJSONNeverEchoed() async throws {
        try await expectError("echo 'SecretAccessKey=\(secret) not json'", containing: "not a JSON object")
    }

    @Test func wrongVersion() async throws {
        try await expectError("echo '{\"Version\": 2, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"\(secret)\"}'",
                              containing: "unsupported Version 2")
    }

    @Test func missingFields() async throws {
        try await expectError("echo '{\"Version\": 1, \"SecretAccessKey\": \"\(secret)\"}'", containing: "without AccessKeyId")
        try await expectError("echo '{\"Version\": 1, \"AccessKeyId\": \"A\"}'", containing: "without SecretAccessKey")
    }

    @Test func badExpiration() async throws {
        try await expectError(
            "echo '{\"Version\": 1, \"AccessKeyId\": \"A\", \"SecretAccessKey\": \"\(secret)\", \"Expiration\": \"tomorrow\"}'",
            containing: "Expiration")
    }

    @Test func commandNotFound() async throws {
        do {
            _ = try await CredentialProcessProvider(profile: "proc", command: "/nonexistent/helper").credentials()
            Issue.record("expected an error")
        } catch let e as CredentialsError {
            #expect(e.message.contains("exited with status 127"))
        }
    }

    @Test func timeoutStopsTheProcess() async throws {
        do {
            _ = try await CredentialProcessProvider(profile: "proc", command: "sleep 5", timeoutSeconds: 0.3).credentials()
            Issue.record("expected an error")
        } catch let e as CredentialsError {
            #expect(e.message.contains("did not finish"))
        }
    }

    @Test func cachedUntilFiveMinutesBeforeExpiry() async throws {
        let clock = FakeClock(ISO8601.parse("2026-11-21T21:00:00Z")!)
        let dir = try TempDir()
        let counter = dir.path + "/count"
        let path = try dir.write("creds.sh", """
        #!/bin/sh
        echo x >> '\(counter)'
        echo '{"Version": 1, "AccessKeyId": "AKIAFLAGDECKTEST0008", "SecretAccessKey": "s", "Expiration": "2026-11-21T22:00:00Z"}'
        """, executable: true)
        let provider = CachingCredentialProvider(CredentialProcessProvider(profile: "p", command: path), clock: clock)
        func runs() throws -> Int { try String(contentsOfFile: counter, encoding: .utf8).split(separator: "\n").count }
        _ = try await provider.credentials()
        clock.advance(54 * 60) // 6 minutes left: still cached
        _ = try await provider.credentials()
        #expect(try runs() == 1)
        clock.advance(2 * 60) // 4 minutes left: refresh
        _ = try await provider.credentials()
        #expect(try runs() == 2)
    }
}
