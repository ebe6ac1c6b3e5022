/// How many accounts a scan of a discovered fleet covered, for the header and the Fleet
/// view: `discovered` came from AWS Organizations / IAM Identity Center (after include and
/// exclude); of every account of the fleet (listed in the file or discovered),
/// `scanned` had at least one region read and `unreadable` had none (a role that cannot
/// be assumed, regions unknown...). `scanned + unreadable` is the fleet's size.
public struct DiscoverySummary: Sendable, Hashable, Codable {
    public var discovered: Int
    public var scanned: Int
    public var unreadable: Int

    public init(discovered: Int, scanned: Int, unreadable: Int) {
        self.discovered = discovered
        self.scanned = scanned
        self.unreadable = unreadable
    }
}
