/// The commercial AWS regions as Account Management's ListRegions reports them: the 17
/// enabled by default in every account, and the opt-in ones, DISABLED unless the account
/// uses them (then ENABLED).
enum RegionCatalog {
    static let enabledByDefault = [
        "ap-northeast-1", "ap-northeast-2", "ap-northeast-3", "ap-south-1", "ap-southeast-1", "ap-southeast-2",
        "ca-central-1", "eu-central-1", "eu-north-1", "eu-west-1", "eu-west-2", "eu-west-3", "sa-east-1",
        "us-east-1", "us-east-2", "us-west-1", "us-west-2",
    ]
    static let optIn = [
        "af-south-1", "ap-east-1", "ap-east-2", "ap-south-2", "ap-southeast-3", "ap-southeast-4", "ap-southeast-5",
        "ap-southeast-6", "ap-southeast-7", "ca-west-1", "eu-central-2", "eu-south-1", "eu-south-2", "il-central-1",
        "me-central-1", "me-south-1", "mx-central-1",
    ]
    static let statuses = ["ENABLED", "ENABLING", "DISABLING", "DISABLED", "ENABLED_BY_DEFAULT"]

    /// Every region with its opt-in status for an account that uses `used`, by name.
    static func regions(used: [String]) -> [(name: String, status: String)] {
        let known = Set(enabledByDefault + optIn)
        var out = enabledByDefault.map { (name: $0, status: "ENABLED_BY_DEFAULT") }
        out += optIn.map { (name: $0, status: used.contains($0) ? "ENABLED" : "DISABLED") }
        out += Set(used).subtracting(known).map { (name: $0, status: "ENABLED") }
        return out.sorted { $0.name < $1.name }
    }
}
