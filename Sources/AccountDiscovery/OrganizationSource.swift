import AWSCore
import FlagDeckConfig
import Foundation

/// Lists an organization: who we are, which account manages it, every ACTIVE account
/// and the chain of OUs above each (ListParents per account, then once per OU).
struct OrganizationSource: Sendable {
    let settings: FlagDeckConfiguration.Organization
    /// The organization profile's client (read-only).
    let client: AWSClient
    let stsRegion: String

    /// Organizations' documented limits are low: a few calls at a time, the rate limiter does the rest.
    static let concurrency = 4

    var description: String { "organization (\(Self.profileLabel(settings.profile)))" }

    var cacheKey: String { "organization|profile=\(settings.profile ?? "")|endpoint=\(settings.endpoint ?? "")" }

    static func profileLabel(_ profile: String?) -> String {
        profile.map { "profile \($0)" } ?? "the default credentials"
    }

    var organizations: OrganizationsClient {
        OrganizationsClient(aws: client, region: GlobalServiceRegion.forPartition(of: stsRegion))
    }

    func list() async throws -> DiscoveryListing {
        let caller: CallerIdentity
        do {
            caller = try await client.sts(region: stsRegion).getCallerIdentity()
        } catch {
            throw DiscoveryStep("sts:GetCallerIdentity with \(Self.profileLabel(settings.profile))", error)
        }
        let orgs = organizations
        let all: [OrganizationsClient.Account]
        do {
            all = try await orgs.listAccounts()
        } catch {
            throw DiscoveryStep("organizations:ListAccounts", error, hint: Self.listHint(error))
        }
        // Only informative (which account is the management one): a refusal costs nothing else.
        let management = try? await orgs.describeOrganization().managementAccountId
        let active = all.filter { $0.state == "ACTIVE" }
        let ancestors = try await self.ancestors(of: active.map(\.id), orgs: orgs)
        let accounts = active.map { ListedAccount(id: $0.id, name: $0.name, ancestors: ancestors[$0.id] ?? []) }
        return DiscoveryListing(managementAccountId: management, callerAccountId: caller.account,
                                partition: Self.partition(ofArn: caller.arn), accounts: accounts,
                                inactive: all.count - active.count)
    }

    /// Per account, its parents up to the root. OUs are shared by many accounts, so each
    /// OU's own parent is asked once: accounts + distinct OUs calls in all.
    private func ancestors(of accountIds: [String], orgs: OrganizationsClient) async throws -> [String: [String]] {
        let direct = try await parents(of: accountIds, orgs: orgs)
        var ouParent: [String: String] = [:]
        var frontier = Set(direct.values.filter { $0.hasPrefix("ou-") })
        // AWS allows five levels of OUs; the bound only guards against a cycle in a bad answer.
        for _ in 0..<10 where !frontier.isEmpty {
            let found = try await parents(of: Array(frontier).sorted(), orgs: orgs)
            ouParent.merge(found) { first, _ in first }
            frontier = Set(found.values.filter { $0.hasPrefix("ou-") && ouParent[$0] == nil })
        }
        var out: [String: [String]] = [:]
        for (account, parent) in direct {
            var chain = [parent]
            while let last = chain.last, let up = ouParent[last], !chain.contains(up) { chain.append(up) }
            out[account] = chain
        }
        return out
    }

    private func parents(of children: [String], orgs: OrganizationsClient) async throws -> [String: String] {
        let results = await boundedMap(children, limit: Self.concurrency) { child -> ParentLookup in
            do {
                return ParentLookup(child: child, result: .success(try await orgs.listParents(childId: child).first?.id))
            } catch {
                return ParentLookup(child: child, result: .failure(error))
            }
        }
        var out: [String: String] = [:]
        for lookup in results {
            switch lookup.result {
            case .success(let parent?): out[lookup.child] = parent
            case .success(nil): break
            case .failure(let error): throw DiscoveryStep("organizations:ListParents \(lookup.child)", error)
            }
        }
        return out
    }

    static func partition(ofArn arn: String) -> String {
        let parts = arn.split(separator: ":", omittingEmptySubsequences: false)
        return parts.count > 1 && parts[1].hasPrefix("aws") ? String(parts[1]) : "aws"
    }

    static func listHint(_ error: Error) -> String? {
        guard let aws = error as? AWSError else { return nil }
        switch aws.code {
        case "AccessDeniedException", "AccessDenied":
            return "the profile must be in the management account or a delegated administrator account, "
                + "with organizations:ListAccounts, ListParents and DescribeOrganization allowed"
        case "AWSOrganizationsNotInUseException":
            return "the profile's account is not in an organization: list the accounts under `accounts:` instead"
        default:
            return nil
        }
    }

    func roleArn(accountId: String, partition: String) -> String {
        "arn:\(partition):iam::\(accountId):role/\(settings.roleName)"
    }
}

struct ParentLookup: Sendable {
    var child: String
    var result: Result<String?, Error>
}

/// One failed step of a discovery, worded for `DiscoveryError`: which call, what came back,
/// what to do. Error texts carry no secrets (AWSError and CredentialsError never do).
struct DiscoveryStep: Error, CustomStringConvertible {
    var step: String
    var error: Error
    var hint: String?

    init(_ step: String, _ error: Error, hint: String? = nil) {
        self.step = step
        self.error = error
        self.hint = hint
    }

    var description: String {
        let what = String(describing: error).replacingOccurrences(of: "\n", with: " ")
        return "\(step) failed: \(what)" + (hint.map { " (\($0))" } ?? "")
    }
}
