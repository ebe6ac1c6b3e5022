import Foundation
import Testing
@testable import AWSCore

@Suite struct SharedConfigFileTests {
    @Test func commentsSpacingAndDelimiters() throws {
        let text = """
        # full-line comment
        ; another comment
        [default]
           region=us-east-1
        output	  =    json   
        [profile  payments-prod ]   ; trailing text after ] is ignored
        Region : eu-west-1
        role_arn = arn:aws:iam::111111111111:role/Reader
        empty =
        """
        let file = try SharedConfigFile.parse(text, path: "cfg")
        #expect(file.section("default")?.values["region"] == "us-east-1")
        #expect(file.section("default")?.values["output"] == "json")
        let prod = try #require(file.section("profile  payments-prod"))
        #expect(prod.values["region"] == "eu-west-1")
        #expect(prod.values["role_arn"] == "arn:aws:iam::111111111111:role/Reader")
        #expect(prod.values["empty"] == "")
    }

    @Test func indentedLineAfterKeyIsContinuationLikeConfigparser() throws {
        // botocore reads these files with configparser, which treats a deeper
        // indented line as part of the previous value, not as a new key.
        let file = try SharedConfigFile.parse("[default]\nregion = us-east-1\n  output = json\n")
        #expect(file.section("default")?.values["region"] == "us-east-1\noutput = json")
        #expect(file.section("default")?.values["output"] == nil)
    }

    @Test func nestedContinuationLines() throws {
        let text = """
        [profile dev]
        region = us-west-2
        s3 =
          max_concurrent_requests = 10
            addressing_style=path
        services = local
        [services local]
        appconfig =
          endpoint_url = http://127.0.0.1:4566
        """
        let file = try SharedConfigFile.parse(text)
        let dev = try #require(file.section("profile dev"))
        #expect(dev.nested["s3"] == ["max_concurrent_requests": "10", "addressing_style": "path"])
        #expect(dev.values["services"] == "local")
        #expect(dev.values["s3"] == nil)
        let config = SharedConfig.build(config: file, credentials: nil)
        #expect(config.services["local"]?["appconfig"]?["endpoint_url"] == "http://127.0.0.1:4566")
        let endpoint = try config.endpointResolver(profile: "dev", environment: [:]).resolve(service: "appconfig", region: "us-west-2")
        #expect(endpoint.origin == "http://127.0.0.1:4566")
    }

    @Test func multiLineValueKeepsLines() throws {
        let file = try SharedConfigFile.parse("[default]\nkey = first\n  second\n")
        #expect(file.section("default")?.values["key"] == "first\nsecond")
    }

    @Test func syntaxErrorsReportFileAndLine() throws {
        #expect(throws: SharedConfigError(path: "/x/config", line: 3,
                                          message: "expected 'key = value', a [section] or a comment")) {
            try SharedConfigFile.parse("[default]\nregion = us-east-1\nthis is not valid\n", path: "/x/config")
        }
        do {
            _ = try SharedConfigFile.parse("region = us-east-1\n", path: "/x/config")
            Issue.record("expected an error")
        } catch let e as SharedConfigError {
            #expect(e.line == 1)
            #expect(e.description.hasPrefix("/x/config:1:"))
        }
        do {
            _ = try SharedConfigFile.parse("\n\n[profile broken\n", path: "c")
            Issue.record("expected an error")
        } catch let e as SharedConfigError {
            #expect(e.line == 3)
            #expect(e.message.contains("]"))
        }
    }

    @Test func crlfAndRepeatedSections() throws {
        let file = try SharedConfigFile.parse("[a]\r\nx = 1\r\n[b]\r\ny = 2\r\n[a]\r\nz = 3\r\n")
        #expect(file.section("a")?.values == ["x": "1", "z": "3"])
    }

    @Test func profilePrefixRulesDifferBetweenFiles() throws {
        let config = try SharedConfigFile.parse("""
        [default]
        region = us-east-1
        [profile prod]
        region = eu-west-1
        [staging]
        region = ap-south-1
        [sso-session corp]
        sso_start_url = https://corp.awsapps.com/start
        sso_region = eu-central-1
        """)
        let creds = try SharedConfigFile.parse("""
        [prod]
        aws_access_key_id = AKIAFLAGDECKTEST0002
        aws_secret_access_key = fake-secret
        [profile weird]
        aws_access_key_id = AKIAFLAGDECKTEST0003
        aws_secret_access_key = fake-secret
        """)
        let shared = SharedConfig.build(config: config, credentials: creds)
        #expect(shared.profiles["prod"]?["region"] == "eu-west-1")
        #expect(shared.profiles["prod"]?["aws_access_key_id"] == "AKIAFLAGDECKTEST0002")
        #expect(shared.profiles["default"]?["region"] == "us-east-1")
        // `[staging]` in the config file is not a profile; `[profile weird]` in
        // the credentials file is a profile literally named "profile weird".
        #expect(shared.profiles["staging"] == nil)
        #expect(shared.profiles["profile weird"] != nil)
        #expect(shared.ssoSessions["corp"]?["sso_region"] == "eu-central-1")
    }

    @Test func filesFromEnvironmentAndMissingFilesAreEmpty() throws {
        let dir = try TempDir()
        let cfg = try dir.write("cfg", "[profile a]\nregion = us-east-2\n")
        let shared = try SharedConfig.load(environment: [
            "AWS_CONFIG_FILE": cfg, "AWS_SHARED_CREDENTIALS_FILE": dir.path + "/nope", "HOME": dir.path,
        ])
        #expect(shared.profiles["a"]?["region"] == "us-east-2")
        #expect(shared.region(profile: "a", environment: ["AWS_REGION": "eu-north-1"]) == "eu-north-1")
        let defaults = try SharedConfig.load(environment: ["HOME": dir.path])
        #expect(defaults.configPath == dir.path + "/.aws/config")
        #expect(defaults.profiles.isEmpty)
    }
}

@Suite struct DevNullConfigTests {
    /// AWS_CONFIG_FILE=/dev/null is how people switch the config file off.
    @Test func devNullIsAnEmptyFileNotAnError() throws {
        let file = try SharedConfigFile.load(path: "/dev/null")
        #expect(file?.sections.isEmpty == true)
    }
}
