/// Where a value sits in the document, spelled the way users write it back:
/// `accounts[1].regions[0]`.
struct ConfigPath: Sendable, Hashable, CustomStringConvertible {
    private(set) var description: String = ""

    static let root = ConfigPath()

    func key(_ name: String) -> ConfigPath {
        ConfigPath(description: description.isEmpty ? name : description + "." + name)
    }

    func index(_ i: Int) -> ConfigPath {
        ConfigPath(description: description + "[\(i)]")
    }
}
