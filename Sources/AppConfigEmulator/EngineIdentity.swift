import Foundation

/// Who exists in the emulated world: accounts and their keys, STS/SSO sessions, the
/// organization, and which IAM roles can be assumed where.
extension EmulatorEngine {
    public var accounts: [EmulatorAccount] { lock.withLock { world.accounts } }

    public func addAccount(_ account: EmulatorAccount) {
        lock.withLock { addAccountLocked(account) }
    }

    func addAccountLocked(_ account: EmulatorAccount) {
        if let i = world.accounts.firstIndex(where: { $0.accessKeyId == account.accessKeyId }) {
            world.accounts[i] = account
        } else {
            world.accounts.append(account)
        }
    }

    /// The AWS Organization of a synthetic seed (nil for demo/empty seeds).
    public var organization: EmulatorOrganization? { lock.withLock { world.organization } }

    func setOrganization(_ organization: EmulatorOrganization?) {
        lock.withLock { world.organization = organization }
    }

    enum Principal: Sendable {
        case account(EmulatorAccount)
        case session(SessionRecord)

        var accountId: String {
            switch self {
            case .account(let a): a.accountId
            case .session(let s): s.accountId
            }
        }
        var secret: String {
            switch self {
            case .account(let a): a.secretAccessKey
            case .session(let s): s.secretAccessKey
            }
        }
        /// The ARN AWS names this caller by in error messages and GetCallerIdentity.
        var arn: String {
            switch self {
            case .account(let a): "arn:aws:iam::\(a.accountId):user/\(a.name)"
            case .session(let s): "arn:aws:sts::\(s.accountId):assumed-role/\(s.roleName)/\(s.sessionName)"
            }
        }
    }

    func principal(accessKeyId: String) -> Principal? {
        lock.withLock {
            if let a = world.accounts.first(where: { $0.accessKeyId == accessKeyId }) { return .account(a) }
            if let s = world.sessions.first(where: { $0.accessKeyId == accessKeyId }) { return .session(s) }
            return nil
        }
    }

    /// Whether `sts:AssumeRole` into `roleName` of `accountId` succeeds. Accounts outside an
    /// organization (demo seed, `--credentials`) accept any role name; organization accounts
    /// only the roles they have, and a suspended account none.
    func mayAssume(roleName: String, inAccount accountId: String) -> Bool {
        lock.withLock {
            guard world.accounts.contains(where: { $0.accountId == accountId }) else { return false }
            guard let member = world.organization?.account(accountId) else { return true }
            return member.status == "ACTIVE" && member.roles.contains(roleName)
        }
    }

    func createSession(accountId: String, roleName: String, sessionName: String, duration: TimeInterval, now: Date) -> SessionRecord {
        lock.withLock {
            var r = world.random
            let s = SessionRecord(
                accessKeyId: "ASIA" + r.string(length: 16, alphabet: SplitMix64.upperAlnum),
                secretAccessKey: "emu" + r.string(length: 37, alphabet: SplitMix64.secretChars),
                sessionToken: "EMULATORSESSION" + r.string(length: 120, alphabet: SplitMix64.secretChars),
                accountId: accountId, roleName: roleName, sessionName: sessionName,
                expiration: now.addingTimeInterval(duration))
            world.random = r
            // Forget long-expired sessions so the state file stays small.
            world.sessions.removeAll { $0.expiration < now.addingTimeInterval(-86_400) }
            world.sessions.append(s)
            return s
        }
    }
}
