import Foundation
import Testing
@testable import FlagDeckConfig

/// Every kind of problem, with the exact line users see: file:line:column, key path, message.
@Suite struct ErrorTests {
    @Test func badRegionIsLocatedAtTheValue() {
        #expect(issues("""
            accounts:
              - name: one
                regions: [us-east-1]
              - name: two
                regions:
                  - useast1
            """) == [
            #"config.yaml:6:9: accounts[1].regions[0]: "useast1" is not an AWS region name (like us-east-1)"#,
        ])
    }

    @Test func unknownKeysWithAndWithoutSuggestionAndEverythingAtOnce() {
        #expect(issues("""
            accounts:
              - name: one
                regoins: [us-east-1]
            colour: red
            """) == [
            #"config.yaml:2:5: accounts[0]: missing required key "regions""#,
            #"config.yaml:3:5: accounts[0]: unknown key "regoins" (did you mean "regions"?)"#,
            #"config.yaml:4:1: unknown key "colour" (expected one of: accounts, organization, sso, applications, environments, "#
                + #"production, retirement, refreshSeconds, concurrency, theme, readOnly, powertools, codeReferences, cloudTrail, store)"#,
        ])
    }

    @Test func awsCliSpellingsGetTheCamelCaseKey() {
        #expect(issues("""
            accounts:
              - name: one
                role_arn: arn:aws:iam::111111111111:role/R
                Regions: [us-east-1]
            refresh_seconds: 30
            read-only: true
            """) == [
            #"config.yaml:2:5: accounts[0]: missing required key "regions""#,
            #"config.yaml:3:5: accounts[0]: unknown key "role_arn" (did you mean "roleArn"?)"#,
            #"config.yaml:4:5: accounts[0]: unknown key "Regions" (did you mean "regions"?)"#,
            #"config.yaml:5:1: unknown key "refresh_seconds" (did you mean "refreshSeconds"?)"#,
            #"config.yaml:6:1: unknown key "read-only" (did you mean "readOnly"?)"#,
        ])
    }

    @Test func wrongTypes() {
        #expect(issues("""
            accounts:
              - name: yes
                regions: us-east-1
            refreshSeconds: "60"
            concurrency: 2.5
            readOnly: maybe
            production: prod*
            retirement: 30
            theme: [a]
            """) == [
            #"config.yaml:2:11: accounts[0].name: expected a string, found the boolean yes (write "yes" in quotes if you mean the word)"#,
            #"config.yaml:3:14: accounts[0].regions: expected a list of region names (like [us-east-1, eu-west-1]), found the string "us-east-1""#,
            #"config.yaml:4:17: refreshSeconds: expected a whole number of seconds, found the string "60""#,
            #"config.yaml:5:14: concurrency: expected a whole number of calls, found the number 2.5"#,
            #"config.yaml:6:11: readOnly: expected true or false, found the string "maybe""#,
            #"config.yaml:7:13: production: expected a list of name patterns (like "prod*"), found the string "prod*""#,
            #"config.yaml:8:13: retirement: expected a mapping with rolledOutDays, deadDays and permanent, found the number 30"#,
            #"config.yaml:9:8: theme: expected a string, found a list"#,
        ])
    }

    @Test func wrongShapes() {
        #expect(issues("accounts: {name: a}") == [
            "config.yaml:1:11: accounts: expected a list of accounts, found a mapping",
        ])
        #expect(issues("- a\n- b") == [
            "config.yaml:1:1: expected a mapping of settings at the top level, found a list",
        ])
        #expect(issues("accounts:\n  - one") == [
            #"config.yaml:2:5: accounts[0]: expected an account (a mapping with name, regions, ...), found the string "one""#,
        ])
        #expect(issues(minimal("applications: [a]\nenvironments: {include: [\"\"], exclude: prod}")) == [
            "config.yaml:4:15: applications: expected a mapping with include and exclude lists of application name patterns, found a list",
            "config.yaml:5:26: environments.include[0]: must not be empty",
            #"config.yaml:5:40: environments.exclude: expected a list of name patterns (like "prod*"), found the string "prod""#,
        ])
    }

    @Test func missingRequiredKeys() {
        #expect(issues("theme: default") == [#"config.yaml:1:1: missing required key "accounts" (or an "organization" or "sso" block that discovers accounts)"#])
        #expect(issues("""
            accounts:
              - profile: p
              - name:
                regions: [us-east-1]
            """) == [
            #"config.yaml:2:5: accounts[0]: missing required key "name""#,
            #"config.yaml:2:5: accounts[0]: missing required key "regions""#,
            #"config.yaml:3:5: accounts[1].name: "name" needs a value"#,
        ])
    }

    @Test func badValues() {
        #expect(issues("""
            accounts:
              - name: one
                roleArn: arn:aws:iam::12345:role/R
                externalId: x
                endpoint: localhost:4566
                regions: [us-east-1, US-EAST-1, us-east-1]
              - name: two
                externalId: y
                regions: []
              - name: one
                regions: [eu-west-1]
            retirement: {rolledOutDays: 0, deadDays: -5}
            refreshSeconds: 5
            concurrency: 65
            theme: ../evil
            """) == [
            #"config.yaml:3:14: accounts[0].roleArn: "arn:aws:iam::12345:role/R" is not an IAM role ARN (like arn:aws:iam::111111111111:role/FlagDeckReader)"#,
            #"config.yaml:5:15: accounts[0].endpoint: "localhost:4566" is not an http(s) URL (like http://127.0.0.1:4566)"#,
            #"config.yaml:6:26: accounts[0].regions[1]: "US-EAST-1" is not an AWS region name (like us-east-1)"#,
            #"config.yaml:6:37: accounts[0].regions[2]: "us-east-1" is listed twice"#,
            "config.yaml:8:17: accounts[1].externalId: externalId is only sent when assuming roleArn: add roleArn or remove externalId",
            "config.yaml:9:14: accounts[1].regions: at least one region is needed (like [us-east-1])",
            #"config.yaml:10:11: accounts[2].name: "one" is already the name of accounts[0]; account names must be unique"#,
            "config.yaml:12:29: retirement.rolledOutDays: must be at least 1 (days), found 0",
            "config.yaml:12:42: retirement.deadDays: must be at least 1 (days), found -5",
            "config.yaml:13:17: refreshSeconds: must be at least 10 (seconds), found 5",
            "config.yaml:14:14: concurrency: must be between 1 and 64 (calls), found 65",
            #"config.yaml:15:8: theme: "../evil" is not a theme name (letters, digits, "-", "_" and "."; the file is NAME.theme)"#,
        ])
    }

    @Test func concurrencyLowerBound() {
        #expect(issues(minimal("concurrency: 0")) == ["config.yaml:4:14: concurrency: must be between 1 and 64 (calls), found 0"])
    }

    @Test func emptyFile() {
        let expected = [#"config.yaml:1:1: the file is empty: it needs at least an "accounts" list, or an "organization" or "sso" block that discovers accounts (see config.example.yaml)"#]
        #expect(issues("") == expected)
        #expect(issues("# only a comment\n") == expected)
    }

    @Test func duplicateKeys() {
        #expect(issues(minimal("theme: a\ntheme: b")) == [
            #"config.yaml:4:1: duplicate key "theme": each key may appear only once in a mapping"#,
        ])
    }

    @Test func yamlSyntaxErrorIsLocated() throws {
        let lines = issues("accounts:\n  - name: one\n   regions: [us-east-1]\n")
        try #require(lines.count == 1)
        #expect(lines[0].hasPrefix("config.yaml:3:"))
        #expect(lines[0].contains("not valid YAML: "))
    }

    @Test func theFileNameIsTheOneGiven() {
        #expect(issues("theme: default", file: "/etc/flagdeck/prod.yaml")
                == [#"/etc/flagdeck/prod.yaml:1:1: missing required key "accounts" (or an "organization" or "sso" block that discovers accounts)"#])
    }

    @Test func loadingAMissingFile() {
        #expect(throws: ConfigurationError(issues: [
            ConfigIssue(file: "/nonexistent/flagdeck.yaml", message: "the configuration file does not exist"),
        ])) {
            try FlagDeckConfiguration.load(path: "/nonexistent/flagdeck.yaml")
        }
    }

    @Test func loadingAFileNamesItsPath() throws {
        let path = NSTemporaryDirectory() + "flagdeck-config-test-\(UInt32.random(in: 0...UInt32.max)).yaml"
        try "accounts:\n  - name: a\n    regions: [nowhere]\n".write(toFile: path, atomically: true, encoding: .utf8)
        defer { try? FileManager.default.removeItem(atPath: path) }
        #expect(throws: ConfigurationError.self) { try FlagDeckConfiguration.load(path: path) }
        do {
            _ = try FlagDeckConfiguration.load(path: path)
        } catch {
            #expect(error.description == "\(path):3:15: accounts[0].regions[0]: \"nowhere\" is not an AWS region name (like us-east-1)")
        }
    }
}
