import FlagModel
import Foundation

/// Who is asking, where, and when: every engine operation runs in one (account, region)
/// at one instant of the virtual clock.
public struct Scope: Sendable {
    public var accountId: String
    public var region: String
    public var now: Date
    public init(accountId: String, region: String, now: Date) {
        self.accountId = accountId
        self.region = region
        self.now = now
    }
}

/// The AppConfig state machine, without HTTP: thread-safe, synchronous, and driven by
/// explicit timestamps so it is testable without a server or a clock.
public final class EmulatorEngine: @unchecked Sendable {
    /// Guards `world`; extensions in other files (accounts, organization) take it too.
    let lock = NSLock()
    var world: WorldState

    public init(accounts: [EmulatorAccount] = []) {
        world = WorldState()
        for a in accounts { addAccountLocked(a) }
    }

    func snapshot() -> WorldState { lock.withLock { world } }

    func replaceWorld(_ w: WorldState) { lock.withLock { world = w } }

    init(world: WorldState) {
        self.world = world
    }

    // MARK: region access

    func read<T>(_ scope: Scope, _ body: (RegionState) throws -> T) rethrows -> T {
        try lock.withLock {
            try body(world.regions[WorldState.key(scope.accountId, scope.region)] ?? RegionState())
        }
    }

    func write<T>(_ scope: Scope, _ body: (inout RegionState, inout SplitMix64) throws -> T) rethrows -> T {
        try lock.withLock {
            let key = WorldState.key(scope.accountId, scope.region)
            // Take the region out of the dictionary so mutations do not copy its arrays.
            // Operations validate before they mutate, so on error the region is unchanged.
            var region = world.regions.removeValue(forKey: key) ?? RegionState()
            var random = world.random
            do {
                let result = try body(&region, &random)
                world.regions[key] = region
                world.random = random
                return result
            } catch {
                world.regions[key] = region
                throw error
            }
        }
    }

    static func newId(_ random: inout SplitMix64, taken: (String) -> Bool) -> String {
        while true {
            let id = random.string(length: 7, alphabet: SplitMix64.lowerAlnum)
            if !taken(id) { return id }
        }
    }

    // MARK: validation helpers

    static func checkName(_ name: String?, member: String = "name", max: Int = 64) throws -> String {
        guard let name else { throw APIError.badRequest("1 validation error detected: Value null at '\(member)' failed to satisfy constraint: Member must not be null") }
        if name.isEmpty || name.count > max {
            throw APIError.validation(name, member: member, constraint: "Member must have length between 1 and \(max)")
        }
        return name
    }

    static func checkDescription(_ d: String?) throws {
        if let d, d.count > 1024 {
            throw APIError.validation(d, member: "description", constraint: "Member must have length less than or equal to 1024")
        }
    }

    static func app(_ r: RegionState, _ id: String) throws -> ApplicationRecord {
        guard let a = r.applications.first(where: { $0.id == id }) else {
            throw APIError.notFound("Application \(id) not found", resource: id)
        }
        return a
    }

    static func env(_ r: RegionState, _ app: String, _ id: String) throws -> EnvironmentRecord {
        _ = try self.app(r, app)
        guard let e = r.environments.first(where: { $0.applicationId == app && $0.id == id }) else {
            throw APIError.notFound("Environment \(id) not found", resource: id)
        }
        return e
    }

    static func profile(_ r: RegionState, _ app: String, _ id: String) throws -> ProfileRecord {
        _ = try self.app(r, app)
        guard let p = r.profiles.first(where: { $0.applicationId == app && $0.id == id }) else {
            throw APIError.notFound("Configuration profile \(id) not found", resource: id)
        }
        return p
    }

    // MARK: applications

    func createApplication(_ s: Scope, name: String?, description: String?, tags: [String: String] = [:]) throws -> ApplicationRecord {
        let name = try Self.checkName(name)
        try Self.checkDescription(description)
        return write(s) { r, rnd in
            let id = Self.newId(&rnd) { id in r.applications.contains { $0.id == id } }
            let a = ApplicationRecord(id: id, name: name, description: description, tags: tags)
            r.applications.append(a)
            return a
        }
    }

    func listApplications(_ s: Scope) -> [ApplicationRecord] { read(s) { $0.applications } }

    func getApplication(_ s: Scope, id: String) throws -> ApplicationRecord { try read(s) { try Self.app($0, id) } }

    func updateApplication(_ s: Scope, id: String, name: String?, description: String?) throws -> ApplicationRecord {
        if let name { _ = try Self.checkName(name) }
        try Self.checkDescription(description)
        return try write(s) { r, _ in
            _ = try Self.app(r, id)
            let i = r.applications.firstIndex { $0.id == id }!
            if let name { r.applications[i].name = name }
            if let description { r.applications[i].description = description }
            return r.applications[i]
        }
    }

    func deleteApplication(_ s: Scope, id: String) throws {
        try write(s) { r, _ in
            _ = try Self.app(r, id)
            if r.deployments.contains(where: { $0.applicationId == id && DeploymentMath.isInProgress($0, at: s.now) }) {
                throw APIError.conflict("Application \(id) has a deployment in progress")
            }
            r.applications.removeAll { $0.id == id }
            r.environments.removeAll { $0.applicationId == id }
            r.profiles.removeAll { $0.applicationId == id }
            r.versions.removeAll { $0.applicationId == id }
            r.deployments.removeAll { $0.applicationId == id }
        }
    }

    // MARK: environments

    func createEnvironment(_ s: Scope, applicationId: String, name: String?, description: String?, monitors: [MonitorRecord]) throws -> EnvironmentRecord {
        let name = try Self.checkName(name)
        try Self.checkDescription(description)
        if monitors.count > 5 { throw APIError.validation("\(monitors.count)", member: "monitors", constraint: "Member must have length less than or equal to 5") }
        return try write(s) { r, rnd in
            _ = try Self.app(r, applicationId)
            let id = Self.newId(&rnd) { id in r.environments.contains { $0.id == id } }
            let e = EnvironmentRecord(applicationId: applicationId, id: id, name: name, description: description, monitors: monitors)
            r.environments.append(e)
            return e
        }
    }

    func listEnvironments(_ s: Scope, applicationId: String) throws -> [EnvironmentRecord] {
        try read(s) { r in
            _ = try Self.app(r, applicationId)
            return r.environments.filter { $0.applicationId == applicationId }
        }
    }

    func getEnvironment(_ s: Scope, applicationId: String, id: String) throws -> EnvironmentRecord {
        try read(s) { try Self.env($0, applicationId, id) }
    }

    func updateEnvironment(_ s: Scope, applicationId: String, id: String, name: String?, description: String?, monitors: [MonitorRecord]?) throws -> EnvironmentRecord {
        if let name { _ = try Self.checkName(name) }
        try Self.checkDescription(description)
        return try write(s) { r, _ in
            _ = try Self.env(r, applicationId, id)
            let i = r.environments.firstIndex { $0.applicationId == applicationId && $0.id == id }!
            if let name { r.environments[i].name = name }
            if let description { r.environments[i].description = description }
            if let monitors { r.environments[i].monitors = monitors }
            return r.environments[i]
        }
    }

    func deleteEnvironment(_ s: Scope, applicationId: String, id: String) throws {
        try write(s) { r, _ in
            _ = try Self.env(r, applicationId, id)
            if r.deployments.contains(where: { $0.applicationId == applicationId && $0.environmentId == id && DeploymentMath.isInProgress($0, at: s.now) }) {
                throw APIError.conflict("Environment \(id) has a deployment in progress")
            }
            r.environments.removeAll { $0.applicationId == applicationId && $0.id == id }
            r.deployments.removeAll { $0.applicationId == applicationId && $0.environmentId == id }
        }
    }

    /// READY_FOR_DEPLOYMENT, DEPLOYING, ROLLED_BACK or REVERTED, from the latest deployment.
    func environmentState(_ r: RegionState, _ e: EnvironmentRecord, now: Date) -> String {
        let latest = r.deployments.last { $0.applicationId == e.applicationId && $0.environmentId == e.id }
        guard let latest else { return "READY_FOR_DEPLOYMENT" }
        switch DeploymentMath.progress(latest, at: now).state {
        case "DEPLOYING", "BAKING", "VALIDATING": return "DEPLOYING"
        case "ROLLING_BACK": return "ROLLING_BACK"
        case "ROLLED_BACK": return "ROLLED_BACK"
        case "REVERTED": return "REVERTED"
        default: return "READY_FOR_DEPLOYMENT"
        }
    }

    func environmentState(_ s: Scope, _ e: EnvironmentRecord) -> String {
        read(s) { environmentState($0, e, now: s.now) }
    }

    // MARK: configuration profiles

    func createProfile(_ s: Scope, applicationId: String, name: String?, description: String?, locationUri: String?,
                       retrievalRoleArn: String?, validators: [ValidatorRecord], type: String?, kmsKeyIdentifier: String?) throws -> ProfileRecord {
        let name = try Self.checkName(name, max: 128)
        try Self.checkDescription(description)
        guard let locationUri, !locationUri.isEmpty else {
            throw APIError.badRequest("1 validation error detected: Value null at 'locationUri' failed to satisfy constraint: Member must not be null")
        }
        let type = type ?? ProfileType.freeform
        guard type == ProfileType.featureFlags || type == ProfileType.freeform else {
            throw APIError.badRequest("Invalid configuration profile type \(type). Valid types are AWS.AppConfig.FeatureFlags and AWS.Freeform")
        }
        if type == ProfileType.featureFlags && locationUri != "hosted" {
            throw APIError.badRequest("Feature flag configuration profiles must use the hosted configuration store (LocationUri \"hosted\")")
        }
        if validators.count > 2 { throw APIError.validation("\(validators.count)", member: "validators", constraint: "Member must have length less than or equal to 2") }
        return try write(s) { r, rnd in
            _ = try Self.app(r, applicationId)
            let id = Self.newId(&rnd) { id in r.profiles.contains { $0.id == id } }
            let p = ProfileRecord(applicationId: applicationId, id: id, name: name, description: description, locationUri: locationUri,
                                  retrievalRoleArn: retrievalRoleArn, validators: validators, type: type, kmsKeyIdentifier: kmsKeyIdentifier)
            r.profiles.append(p)
            return p
        }
    }

    func listProfiles(_ s: Scope, applicationId: String, type: String?) throws -> [ProfileRecord] {
        try read(s) { r in
            _ = try Self.app(r, applicationId)
            return r.profiles.filter { $0.applicationId == applicationId && (type == nil || $0.type == type) }
        }
    }

    func getProfile(_ s: Scope, applicationId: String, id: String) throws -> ProfileRecord {
        try read(s) { try Self.profile($0, applicationId, id) }
    }

    func updateProfile(_ s: Scope, applicationId: String, id: String, name: String?, description: String?,
                       retrievalRoleArn: String?, validators: [ValidatorRecord]?, kmsKeyIdentifier: String?) throws -> ProfileRecord {
        if let name { _ = try Self.checkName(name, max: 128) }
        try Self.checkDescription(description)
        return try write(s) { r, _ in
            _ = try Self.profile(r, applicationId, id)
            let i = r.profiles.firstIndex { $0.applicationId == applicationId && $0.id == id }!
            if let name { r.profiles[i].name = name }
            if let description { r.profiles[i].description = description }
            if let retrievalRoleArn { r.profiles[i].retrievalRoleArn = retrievalRoleArn }
            if let validators { r.profiles[i].validators = validators }
            if let kmsKeyIdentifier { r.profiles[i].kmsKeyIdentifier = kmsKeyIdentifier.isEmpty ? nil : kmsKeyIdentifier }
            return r.profiles[i]
        }
    }

    func deleteProfile(_ s: Scope, applicationId: String, id: String) throws {
        try write(s) { r, _ in
            _ = try Self.profile(r, applicationId, id)
            if r.deployments.contains(where: { $0.applicationId == applicationId && $0.configurationProfileId == id && DeploymentMath.isInProgress($0, at: s.now) }) {
                throw APIError.conflict("Configuration profile \(id) has a deployment in progress")
            }
            r.profiles.removeAll { $0.applicationId == applicationId && $0.id == id }
            r.versions.removeAll { $0.applicationId == applicationId && $0.configurationProfileId == id }
        }
    }

    // MARK: deployment strategies

    static let predefinedStrategies: [StrategyRecord] = [
        StrategyRecord(id: "AppConfig.AllAtOnce", name: "AppConfig.AllAtOnce", description: "Quick",
                       deploymentDurationInMinutes: 0, growthType: "LINEAR", growthFactor: 100, finalBakeTimeInMinutes: 10, replicateTo: "NONE"),
        StrategyRecord(id: "AppConfig.Linear50PercentEvery30Seconds", name: "AppConfig.Linear50PercentEvery30Seconds",
                       description: "Test/Demo", deploymentDurationInMinutes: 1, growthType: "LINEAR", growthFactor: 50,
                       finalBakeTimeInMinutes: 1, replicateTo: "NONE"),
        StrategyRecord(id: "AppConfig.Canary10Percent20Minutes", name: "AppConfig.Canary10Percent20Minutes",
                       description: "AWS Recommended", deploymentDurationInMinutes: 20, growthType: "EXPONENTIAL", growthFactor: 10,
                       finalBakeTimeInMinutes: 10, replicateTo: "NONE"),
        StrategyRecord(id: "AppConfig.Linear20PercentEvery6Minutes", name: "AppConfig.Linear20PercentEvery6Minutes",
                       description: "AWS Recommended", deploymentDurationInMinutes: 30, growthType: "LINEAR", growthFactor: 20,
                       finalBakeTimeInMinutes: 30, replicateTo: "NONE"),
    ]

    func createStrategy(_ s: Scope, name: String?, description: String?, durationMinutes: Int?, finalBakeMinutes: Int?,
                        growthFactor: Double?, growthType: String?, replicateTo: String?) throws -> StrategyRecord {
        let name = try Self.checkName(name)
        try Self.checkDescription(description)
        guard let durationMinutes else { throw APIError.badRequest("1 validation error detected: Value null at 'deploymentDurationInMinutes' failed to satisfy constraint: Member must not be null") }
        guard let growthFactor else { throw APIError.badRequest("1 validation error detected: Value null at 'growthFactor' failed to satisfy constraint: Member must not be null") }
        guard (0...1440).contains(durationMinutes) else { throw APIError.validation("\(durationMinutes)", member: "deploymentDurationInMinutes", constraint: "Member must have value between 0 and 1440") }
        let bake = finalBakeMinutes ?? 0
        guard (0...1440).contains(bake) else { throw APIError.validation("\(bake)", member: "finalBakeTimeInMinutes", constraint: "Member must have value between 0 and 1440") }
        guard growthFactor >= 1 && growthFactor <= 100 else { throw APIError.validation("\(growthFactor)", member: "growthFactor", constraint: "Member must have value between 1.0 and 100.0") }
        let growthType = growthType ?? "LINEAR"
        guard growthType == "LINEAR" || growthType == "EXPONENTIAL" else { throw APIError.validation(growthType, member: "growthType", constraint: "Member must satisfy enum value set: [EXPONENTIAL, LINEAR]") }
        let replicateTo = replicateTo ?? "NONE"
        guard replicateTo == "NONE" || replicateTo == "SSM_DOCUMENT" else { throw APIError.validation(replicateTo, member: "replicateTo", constraint: "Member must satisfy enum value set: [NONE, SSM_DOCUMENT]") }
        return write(s) { r, rnd in
            let id = Self.newId(&rnd) { id in r.strategies.contains { $0.id == id } }
            let st = StrategyRecord(id: id, name: name, description: description, deploymentDurationInMinutes: durationMinutes,
                                    growthType: growthType, growthFactor: growthFactor, finalBakeTimeInMinutes: bake, replicateTo: replicateTo)
            r.strategies.append(st)
            return st
        }
    }

    func listStrategies(_ s: Scope) -> [StrategyRecord] { Self.predefinedStrategies + read(s) { $0.strategies } }

    func getStrategy(_ s: Scope, id: String) throws -> StrategyRecord {
        if let p = Self.predefinedStrategies.first(where: { $0.id == id }) { return p }
        return try read(s) { r in
            guard let st = r.strategies.first(where: { $0.id == id }) else {
                throw APIError.notFound("Deployment strategy \(id) not found", resource: id)
            }
            return st
        }
    }

    // MARK: bulk access for seeds and tests

    func regionKeys() -> [String] { lock.withLock { Array(world.regions.keys).sorted() } }
}
