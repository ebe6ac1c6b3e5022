/// `Application` shape.
public struct Application: Sendable, Hashable, Codable {
    public var id: String
    public var name: String
    public var description: String?

    public init(id: String, name: String, description: String? = nil) {
        self.id = id
        self.name = name
        self.description = description
    }

    enum CodingKeys: String, CodingKey {
        case id = "Id", name = "Name", description = "Description"
    }
}
