/// `Environment` shape.
public struct Environment: Sendable, Hashable, Codable {
    public var applicationId: String
    public var id: String
    public var name: String
    public var description: String?
    public var state: EnvironmentState?
    public var monitors: [Monitor]

    public init(applicationId: String, id: String, name: String, description: String? = nil,
                state: EnvironmentState? = nil, monitors: [Monitor] = []) {
        self.applicationId = applicationId
        self.id = id
        self.name = name
        self.description = description
        self.state = state
        self.monitors = monitors
    }

    enum CodingKeys: String, CodingKey {
        case applicationId = "ApplicationId", id = "Id", name = "Name", description = "Description"
        case state = "State", monitors = "Monitors"
    }

    public init(from decoder: any Decoder) throws {
        let c = try decoder.container(keyedBy: CodingKeys.self)
        applicationId = try c.decode(String.self, forKey: .applicationId)
        id = try c.decode(String.self, forKey: .id)
        name = try c.decode(String.self, forKey: .name)
        description = try c.decodeIfPresent(String.self, forKey: .description)
        state = try c.decodeIfPresent(EnvironmentState.self, forKey: .state)
        monitors = try c.decodeIfPresent([Monitor].self, forKey: .monitors) ?? []
    }
}

/// A CloudWatch alarm that rolls a deployment back.
public struct Monitor: Sendable, Hashable, Codable {
    public var alarmArn: String
    public var alarmRoleArn: String?

    public init(alarmArn: String, alarmRoleArn: String? = nil) {
        self.alarmArn = alarmArn
        self.alarmRoleArn = alarmRoleArn
    }

    enum CodingKeys: String, CodingKey {
        case alarmArn = "AlarmArn", alarmRoleArn = "AlarmRoleArn"
    }
}
