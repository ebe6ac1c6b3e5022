import FlagModel

extension HeaderInfo {
    /// The header's account counts from a snapshot, with the meaning of the discovery
    /// summary's: an account is unreadable when nothing of it was read now (only
    /// whole-account/region failures and, at most, last known values), scanned otherwise.
    /// `discoveredAccounts` is left as it is: only discovery knows it.
    mutating func count(accountsOf snapshot: FleetSnapshot) {
        var read = Set<String>()
        var all = Set<String>()
        for environment in snapshot.environments {
            all.insert(environment.id.accountName)
            if environment.lastReadAt == nil { read.insert(environment.id.accountName) }
        }
        var failedWhole = Set<String>()
        for part in snapshot.unreadable {
            all.insert(part.account)
            // An application that failed was listed: its account was read.
            if part.application == nil { failedWhole.insert(part.account) } else { read.insert(part.account) }
        }
        let unreadable = failedWhole.subtracting(read)
        scannedAccounts = all.count - unreadable.count
        unreadableAccounts = unreadable.count
        otherFailures = snapshot.unreadable.filter { !unreadable.contains($0.account) }.count
        accounts = all.count
    }
}
