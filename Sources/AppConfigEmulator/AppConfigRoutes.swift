import FlagModel
import Foundation

/// The AppConfig control-plane operations: method + path → operation name and handler.
enum AppConfigRoutes {
    typealias Handler = @Sendable (EmulatorEngine, Scope, ReceivedRequest) throws -> WireResponse

    struct Match {
        var operation: String
        var mutates: Bool
        var handler: Handler
    }

    static func segments(_ rawPath: String) -> [String] {
        rawPath.split(separator: "/", omittingEmptySubsequences: true).map { String($0).removingPercentEncoding ?? String($0) }
    }

    static func versionNumber(_ s: String) throws -> Int {
        guard let n = Int(s) else { throw APIError.badRequest("Invalid version number \(s)") }
        return n
    }

    static func deploymentNumber(_ s: String) throws -> Int {
        guard let n = Int(s) else { throw APIError.badRequest("Invalid deployment number \(s)") }
        return n
    }

    // swiftlint:disable:next cyclomatic_complexity function_body_length
    static func match(method: String, path: String) -> Match? {
        let s = segments(path)
        let m = method.uppercased()
        func op(_ name: String, _ handler: @escaping Handler) -> Match { Match(operation: name, mutates: m != "GET", handler: handler) }

        switch (m, s.count) {
        case ("GET", 1) where s[0] == "applications":
            return op("ListApplications") { e, sc, r in
                let page = try Pagination.page(e.listApplications(sc), maxResults: r.query("max_results"), nextToken: r.query("next_token"))
                return .json(Shapes.list(page.items.map(Shapes.application), next: page.next))
            }
        case ("POST", 1) where s[0] == "applications":
            return op("CreateApplication") { e, sc, r in
                let b = try JSONBody(r.body)
                let a = try e.createApplication(sc, name: b.string("Name"), description: b.string("Description"), tags: b.stringMap("Tags"))
                return .json(Shapes.application(a), status: 201)
            }
        case ("GET", 2) where s[0] == "applications":
            return op("GetApplication") { e, sc, _ in .json(Shapes.application(try e.getApplication(sc, id: s[1]))) }
        case ("PATCH", 2) where s[0] == "applications":
            return op("UpdateApplication") { e, sc, r in
                let b = try JSONBody(r.body)
                return .json(Shapes.application(try e.updateApplication(sc, id: s[1], name: b.string("Name"), description: b.string("Description"))))
            }
        case ("DELETE", 2) where s[0] == "applications":
            return op("DeleteApplication") { e, sc, _ in try e.deleteApplication(sc, id: s[1]); return .empty(204) }

        case ("GET", 3) where s[0] == "applications" && s[2] == "environments":
            return op("ListEnvironments") { e, sc, r in
                let all = try e.listEnvironments(sc, applicationId: s[1])
                let page = try Pagination.page(all, maxResults: r.query("max_results"), nextToken: r.query("next_token"))
                return .json(Shapes.list(page.items.map { Shapes.environment($0, state: e.environmentState(sc, $0)) }, next: page.next))
            }
        case ("POST", 3) where s[0] == "applications" && s[2] == "environments":
            return op("CreateEnvironment") { e, sc, r in
                let b = try JSONBody(r.body)
                let env = try e.createEnvironment(sc, applicationId: s[1], name: b.string("Name"), description: b.string("Description"), monitors: b.monitors() ?? [])
                return .json(Shapes.environment(env, state: e.environmentState(sc, env)), status: 201)
            }
        case ("GET", 4) where s[0] == "applications" && s[2] == "environments":
            return op("GetEnvironment") { e, sc, _ in
                let env = try e.getEnvironment(sc, applicationId: s[1], id: s[3])
                return .json(Shapes.environment(env, state: e.environmentState(sc, env)))
            }
        case ("PATCH", 4) where s[0] == "applications" && s[2] == "environments":
            return op("UpdateEnvironment") { e, sc, r in
                let b = try JSONBody(r.body)
                let env = try e.updateEnvironment(sc, applicationId: s[1], id: s[3], name: b.string("Name"), description: b.string("Description"), monitors: b.monitors())
                return .json(Shapes.environment(env, state: e.environmentState(sc, env)))
            }
        case ("DELETE", 4) where s[0] == "applications" && s[2] == "environments":
            return op("DeleteEnvironment") { e, sc, _ in try e.deleteEnvironment(sc, applicationId: s[1], id: s[3]); return .empty(204) }

        case ("GET", 5) where s[0] == "applications" && s[2] == "environments" && s[4] == "deployments":
            return op("ListDeployments") { e, sc, r in
                let all = try e.listDeployments(sc, applicationId: s[1], environmentId: s[3])
                let page = try Pagination.page(all, maxResults: r.query("max_results"), nextToken: r.query("next_token"))
                return .json(Shapes.list(page.items.map { Shapes.deploymentSummary($0, DeploymentMath.progress($0, at: sc.now)) }, next: page.next))
            }
        case ("POST", 5) where s[0] == "applications" && s[2] == "environments" && s[4] == "deployments":
            return op("StartDeployment") { e, sc, r in
                let b = try JSONBody(r.body)
                let d = try e.startDeployment(sc, applicationId: s[1], environmentId: s[3], strategyId: b.string("DeploymentStrategyId"),
                                              profileId: b.string("ConfigurationProfileId"), configurationVersion: b.string("ConfigurationVersion"),
                                              description: b.string("Description"), kmsKeyIdentifier: b.string("KmsKeyIdentifier"))
                return .json(Shapes.deployment(d, DeploymentMath.progress(d, at: sc.now), region: sc.region, account: sc.accountId), status: 201)
            }
        case ("GET", 6) where s[0] == "applications" && s[2] == "environments" && s[4] == "deployments":
            return op("GetDeployment") { e, sc, _ in
                let d = try e.getDeployment(sc, applicationId: s[1], environmentId: s[3], number: try deploymentNumber(s[5]))
                return .json(Shapes.deployment(d, DeploymentMath.progress(d, at: sc.now), region: sc.region, account: sc.accountId))
            }
        case ("DELETE", 6) where s[0] == "applications" && s[2] == "environments" && s[4] == "deployments":
            return op("StopDeployment") { e, sc, r in
                let revert = (r.header("allow-revert") ?? "false").lowercased() == "true"
                let d = try e.stopDeployment(sc, applicationId: s[1], environmentId: s[3], number: try deploymentNumber(s[5]), allowRevert: revert)
                return .json(Shapes.deployment(d, DeploymentMath.progress(d, at: sc.now), region: sc.region, account: sc.accountId), status: 202)
            }

        case ("GET", 3) where s[0] == "applications" && s[2] == "configurationprofiles":
            return op("ListConfigurationProfiles") { e, sc, r in
                let all = try e.listProfiles(sc, applicationId: s[1], type: r.query("type"))
                let page = try Pagination.page(all, maxResults: r.query("max_results"), nextToken: r.query("next_token"))
                return .json(Shapes.list(page.items.map(Shapes.profileSummary), next: page.next))
            }
        case ("POST", 3) where s[0] == "applications" && s[2] == "configurationprofiles":
            return op("CreateConfigurationProfile") { e, sc, r in
                let b = try JSONBody(r.body)
                let p = try e.createProfile(sc, applicationId: s[1], name: b.string("Name"), description: b.string("Description"),
                                            locationUri: b.string("LocationUri"), retrievalRoleArn: b.string("RetrievalRoleArn"),
                                            validators: b.validators() ?? [], type: b.string("Type"), kmsKeyIdentifier: b.string("KmsKeyIdentifier"))
                return .json(Shapes.profile(p, region: sc.region, account: sc.accountId), status: 201)
            }
        case ("GET", 4) where s[0] == "applications" && s[2] == "configurationprofiles":
            return op("GetConfigurationProfile") { e, sc, _ in
                .json(Shapes.profile(try e.getProfile(sc, applicationId: s[1], id: s[3]), region: sc.region, account: sc.accountId))
            }
        case ("PATCH", 4) where s[0] == "applications" && s[2] == "configurationprofiles":
            return op("UpdateConfigurationProfile") { e, sc, r in
                let b = try JSONBody(r.body)
                let p = try e.updateProfile(sc, applicationId: s[1], id: s[3], name: b.string("Name"), description: b.string("Description"),
                                            retrievalRoleArn: b.string("RetrievalRoleArn"), validators: b.validators(),
                                            kmsKeyIdentifier: b.string("KmsKeyIdentifier"))
                return .json(Shapes.profile(p, region: sc.region, account: sc.accountId))
            }
        case ("DELETE", 4) where s[0] == "applications" && s[2] == "configurationprofiles":
            return op("DeleteConfigurationProfile") { e, sc, _ in try e.deleteProfile(sc, applicationId: s[1], id: s[3]); return .empty(204) }

        case ("GET", 5) where s[0] == "applications" && s[2] == "configurationprofiles" && s[4] == "hostedconfigurationversions":
            return op("ListHostedConfigurationVersions") { e, sc, r in
                let all = try e.listHostedVersions(sc, applicationId: s[1], profileId: s[3], versionLabel: r.query("version_label"))
                let page = try Pagination.page(all, maxResults: r.query("max_results"), nextToken: r.query("next_token"))
                return .json(Shapes.list(page.items.map(Shapes.versionSummary), next: page.next))
            }
        case ("POST", 5) where s[0] == "applications" && s[2] == "configurationprofiles" && s[4] == "hostedconfigurationversions":
            return op("CreateHostedConfigurationVersion") { e, sc, r in
                var latest: Int?
                if let h = r.header("latest-version-number") {
                    guard let n = Int(h.trimmingCharacters(in: .whitespaces)) else { throw APIError.badRequest("Invalid Latest-Version-Number header: \(h)") }
                    latest = n
                }
                let v = try e.createHostedVersion(sc, applicationId: s[1], profileId: s[3], content: Data(r.body),
                                                  contentType: r.header("content-type"), description: r.header("description"),
                                                  latestVersionNumber: latest, versionLabel: r.header("versionlabel"))
                return WireResponse(status: 201, headers: Shapes.versionHeaders(v), body: Array(v.content))
            }
        case ("GET", 6) where s[0] == "applications" && s[2] == "configurationprofiles" && s[4] == "hostedconfigurationversions":
            return op("GetHostedConfigurationVersion") { e, sc, _ in
                let v = try e.getHostedVersion(sc, applicationId: s[1], profileId: s[3], number: try versionNumber(s[5]))
                return WireResponse(status: 200, headers: Shapes.versionHeaders(v), body: Array(v.content))
            }
        case ("DELETE", 6) where s[0] == "applications" && s[2] == "configurationprofiles" && s[4] == "hostedconfigurationversions":
            return op("DeleteHostedConfigurationVersion") { e, sc, _ in
                try e.deleteHostedVersion(sc, applicationId: s[1], profileId: s[3], number: try versionNumber(s[5]))
                return .empty(204)
            }

        case ("GET", 1) where s[0] == "deploymentstrategies":
            return op("ListDeploymentStrategies") { e, sc, r in
                let page = try Pagination.page(e.listStrategies(sc), maxResults: r.query("max_results"), nextToken: r.query("next_token"))
                return .json(Shapes.list(page.items.map(Shapes.strategy), next: page.next))
            }
        case ("POST", 1) where s[0] == "deploymentstrategies":
            return op("CreateDeploymentStrategy") { e, sc, r in
                let b = try JSONBody(r.body)
                let st = try e.createStrategy(sc, name: b.string("Name"), description: b.string("Description"),
                                              durationMinutes: b.int("DeploymentDurationInMinutes"), finalBakeMinutes: b.int("FinalBakeTimeInMinutes"),
                                              growthFactor: b.double("GrowthFactor"), growthType: b.string("GrowthType"), replicateTo: b.string("ReplicateTo"))
                return .json(Shapes.strategy(st), status: 201)
            }
        case ("GET", 2) where s[0] == "deploymentstrategies":
            return op("GetDeploymentStrategy") { e, sc, _ in .json(Shapes.strategy(try e.getStrategy(sc, id: s[1]))) }
        default:
            return nil
        }
    }
}
