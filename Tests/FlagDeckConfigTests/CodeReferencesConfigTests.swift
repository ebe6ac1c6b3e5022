@testable import FlagDeckConfig
import FlagModel
import Foundation
import Testing

/// The `codeReferences:` block (issue 16): git work trees searched by `flagdeck refs`.
@Suite struct CodeReferencesConfigTests {
    let home = ConfigParser.homeDirectory()

    @Test func noneByDefault() throws {
        #expect(try parsed(minimal()).codeReferences == [])
    }

    @Test func pathsAreExpandedAndApplicationsKept() throws {
        let config = try parsed(minimal("""
        codeReferences:
          - path: ~/src/checkout-service
            applications: [checkout, "pay*"]
          - path: /srv/git/monorepo/
          - path: "~"
        """))
        #expect(config.codeReferences == [
            CodeReferenceSource(path: home + "/src/checkout-service", applications: ["checkout", "pay*"]),
            CodeReferenceSource(path: "/srv/git/monorepo", applications: nil),
            CodeReferenceSource(path: URL(fileURLWithPath: home).standardizedFileURL.path, applications: nil),
        ])
        #expect(config.codeReferences[0].applies(to: "checkout"))
        #expect(config.codeReferences[0].applies(to: "Payments"))
        #expect(!config.codeReferences[0].applies(to: "shipping"))
        #expect(config.codeReferences[1].applies(to: "anything"))
    }

    /// Relative to the configuration file, not to wherever flagdeck runs.
    @Test func aRelativePathIsRelativeToTheFile() throws {
        let config = try FlagDeckConfiguration.parse(
            text: minimal("codeReferences:\n  - path: ../src/app\n"), file: "/etc/flagdeck/config.yaml")
        #expect(config.codeReferences.map(\.path) == ["/etc/src/app"])
    }

    /// Whether the path is a git work tree is for `flagdeck refs` to say, when it runs.
    @Test func aMissingDirectoryIsNoParseError() throws {
        let config = try parsed(minimal("codeReferences:\n  - path: /nowhere/at/all\n"))
        #expect(config.codeReferences.map(\.path) == ["/nowhere/at/all"])
    }

    @Test func problemsAreLocatedByLineColumnAndKeyPath() {
        #expect(issues(minimal("codeReferences:\n  path: ~/src\n")) == [
            #"config.yaml:5:3: codeReferences: expected a list of git work trees (like - path: ~/src/checkout-service), found a mapping"#,
        ])
        #expect(issues(minimal("codeReferences:\n  - applications: [checkout]\n")) == [
            #"config.yaml:5:5: codeReferences[0]: missing required key "path""#,
        ])
        #expect(issues(minimal("codeReferences:\n  - path: ~/a\n    aplications: [x]\n")) == [
            #"config.yaml:6:5: codeReferences[0]: unknown key "aplications" (did you mean "applications"?)"#,
        ])
        #expect(issues(minimal("codeReferences:\n  - path: \"  \"\n")) == [
            #"config.yaml:5:11: codeReferences[0].path: must not be empty"#,
        ])
        #expect(issues(minimal("codeReferences:\n  - path: ~/a\n    applications: []\n")) == [
            "config.yaml:6:19: codeReferences[0].applications: an empty list selects no application: leave "
                + "applications out to look for the flags of every application",
        ])
        #expect(issues(minimal("codeReferences:\n  - path: ~/a\n    applications: checkout\n")) == [
            #"config.yaml:6:19: codeReferences[0].applications: expected a list of name patterns (like "prod*"), found the string "checkout""#,
        ])
        #expect(issues(minimal("codeReferences:\n  - path: ~/a\n  - path: ~/a/\n")) == [
            #"config.yaml:6:11: codeReferences[1].path: "\#(home)/a" is already listed at codeReferences[0]"#,
        ])
        #expect(issues(minimal("codeReferences:\n  - path: ~no-such-user-here/src\n")) == [
            #"config.yaml:5:11: codeReferences[0].path: "~no-such-user-here/src": there is no user "no-such-user-here" whose home ~no-such-user-here could stand for"#,
        ])
    }
}
