import Foundation
import Testing
@testable import FlagDeckConfig

/// config.example.yaml at the repository root is documentation that must keep working.
@Suite struct ExampleConfigTests {
    static var examplePath: String {
        URL(fileURLWithPath: #filePath)
            .deletingLastPathComponent().deletingLastPathComponent().deletingLastPathComponent()
            .appendingPathComponent("config.example.yaml").path
    }

    @Test func theExampleLoads() throws {
        let config = try FlagDeckConfiguration.load(path: Self.examplePath)
        #expect(config.accounts.map(\.name) == ["payments-prod", "payments-staging", "local-emulator"])
        #expect(config.accounts[1].roleArn == "arn:aws:iam::111111111111:role/FlagDeckReader")
        #expect(config.accounts[1].externalId == "flagdeck")
        #expect(config.accounts[2].endpoint == "http://127.0.0.1:4566")
        #expect(config.environments.exclude == ["sandbox-*"])
        #expect(config.organization == .init(
            profile: "org-admin", roleName: "FlagDeckReader", regions: .listed(["us-east-1", "eu-west-1"]),
            filter: .init(include: ["ou-ab12-*", "payments-*", "111122223333"], exclude: ["sandbox-*"]),
            endpoint: "http://127.0.0.1:4590"))
        #expect(config.sso == .init(session: "my-sso", roleName: "ReadOnly", regions: .allEnabled,
                                    filter: .init(exclude: ["sandbox-*"])))
    }

    /// Every key the parser knows appears in the example, so none goes undocumented.
    @Test func theExampleMentionsEveryKey() throws {
        let text = try String(contentsOfFile: Self.examplePath, encoding: .utf8)
        let keys = ConfigParser.topLevelKeys + ConfigParser.accountKeys + ConfigParser.filterKeys
            + ConfigParser.retirementKeys + ConfigParser.organizationKeys + ConfigParser.ssoKeys
            + ConfigParser.codeReferenceKeys
        for key in keys {
            #expect(text.contains("\(key):"), "config.example.yaml does not document \(key)")
        }
    }
}
