import Foundation
import Testing
@testable import FlagDeckConfig

/// `organization:` and `sso:`: accounts discovered instead of listed, and every mistake
/// located by file, line, column and key path like the rest of the file.
@Suite struct DiscoveryConfigTests {
    @Test func organizationAloneIsEnough() throws {
        let config = try parsed("""
            organization:
              profile: org-admin
              roleName: FlagDeckReader
              regions: [us-east-1, eu-west-1]
              include: ["ou-ab12-*", "payments-*", "111122223333"]
              exclude: ["sandbox-*"]
              endpoint: http://127.0.0.1:4590
            """)
        #expect(config.accounts.isEmpty)
        #expect(config.discoversAccounts)
        #expect(config.organization == .init(
            profile: "org-admin", roleName: "FlagDeckReader", regions: .listed(["us-east-1", "eu-west-1"]),
            filter: .init(include: ["ou-ab12-*", "payments-*", "111122223333"], exclude: ["sandbox-*"]),
            endpoint: "http://127.0.0.1:4590"))
        #expect(config.sso == nil)
    }

    @Test func ssoWithAllRegionsAndDefaults() throws {
        let config = try parsed("""
            sso:
              session: my-sso
              roleName: ReadOnly
              regions: all
            """)
        #expect(config.sso == .init(session: "my-sso", roleName: "ReadOnly", regions: .allEnabled))
        #expect(config.sso?.filter == .init(include: ["*"], exclude: []))
    }

    @Test func everythingCombined() throws {
        let config = try parsed("""
            accounts:
              - name: legacy
                profile: legacy
                regions: [us-east-1]
            organization:
              roleName: path/FlagDeckReader
              regions: all
            sso:
              session: corp
              roleName: ReadOnly
              regions: [eu-west-1]
              exclude: ["444455556666"]
            """)
        #expect(config.accounts.map(\.name) == ["legacy"])
        #expect(config.organization?.profile == nil)
        #expect(config.organization?.roleName == "path/FlagDeckReader")
        #expect(config.organization?.regions == .allEnabled)
        #expect(config.sso?.filter.exclude == ["444455556666"])
    }

    @Test func accountsAreStillRequiredWithoutDiscovery() {
        #expect(issues("refreshSeconds: 30") == [
            #"config.yaml:1:1: missing required key "accounts" (or an "organization" or "sso" block that discovers accounts)"#,
        ])
        #expect(issues("accounts:\nrefreshSeconds: 30") == [
            #"config.yaml:1:1: accounts: "accounts" needs a value (or an "organization" or "sso" block that discovers accounts)"#,
        ])
    }

    @Test func missingAndUnknownKeys() {
        #expect(issues("""
            organization:
              profile: org-admin
              rolename: FlagDeckReader
            sso:
              roleName: ReadOnly
              regions: all
            """) == [
            #"config.yaml:2:3: organization: missing required key "roleName""#,
            #"config.yaml:2:3: organization: missing required key "regions""#,
            #"config.yaml:3:3: organization: unknown key "rolename" (did you mean "roleName"?)"#,
            #"config.yaml:5:3: sso: missing required key "session""#,
        ])
    }

    @Test func badValuesAreLocatedAtTheValue() {
        #expect(issues("""
            organization:
              profile: org-admin
              roleName: arn:aws:iam::111111111111:role/FlagDeckReader
              regions: every
              include: ["OU-AB12-*", ""]
              endpoint: localhost:4590
            sso:
              session: my-sso
              roleName: "Read Only"
              regions: [us-east-1, useast2]
              include: []
              exclude: ["ou-ab12-*"]
            """) == [
            #"config.yaml:3:13: organization.roleName: expected the role's name, not an ARN: it is assumed as arn:aws:iam::ACCOUNT:role/NAME in every account (like FlagDeckReader)"#,
            #"config.yaml:4:12: organization.regions: expected a list of region names (like [us-east-1, eu-west-1]) or "all" (every region enabled in the account), found the string "every""#,
            #"config.yaml:5:13: organization.include[0]: "OU-AB12-*" is not an OU or root id (like ou-ab12-cdef5678 or r-ab12, lower case; * and ? allowed)"#,
            #"config.yaml:5:26: organization.include[1]: must not be empty"#,
            #"config.yaml:6:13: organization.endpoint: "localhost:4590" is not an http(s) URL (like http://127.0.0.1:4566)"#,
            #"config.yaml:9:13: sso.roleName: "Read Only" is not an IAM role name (letters, digits and +=,.@_-, at most 64 characters, like FlagDeckReader)"#,
            #"config.yaml:10:24: sso.regions[1]: "useast2" is not an AWS region name (like us-east-1)"#,
            #"config.yaml:11:12: sso.include: an empty include selects no account: leave include out to take every account"#,
            #"config.yaml:12:13: sso.exclude[0]: "ou-ab12-*" is an organizational unit, but IAM Identity Center does not say which OU an account is in: name the accounts (globs) or their ids, or use the organization block"#,
        ])
    }

    @Test func blocksMustBeMappings() {
        #expect(issues("organization: org-admin\nsso: [a]") == [
            #"config.yaml:1:15: organization: expected a mapping with profile, roleName, regions, include, exclude and endpoint, found the string "org-admin""#,
            #"config.yaml:2:6: sso: expected a mapping with session, roleName, regions, include, exclude and endpoint, found a list"#,
        ])
    }

    @Test func anEmptyRegionListIsRefused() {
        #expect(issues("organization:\n  roleName: R\n  regions: []") == [
            #"config.yaml:3:12: organization.regions: at least one region is needed (like [us-east-1])"#,
        ])
    }
}
