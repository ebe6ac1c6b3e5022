import AWSCore
import AppConfigClient
import FlagModel
import Foundation

/// Carries out a confirmed plan: journals the intent, checks each environment again,
/// creates the new versions under optimistic locking, starts the deployments
/// concurrently, journals every result and the end.
///
/// It never retries a conflict and never overwrites: a version created by someone else
/// between plan and execution stops that profile and is reported with what it changed.
/// A write whose answer is lost is never sent blind again: the executor looks for it by
/// the operation id it carries (`WriteReconciler`) and continues from what really
/// happened. In read-only mode AWSCore's guard refuses the first write, which comes back
/// as `.refused` for every environment; nothing is written.
public struct ToggleExecutor: Sendable {
    public var clients: AppConfigClients
    public var journal: (any ActionJournal)?
    /// Attempts per write when the service says it was not carried out (or it cannot be
    /// found after a lost answer).
    public var writeAttempts = 3

    public init(clients: AppConfigClients, journal: (any ActionJournal)? = nil) {
        self.clients = clients
        self.journal = journal
    }

    public func execute(_ plan: TogglePlan) async -> ToggleReport {
        let toggleJournal = ToggleJournal(journal: journal, plan: plan)
        var problems = await toggleJournal.intent()

        var outcomes = [ToggleOutcome?](repeating: nil, count: plan.steps.count)
        var notes = [[String]](repeating: [], count: plan.steps.count)
        // The plan may be minutes old: what is deployed, and is anything running?
        let checks = await withTaskGroup(of: PreflightResult.self) { group in
            for (i, step) in plan.steps.enumerated() {
                group.addTask { PreflightResult(index: i, check: await check(step, plan.request)) }
            }
            return await group.reduce(into: [PreflightResult]()) { $0.append($1) }
        }
        var newestBefore: [Int: Int] = [:]
        for result in checks {
            switch result.check {
            case .blocked(let outcome): outcomes[result.index] = outcome
            case .clear(let newest): newestBefore[result.index] = newest
            }
        }

        let needed = Set(plan.steps.indices.filter { outcomes[$0] == nil }.map { plan.steps[$0].versionIndex })
        let versions = await createVersions(plan, needed: needed)
        var created: [Int: Int] = [:]
        for (index, result) in versions {
            if case .created(let n, _) = result { created[index] = n }
        }
        for i in plan.steps.indices where outcomes[i] == nil {
            switch versions[plan.steps[i].versionIndex] {
            case .conflict(let c)?: outcomes[i] = .conflict(c)
            case .failed(let why)?: outcomes[i] = .failed(why, createdVersion: nil)
            case .refused(let why)?: outcomes[i] = .refused(why)
            case .created(_, let note)?: if let note { notes[i].append(note) }
            case nil: break
            }
        }

        let deployments = await withTaskGroup(of: DeployResult.self) { group in
            for (i, step) in plan.steps.enumerated() where outcomes[i] == nil {
                guard let version = created[step.versionIndex] else { continue }
                let newest = newestBefore[i]
                group.addTask {
                    let (outcome, stepNotes) = await deploy(step, version: version, newestBefore: newest,
                                                            operation: plan.request.operationId)
                    return DeployResult(index: i, outcome: outcome, notes: stepNotes)
                }
            }
            return await group.reduce(into: [DeployResult]()) { $0.append($1) }
        }
        for result in deployments {
            outcomes[result.index] = result.outcome
            notes[result.index] += result.notes
        }

        var results: [EnvironmentResult] = []
        for (i, step) in plan.steps.enumerated() {
            results.append(EnvironmentResult(environment: step.environment,
                                             outcome: outcomes[i] ?? .failed("not attempted", createdVersion: nil),
                                             notes: notes[i]))
        }
        problems += await toggleJournal.results(results, created: created)
        problems += await toggleJournal.end(results)
        return ToggleReport(plan: plan, results: results, createdVersions: created, journalProblems: problems)
    }

    // MARK: - steps

    // Task-group results are named structs: see FleetScanner's note on tuples in release builds.
    private struct PreflightResult: Sendable { var index: Int; var check: Preflight }
    private struct DeployResult: Sendable { var index: Int; var outcome: ToggleOutcome; var notes: [String] }

    private enum Preflight: Sendable {
        case blocked(ToggleOutcome)
        /// Free to deploy; the newest deployment number there now.
        case clear(newestDeployment: Int?)
    }

    private func check(_ step: PlannedStep, _ request: ToggleRequest) async -> Preflight {
        let t = step.target
        do {
            let reader = LiveReader(client: try clients.client(for: t.environment))
            var live = try await reader.environment(applicationId: t.applicationId, environmentId: t.environmentId,
                                                    profileId: t.profileId)
            if let running = live.running, let chosen = step.stopFirst, running.deploymentNumber == chosen.deploymentNumber {
                // The operator chose to stop exactly this one: stop it, wait until it is rolled back.
                if let failure = await stopAndWait(step, running, request) { return .blocked(failure) }
                live = try await reader.environment(applicationId: t.applicationId, environmentId: t.environmentId,
                                                    profileId: t.profileId)
            }
            // Anything else running (a different deployment than the one shown) is not ours to stop.
            if let running = live.running {
                return .blocked(.deploymentInProgress(running, ref(step, running.deploymentNumber)))
            }
            if live.deployedVersion != step.baseVersion {
                return .blocked(.baseChanged(planned: step.baseVersion, deployedNow: live.deployedVersion))
            }
            return .clear(newestDeployment: live.newestDeploymentNumber)
        } catch {
            return .blocked(.failed("cannot read the environment's deployments: \(ErrorText.describe(error))", createdVersion: nil))
        }
    }

    /// How long to wait for a stopped deployment to be rolled back.
    public var rollbackTimeout: Duration = .seconds(120)

    /// Stops the running deployment and polls it until ROLLED_BACK; the failure, if any.
    private func stopAndWait(_ step: PlannedStep, _ running: RunningDeployment, _ request: ToggleRequest) async -> ToggleOutcome? {
        let blocking = ref(step, running.deploymentNumber)
        let control = DeploymentControl(clients: clients, journal: journal, actor: request.actor)
        let why = "stopped to deploy \(request.flag) \(request.valueLabel) (\(request.operationId))"
        switch await control.stop(blocking, reason: why) {
        case .done: break
        case .refused(let why): return .refused(why)
        case .failed(let why): return .failed("could not stop \(running.summary): \(why)", createdVersion: nil)
        }
        let clock = ContinuousClock()
        let deadline = clock.now + rollbackTimeout
        while clock.now < deadline {
            if let d = try? await clients.client(for: step.environment).getDeployment(
                applicationId: step.target.applicationId, environmentId: step.target.environmentId,
                deploymentNumber: running.deploymentNumber), d.state?.rawValue == "ROLLED_BACK" {
                return nil
            }
            try? await Task.sleep(for: .seconds(1))
        }
        return .deploymentInProgress(running, blocking)
    }

    enum VersionResult: Sendable {
        /// `note`: how it was found (after a lost answer), for the operator.
        case created(Int, note: String?)
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
            let result = await create(version, locked: latest, knownDocument: latestDocument, client: client)
            results[index] = result
            guard case .created(let number, _) = result else {
                // Later versions of this profile were locked on this one; they cannot go either.
                for later in indices[position...] { results[later] = result }
                break
            }
            latest = number
            latestDocument = version.document
        }
        return results
    }

    /// One CreateHostedConfigurationVersion, sent again only when it surely did not happen.
    private func create(_ version: PlannedVersion, locked latest: Int?, knownDocument: FeatureFlagDocument?,
                        client: AppConfigClient) async -> VersionResult {
        let p = version.profile
        let reconciler = WriteReconciler(client: client)
        var lastError = ""
        for _ in 1...max(1, writeAttempts) {
            do {
                let made = try await client.createHostedConfigurationVersion(
                    applicationId: p.applicationId, profileId: p.profileId,
                    content: Data(version.content.utf8), contentType: "application/json",
                    description: version.description, versionLabel: version.versionLabel,
                    latestVersionNumber: latest ?? 0)
                return .created(made.versionNumber, note: nil)
            } catch {
                if ErrorText.isReadOnly(error) { return .refused(ErrorText.describe(error)) }
                let conflict = (error as? AppConfigError)?.isConflict == true
                guard conflict || WriteReconciler.outcomeUnknown(error) else {
                    return .failed("cannot create the new version of \(version.profileName): \(ErrorText.describe(error))")
                }
                // Ours, if an earlier attempt got through: a conflict can be our own version.
                do {
                    if let ours = try await reconciler.version(applicationId: p.applicationId, profileId: p.profileId,
                                                               label: version.versionLabel) {
                        return .created(ours, note: "the answer to creating version \(ours) was lost; found it by its label")
                    }
                } catch {
                    return .failed("cannot tell whether the new version of \(version.profileName) was created (label "
                                   + "\(version.versionLabel)): \(ErrorText.describe(error)); the next start of flagdeck checks again")
                }
                if conflict, let e = error as? AppConfigError {
                    return await explainConflict(client, version, sentLatest: latest, knownDocument: knownDocument, error: e)
                }
                lastError = ErrorText.describe(error)  // not created: safe to send again
            }
        }
        return .failed("cannot create the new version of \(version.profileName): \(lastError)")
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
            // Read like the version we meant to write (a Powertools document under its envelope).
            let document = try? (knownDocument ?? version.document).reading(Array(fetched.content))
            let changes = document.map { DocumentDiff.changes(from: knownDocument, to: $0) } ?? []
            return .conflict(VersionConflict(profileName: version.profileName, expectedLatest: sentLatest, actualLatest: now,
                                             actualLatestDescription: fetched.description, changes: changes))
        } catch {
            return .conflict(VersionConflict(profileName: version.profileName, expectedLatest: sentLatest, actualLatest: nil,
                                             actualLatestDescription: "could not be read: \(ErrorText.describe(error))",
                                             changes: []))
        }
    }

    /// One StartDeployment, sent again only when it surely did not happen; then a look at
    /// whether someone else's deployment slipped in between the re-check and ours.
    private func deploy(_ step: PlannedStep, version: Int, newestBefore: Int?,
                        operation: String) async -> (ToggleOutcome, [String]) {
        let t = step.target
        let client: AppConfigClient
        do { client = try clients.client(for: t.environment) } catch { return (.failed(error.description, createdVersion: version), []) }
        let reconciler = WriteReconciler(client: client)
        var notes: [String] = []
        var lastError = ""
        for _ in 1...max(1, writeAttempts) {
            do {
                let d = try await client.startDeployment(
                    applicationId: t.applicationId, environmentId: t.environmentId, profileId: t.profileId,
                    configurationVersion: String(version), strategyId: step.strategy.id,
                    description: step.deploymentDescription)
                notes += Self.othersBefore(d.deploymentNumber, newestBefore: newestBefore)
                return (.started(ref(step, d.deploymentNumber), version: version), notes)
            } catch {
                if ErrorText.isReadOnly(error) { return (.refused(ErrorText.describe(error)), notes) }
                let conflict = (error as? AppConfigError)?.isConflict == true
                guard conflict || WriteReconciler.outcomeUnknown(error) else {
                    return (.failed("cannot start the deployment: \(ErrorText.describe(error))", createdVersion: version), notes)
                }
                // A conflict may be our own earlier attempt, running now.
                do {
                    if let ours = try await reconciler.deployment(applicationId: t.applicationId, environmentId: t.environmentId,
                                                                  operation: operation, after: newestBefore) {
                        notes.append("the answer to starting deployment \(ours.deploymentNumber) was lost; found it by its description")
                        notes += Self.othersBefore(ours.deploymentNumber, newestBefore: newestBefore)
                        return (.started(ref(step, ours.deploymentNumber), version: version), notes)
                    }
                } catch {
                    return (.failed("cannot tell whether the deployment started (\(ChangeStamp.operationTag(operation))): "
                                    + "\(ErrorText.describe(error)); the next start of flagdeck checks again",
                                    createdVersion: version), notes)
                }
                if conflict {
                    // Someone else's deployment started after the check: say which, rather than the bare 409.
                    if let running = try? await LiveReader(client: client).running(applicationId: t.applicationId,
                                                                                   environmentId: t.environmentId) {
                        return (.deploymentInProgress(running, ref(step, running.deploymentNumber)), notes)
                    }
                    return (.failed("cannot start the deployment: \(ErrorText.describe(error))", createdVersion: version), notes)
                }
                lastError = ErrorText.describe(error)  // not started: safe to send again
            }
        }
        return (.failed("cannot start the deployment: \(lastError)", createdVersion: version), notes)
    }

    /// Deployments numbered between the re-check's newest and ours are someone else's:
    /// they ran (and may have been replaced by ours) after the operator confirmed.
    static func othersBefore(_ ours: Int, newestBefore: Int?) -> [String] {
        let first = (newestBefore ?? 0) + 1
        guard ours > first else { return [] }
        let numbers = Array(first..<ours)
        return ["WARNING: deployment\(numbers.count == 1 ? "" : "s") \(numbers.map(String.init).joined(separator: ", ")) "
                + "by someone else started after the last re-check and before ours; look at what it deployed"]
    }

    private func ref(_ step: PlannedStep, _ number: Int) -> DeploymentRef {
        DeploymentRef(environment: step.environment, applicationId: step.target.applicationId,
                      environmentId: step.target.environmentId, deploymentNumber: number)
    }
}
