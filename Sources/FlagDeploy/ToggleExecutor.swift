import AWSCore
import AppConfigClient
import FlagModel
import Foundation

/// Carries out a confirmed plan: checks each environment again, creates the new versions
/// under optimistic locking, starts the deployments concurrently, journals every result.
///
/// It never retries a conflict and never overwrites: a version created by someone else
/// between plan and execution stops that profile and is reported with what it changed.
/// In read-only mode AWSCore's guard refuses the first write, which comes back as
/// `.refused` for every environment; nothing is written.
public struct ToggleExecutor: Sendable {
    public var clients: AppConfigClients
    public var journal: (any ActionJournal)?

    public init(clients: AppConfigClients, journal: (any ActionJournal)? = nil) {
        self.clients = clients
        self.journal = journal
    }

    public func execute(_ plan: TogglePlan) async -> ToggleReport {
        var outcomes = [ToggleOutcome?](repeating: nil, count: plan.steps.count)
        // The plan may be minutes old: what is deployed, and is anything running?
        let preflight = await withTaskGroup(of: (Int, ToggleOutcome?).self) { group in
            for (i, step) in plan.steps.enumerated() {
                group.addTask { (i, await check(step)) }
            }
            return await group.reduce(into: [(Int, ToggleOutcome?)]()) { $0.append($1) }
        }
        for (i, outcome) in preflight { outcomes[i] = outcome }

        let needed = Set(plan.steps.indices.filter { outcomes[$0] == nil }.map { plan.steps[$0].versionIndex })
        let versions = await createVersions(plan, needed: needed)
        var created: [Int: Int] = [:]
        for (index, result) in versions {
            if case .created(let n) = result { created[index] = n }
        }
        for i in plan.steps.indices where outcomes[i] == nil {
            switch versions[plan.steps[i].versionIndex] {
            case .conflict(let c)?: outcomes[i] = .conflict(c)
            case .failed(let why)?: outcomes[i] = .failed(why, createdVersion: nil)
            case .refused(let why)?: outcomes[i] = .refused(why)
            case .created?, nil: break
            }
        }

        let deployments = await withTaskGroup(of: (Int, ToggleOutcome).self) { group in
            for (i, step) in plan.steps.enumerated() where outcomes[i] == nil {
                guard let version = created[step.versionIndex] else { continue }
                group.addTask { (i, await deploy(step, version: version)) }
            }
            return await group.reduce(into: [(Int, ToggleOutcome)]()) { $0.append($1) }
        }
        for (i, outcome) in deployments { outcomes[i] = outcome }

        var results: [EnvironmentResult] = []
        for (i, step) in plan.steps.enumerated() {
            results.append(EnvironmentResult(environment: step.environment,
                                             outcome: outcomes[i] ?? .failed("not attempted", createdVersion: nil)))
        }
        let problems = await journalResults(plan, results: results, created: created)
        return ToggleReport(plan: plan, results: results, createdVersions: created, journalProblems: problems)
    }

    // MARK: - steps

    private func check(_ step: PlannedStep) async -> ToggleOutcome? {
        let t = step.target
        do {
            let live = try await LiveReader(client: try clients.client(for: t.environment))
                .environment(applicationId: t.applicationId, environmentId: t.environmentId, profileId: t.profileId)
            if let running = live.running {
                return .deploymentInProgress(running, ref(step, running.deploymentNumber))
            }
            if live.deployedVersion != step.baseVersion {
                return .baseChanged(planned: step.baseVersion, deployedNow: live.deployedVersion)
            }
            return nil
        } catch {
            return .failed("cannot read the environment's deployments: \(ErrorText.describe(error))", createdVersion: nil)
        }
    }

    enum VersionResult: Sendable {
        case created(Int)
        case conflict(VersionConflict)
        case failed(String)
        case refused(String)
    }

    /// Profiles in parallel; within a profile one after the other, each locked on the
    /// previous one, so our own second version is not mistaken for someone else's.
    private func createVersions(_ plan: TogglePlan, needed: Set<Int>) async -> [Int: VersionResult] {
        let byProfile = Dictionary(grouping: needed.sorted()) { plan.versions[$0].profile }
        return await withTaskGroup(of: [Int: VersionResult].self) { group in
            for (_, indices) in byProfile {
                group.addTask { await createChain(plan, indices) }
            }
            return await group.reduce(into: [Int: VersionResult]()) { $0.merge($1) { a, _ in a } }
        }
    }

    private func createChain(_ plan: TogglePlan, _ indices: [Int]) async -> [Int: VersionResult] {
        var results: [Int: VersionResult] = [:]
        guard let first = indices.first else { return results }
        let profile = plan.versions[first].profile
        let environment = plan.steps.first { $0.versionIndex == first }!.environment
        let client: AppConfigClient
        do {
            client = try clients.client(for: environment)
        } catch {
            for i in indices { results[i] = .failed(error.description) }
            return results
        }
        var latest = plan.versions[first].latestKnownVersion
        var latestDocument = plan.versions[first].latestKnownDocument
        for (position, index) in indices.enumerated() {
            let version = plan.versions[index]
            do {
                let made = try await client.createHostedConfigurationVersion(
                    applicationId: profile.applicationId, profileId: profile.profileId,
                    content: Data(version.content.utf8), contentType: "application/json",
                    description: version.description, versionLabel: version.versionLabel,
                    latestVersionNumber: latest ?? 0)
                results[index] = .created(made.versionNumber)
                latest = made.versionNumber
                latestDocument = version.document
            } catch {
                let result: VersionResult
                if ErrorText.isReadOnly(error) {
                    result = .refused(ErrorText.describe(error))
                } else if let e = error as? AppConfigError, e.isConflict {
                    result = await explainConflict(client, version, sentLatest: latest, knownDocument: latestDocument, error: e)
                } else {
                    result = .failed("cannot create the new version of \(version.profileName): \(ErrorText.describe(error))")
                }
                // Later versions of this profile were locked on this one; they cannot go either.
                for later in indices[position...] { results[later] = result }
                break
            }
        }
        return results
    }

    private func explainConflict(_ client: AppConfigClient, _ version: PlannedVersion, sentLatest: Int?,
                                 knownDocument: FeatureFlagDocument?, error: AppConfigError) async -> VersionResult {
        let reader = LiveReader(client: client)
        let p = version.profile
        do {
            guard let now = try await reader.latestVersionNumber(applicationId: p.applicationId, profileId: p.profileId),
                  now != (sentLatest ?? 0) else {
                // Same latest: the service refused for another reason (a duplicate label, say).
                return .failed("AppConfig refused the new version of \(version.profileName): \(error.description)")
            }
            let fetched = try await client.getHostedConfigurationVersion(applicationId: p.applicationId, profileId: p.profileId,
                                                                         versionNumber: now)
            let document = try? FeatureFlagDocument(parsing: Array(fetched.content))
            let changes = document.map { DocumentDiff.changes(from: knownDocument, to: $0) } ?? []
            return .conflict(VersionConflict(profileName: version.profileName, expectedLatest: sentLatest, actualLatest: now,
                                             actualLatestDescription: fetched.description, changes: changes))
        } catch {
            return .conflict(VersionConflict(profileName: version.profileName, expectedLatest: sentLatest, actualLatest: nil,
                                             actualLatestDescription: "could not be read: \(ErrorText.describe(error))",
                                             changes: []))
        }
    }

    private func deploy(_ step: PlannedStep, version: Int) async -> ToggleOutcome {
        let t = step.target
        let client: AppConfigClient
        do { client = try clients.client(for: t.environment) } catch { return .failed(error.description, createdVersion: version) }
        do {
            let d = try await client.startDeployment(
                applicationId: t.applicationId, environmentId: t.environmentId, profileId: t.profileId,
                configurationVersion: String(version), strategyId: step.strategy.id,
                description: step.deploymentDescription)
            return .started(ref(step, d.deploymentNumber), version: version)
        } catch {
            if ErrorText.isReadOnly(error) { return .refused(ErrorText.describe(error)) }
            // A deployment that started after the check: say which, rather than the bare 409.
            if let e = error as? AppConfigError, e.isConflict,
               let running = try? await LiveReader(client: client).running(applicationId: t.applicationId,
                                                                           environmentId: t.environmentId) {
                return .deploymentInProgress(running, ref(step, running.deploymentNumber))
            }
            return .failed("cannot start the deployment: \(ErrorText.describe(error))", createdVersion: version)
        }
    }

    private func ref(_ step: PlannedStep, _ number: Int) -> DeploymentRef {
        DeploymentRef(environment: step.environment, applicationId: step.target.applicationId,
                      environmentId: step.target.environmentId, deploymentNumber: number)
    }

    private func journalResults(_ plan: TogglePlan, results: [EnvironmentResult], created: [Int: Int]) async -> [String] {
        let writer = JournalWriter(journal: journal)
        var problems: [String] = []
        let r = plan.request
        for (step, result) in zip(plan.steps, results) {
            let version = plan.versions[step.versionIndex]
            var deployment: Int?
            if case .started(let ref, _) = result.outcome { deployment = ref.deploymentNumber }
            let details = JournalDetails(
                flag: r.flag.description, value: r.valueLabel, profile: version.profileName, baseVersion: step.baseVersion,
                latestKnownVersion: version.latestKnownVersion, newVersion: created[step.versionIndex],
                deploymentNumber: deployment, strategy: step.strategy.id, reason: r.reason,
                message: result.outcome.isStarted ? nil : result.outcome.text)
            if let p = await writer.write(action: "toggle", target: step.environment.description,
                                          result: result.outcome.resultCode, actor: r.actor, at: Date(), details: details) {
                problems.append(p)
            }
        }
        return problems
    }
}
