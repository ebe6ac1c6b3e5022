import FlagDeckConfig
import Testing
@testable import AccountDiscovery

/// include / exclude of a discovery block: OU ids (and the OUs above), name globs, ids.
@Suite struct AccountMatcherTests {
    static let payments = ListedAccount(id: "111122223333", name: "payments-prod",
                                        ancestors: ["ou-ab12-payments1", "ou-ab12-workload", "r-ab12"])
    static let sandbox = ListedAccount(id: "444455556666", name: "sandbox-alice",
                                       ancestors: ["ou-ab12-sandbox01", "r-ab12"])
    static let shared = ListedAccount(id: "777788889999", name: "Shared-Services", ancestors: ["r-ab12"])

    func selected(_ include: [String] = ["*"], _ exclude: [String] = []) -> [String] {
        let matcher = AccountMatcher(.init(include: include, exclude: exclude))
        return [Self.payments, Self.sandbox, Self.shared].filter(matcher.includes).map(\.name)
    }

    @Test func everythingByDefault() {
        #expect(selected() == ["payments-prod", "sandbox-alice", "Shared-Services"])
    }

    @Test func organizationalUnitsMatchTheDirectParentAndEveryOneAbove() {
        #expect(selected(["ou-ab12-payments1"]) == ["payments-prod"])
        #expect(selected(["ou-ab12-workload"]) == ["payments-prod"])
        #expect(selected(["ou-ab12-*"]) == ["payments-prod", "sandbox-alice"])
        #expect(selected(["r-ab12"]) == ["payments-prod", "sandbox-alice", "Shared-Services"])
        #expect(selected(["*"], ["ou-ab12-sandbox*"]) == ["payments-prod", "Shared-Services"])
    }

    @Test func namesAreCaseInsensitiveGlobsAndIdsMatchToo() {
        #expect(selected(["payments-*"]) == ["payments-prod"])
        #expect(selected(["shared-services"]) == ["Shared-Services"])
        #expect(selected(["111122223333", "7777*"]) == ["payments-prod", "Shared-Services"])
        #expect(selected(["*"], ["sandbox-*", "777788889999"]) == ["payments-prod"])
        #expect(selected(["pay?ents-prod"]) == ["payments-prod"])
    }

    @Test func excludeWinsOverInclude() {
        #expect(selected(["ou-ab12-*"], ["payments-prod"]) == ["sandbox-alice"])
    }

    @Test func globs() {
        #expect(Glob.matches("*", ""))
        #expect(Glob.matches("a*b*c", "axxbyyc"))
        #expect(!Glob.matches("a*b*c", "axxbyy"))
        #expect(Glob.matches("**x", "x"))
        #expect(!Glob.matches("?", ""))
    }

    @Test func onlyOuAndRootIdsAreOrganizational() {
        #expect(FlagDeckConfiguration.AccountFilter.isOrganizationalPattern("ou-ab12-*"))
        #expect(FlagDeckConfiguration.AccountFilter.isOrganizationalPattern("r-ab12"))
        #expect(!FlagDeckConfiguration.AccountFilter.isOrganizationalPattern("r-and-d"))
        #expect(!FlagDeckConfiguration.AccountFilter.isOrganizationalPattern("payments-*"))
    }
}
