import Foundation

/// What flagdeck's own journal says about a change it made: who pressed the key (the OS
/// user or `--as`), and the reason they gave. Joined to a deployment by its environment
/// and number, to a version by its profile and number.
public struct JournalNote: Sendable, Hashable, Codable {
    /// `account/region/application/environment`, as the journal writes targets.
    public var target: String
    public var profile: String?
    public var deploymentNumber: Int?
    public var newVersion: Int?
    public var actor: String
    public var reason: String?
    public var flag: String?

    public init(target: String, profile: String?, deploymentNumber: Int?, newVersion: Int?, actor: String,
                reason: String?, flag: String?) {
        self.target = target
        self.profile = profile
        self.deploymentNumber = deploymentNumber
        self.newVersion = newVersion
        self.actor = actor
        self.reason = reason
        self.flag = flag
    }
}
