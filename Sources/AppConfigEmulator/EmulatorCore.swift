import FlagModel
import Foundation

/// The request pipeline, independent of the HTTP server: admin endpoints, SigV4,
/// faults, stats, dispatch to the emulated services, persistence after changes.
final class EmulatorCore: Sendable {
    let engine: EmulatorEngine
    let clock: VirtualClock
    let faults = Faults()
    let stats = Stats()
    let lookupLimiter: LookupRateLimiter
    let verifier: SignatureVerifier
    let persistence: Persistence?
    let initialWorld: WorldState
    let ssoPortal: SSOPortalConfig
    let dataPlane = DataPlaneSessions()

    init(engine: EmulatorEngine, clock: VirtualClock, persistence: Persistence?, verifier: SignatureVerifier = SignatureVerifier(),
         ssoPortal: SSOPortalConfig = SSOPortalConfig(), lookupLimiter: LookupRateLimiter = LookupRateLimiter()) {
        self.lookupLimiter = lookupLimiter
        self.engine = engine
        self.clock = clock
        self.persistence = persistence
        self.verifier = verifier
        self.ssoPortal = ssoPortal
        self.initialWorld = engine.snapshot()
    }

    func handle(_ r: ReceivedRequest) async -> WireResponse {
        if r.rawPath == "/_emulator" || r.rawPath.hasPrefix("/_emulator/") {
            return admin(r)
        }
        let requestId = UUID().uuidString.lowercased()
        var response = await handleAWS(r, requestId: requestId)
        response.headers.append(("x-amzn-RequestId", requestId))
        return response
    }

    private func handleAWS(_ r: ReceivedRequest, requestId: String) async -> WireResponse {
        let service = EmulatedService.identify(r)
        if service == .ssoPortal { return await handleSSOPortal(r, requestId: requestId) }
        let route = service == .appConfig ? AppConfigRoutes.match(method: r.method, path: r.rawPath) : nil
        let operation = route?.operation ?? service.operation(of: r) ?? "UnknownOperation"
        func fail(_ e: APIError) -> WireResponse { service.errorResponse(e, requestId: requestId) }

        let now = clock.now()
        let caller: VerifiedCaller
        do {
            caller = try verifier.verify(r, engine: engine, now: now)
        } catch let failure as AuthFailure {
            stats.record(operation: operation, accountId: nil)
            return fail(failure.apiError(service: service.rawValue))
        } catch {
            return fail(.internalError())
        }

        let accountId = caller.principal.accountId
        let planned: Faults.OperationDecision
        switch await injectFaults(service, operation: operation, accountId: accountId) {
        case .failed(let e): return fail(e)
        case .proceed(let decision): planned = decision
        }
        do {
            var response: WireResponse
            switch service {
            case .sts:
                let reply = try STSService.handle(r, caller: caller, engine: engine, now: now, requestId: requestId)
                if reply.action == "AssumeRole" { persist() }
                response = .xml(reply.xml)
            case .organizations:
                response = .awsJSON(try OrganizationsService.handle(r, caller: caller.principal, engine: engine))
            case .account:
                response = .json(try AccountService.handle(r, caller: caller.principal, engine: engine))
            case .cloudTrail:
                guard lookupLimiter.admit(accountId: accountId, region: caller.region) else { throw service.throttled }
                response = .awsJSON(try CloudTrailService.handle(r, caller: caller.principal, region: caller.region, engine: engine, now: now))
            case .appConfigData:
                let scope = Scope(accountId: accountId, region: caller.region, now: now)
                response = try AppConfigDataService.handle(r, scope: scope, engine: engine, sessions: dataPlane)
            case .appConfig, .ssoPortal:  // (the portal never gets here: it is unsigned, see above)
                response = try appConfig(r, route: route, operation: operation, caller: caller, now: now, requestId: requestId)
            }
            response.dropConnection = planned == .lose
            return response
        } catch let e as APIError {
            return fail(e)
        } catch {
            return fail(.internalError("\(error)"))
        }
    }

    /// An AppConfig call; a mutating one (served or refused) goes into the CloudTrail history.
    private func appConfig(_ r: ReceivedRequest, route: AppConfigRoutes.Match?, operation: String, caller: VerifiedCaller,
                           now: Date, requestId: String) throws -> WireResponse {
        let accountId = caller.principal.accountId
        let scope = Scope(accountId: accountId, region: caller.region, now: now)
        guard let route else { throw EmulatedService.appConfig.unknownOperation(r) }
        func record(_ response: WireResponse?, _ error: APIError?) {
            guard route.mutates else { return }
            engine.recordTrail(AppConfigTrail.call(operation: operation, request: r, response: response, error: error,
                                                   identity: TrailIdentity(caller.principal, accessKeyId: caller.accessKeyId),
                                                   region: caller.region, time: now, requestId: requestId))
        }
        do {
            if let denied = deniedApplication(r.rawPath, scope: scope) {
                throw APIError(code: "AccessDeniedException", status: 403, message:
                    "User: \(caller.principal.arn) is not authorized to perform: appconfig:\(operation) on resource: "
                    + "arn:aws:appconfig:\(caller.region):\(accountId):application/\(denied)")
            }
            let response = try route.handler(engine, scope, r)
            record(response, nil)
            if route.mutates { persist() }
            return response
        } catch let e as APIError {
            record(nil, e)
            if route.mutates { persist() }
            throw e
        }
    }

    /// The Identity Center portal: unsigned, the bearer token is the credential.
    private func handleSSOPortal(_ r: ReceivedRequest, requestId: String) async -> WireResponse {
        let service = EmulatedService.ssoPortal
        let operation = service.operation(of: r) ?? "UnknownOperation"
        func fail(_ e: APIError) -> WireResponse { service.errorResponse(e, requestId: requestId) }
        guard ssoPortal.accepts(r.header(SSOPortalService.tokenHeader)) else {
            stats.record(operation: operation, accountId: nil)
            return fail(SSOPortalService.unauthorized)
        }
        let planned: Faults.OperationDecision
        switch await injectFaults(service, operation: operation, accountId: r.query("account_id")) {
        case .failed(let e): return fail(e)
        case .proceed(let decision): planned = decision
        }
        do {
            let reply = try SSOPortalService.handle(r, portal: ssoPortal, engine: engine, now: clock.now())
            if reply.createdSession { persist() }
            var response = WireResponse.json(reply.body)
            response.dropConnection = planned == .lose
            return response
        } catch let e as APIError {
            return fail(e)
        } catch {
            return fail(.internalError("\(error)"))
        }
    }

    enum FaultOutcome { case proceed(Faults.OperationDecision), failed(APIError) }

    /// Counts the request, then applies latency, throttling, errors and per-operation faults.
    private func injectFaults(_ service: EmulatedService, operation: String, accountId: String?) async -> FaultOutcome {
        let accountName = accountId.flatMap { id in engine.accounts.first { $0.accountId == id }?.name }
        stats.record(operation: operation, accountId: accountId)
        let (latency, decision) = faults.decide(accountId: accountId ?? "", accountName: accountName)
        if latency > 0 { try? await Task.sleep(nanoseconds: UInt64(latency) * 1_000_000) }
        switch decision {
        case .throttle:
            return .failed(service.throttled)
        case .error:
            var e = service.injectedError(status: 500, operation: operation)
            e.message = "Injected internal error"
            return .failed(e)
        case .pass:
            break
        }
        let delay = faults.delay(operation: operation)
        if delay > 0 { try? await Task.sleep(nanoseconds: UInt64(delay) * 1_000_000) }
        let planned = faults.decide(operation: operation)
        if case .fail(let status) = planned { return .failed(service.injectedError(status: status, operation: operation)) }
        return .proceed(planned)
    }

    /// The application id of a request under `/applications/{id}` that the faults deny.
    private func deniedApplication(_ path: String, scope: Scope) -> String? {
        let c = faults.current
        let accountName = engine.accounts.first { $0.accountId == scope.accountId }?.name
        guard !c.deniedApplications.isEmpty, c.applies(toAccount: scope.accountId, named: accountName) else { return nil }
        let parts = path.split(separator: "?")[0].split(separator: "/")
        guard parts.count >= 2, parts[0] == "applications" else { return nil }
        let id = String(parts[1])
        if c.deniedApplications.contains(id) { return id }
        if let app = try? engine.getApplication(scope, id: id), c.deniedApplications.contains(app.name) { return id }
        return nil
    }

    func persist() {
        guard let persistence else { return }
        do {
            try persistence.save(world: engine.snapshot(), clockNow: clock.now(), timeScale: clock.timeScale)
        } catch {
            FileHandle.standardError.write(Data("flagdeck emulator: could not save state: \(error)\n".utf8))
        }
    }

    // MARK: admin (/_emulator/…, no auth)

    private func admin(_ r: ReceivedRequest) -> WireResponse {
        let path = r.rawPath.split(separator: "?").first.map(String.init) ?? r.rawPath
        do {
            switch (r.method, path) {
            case ("GET", "/_emulator/clock"):
                return .json(clockJSON())
            case ("PUT", "/_emulator/clock"), ("POST", "/_emulator/clock"):
                let b = try JSONBody(r.body)
                if let now = try b.string("now") {
                    guard let d = Timestamp.parse(now) else { throw APIError.badRequest("now must be ISO-8601, got \(now)") }
                    clock.set(d)
                }
                if let s = try b.double("advanceSeconds") { clock.advance(by: s) }
                if let t = try b.double("timeScale") { clock.setTimeScale(t) }
                persist()
                return .json(clockJSON())
            case ("GET", "/_emulator/faults"):
                return .json(faultsJSON(faults.current))
            case ("PUT", "/_emulator/faults"), ("POST", "/_emulator/faults"):
                let b = try JSONBody(r.body)
                let accounts = try b.array("accounts")?.compactMap(\.stringValue) ?? []
                let denied = try b.array("deniedApplications")?.compactMap(\.stringValue) ?? []
                var c = FaultConfig(latencyMs: try b.int("latencyMs") ?? 0, throttlePercent: try b.double("throttlePercent") ?? 0,
                                    errorPercent: try b.double("errorPercent") ?? 0, accounts: accounts, deniedApplications: denied)
                c.operations = try Self.operationFaults(b.object["operations"])
                faults.set(c)
                return .json(faultsJSON(c))
            case ("GET", "/_emulator/stats"):
                return .json(statsJSON())
            case ("POST", "/_emulator/reset"):
                engine.replaceWorld(initialWorld)
                faults.set(FaultConfig())
                stats.reset()
                dataPlane.reset()
                persist()
                return .json(["reset": true])
            case ("GET", "/_emulator/accounts"):
                let organization = engine.organization
                return .json(.array(engine.accounts.map { Self.accountJSON($0, organization: organization) }))
            default:
                return .restJSONError(APIError(code: "NotFound", status: 404, message: "Unknown emulator admin endpoint \(r.method) \(path)"))
            }
        } catch let e as APIError {
            return .restJSONError(e)
        } catch {
            return .restJSONError(.internalError("\(error)"))
        }
    }

    /// `{"OPERATION": {"lostResponses": N, "failures": N, "status": 500}}`.
    static func operationFaults(_ value: JSONValue?) throws -> [String: OperationFault] {
        guard let value else { return [:] }
        guard let object = value.objectValue else { throw APIError.badRequest("operations must be an object of operation names") }
        var out: [String: OperationFault] = [:]
        for member in object {
            let b = try JSONBody(Array(member.value.serialized(pretty: false).utf8))
            let fault = OperationFault(lostResponses: try b.int("lostResponses") ?? 0, failures: try b.int("failures") ?? 0,
                                       status: try b.int("status") ?? 500, delayMs: try b.int("delayMs") ?? 0)
            guard fault.lostResponses >= 0, fault.failures >= 0, fault.delayMs >= 0, (400...599).contains(fault.status) else {
                throw APIError.badRequest("operations.\(member.key): counts must be ≥ 0 and status 400–599")
            }
            out[member.key] = fault
        }
        return out
    }

    /// An account with its keys and, in an organization, its place, state and IAM roles
    /// (`readerRole`: whether FlagDeckReader exists). Accounts outside an organization have
    /// only the first five members, and accept any role name.
    static func accountJSON(_ a: EmulatorAccount, organization org: EmulatorOrganization?) -> JSONValue {
        var pairs: [(String, JSONValue?)] = [
            ("accountId", .string(a.accountId)), ("name", .string(a.name)), ("accessKeyId", .string(a.accessKeyId)),
            ("secretAccessKey", .string(a.secretAccessKey)), ("regions", .array(a.regions.map { .string($0) })),
        ]
        if let org, let member = org.account(a.accountId) {
            pairs += [
                ("organizationId", .string(org.id)), ("management", .bool(org.isManagement(a.accountId))),
                ("ou", Shapes.str(org.unitPath(ofAccount: a.accountId))), ("ouId", .string(member.parentId)),
                ("email", .string(member.email)), ("status", .string(member.status)),
                ("roles", .array(member.roles.map { .string($0) })),
                ("readerRole", .bool(member.roles.contains(EmulatorOrganization.readerRole))),
            ]
        }
        return Shapes.obj(pairs)
    }

    private func clockJSON() -> JSONValue {
        Shapes.obj([("now", .string(Timestamp.format(clock.now()))), ("timeScale", Shapes.float(clock.timeScale))])
    }

    private func faultsJSON(_ c: FaultConfig) -> JSONValue {
        Shapes.obj([("latencyMs", Shapes.int(c.latencyMs)), ("throttlePercent", Shapes.float(c.throttlePercent)),
                    ("errorPercent", Shapes.float(c.errorPercent)), ("accounts", .array(c.accounts.map { .string($0) })),
                    ("deniedApplications", .array(c.deniedApplications.map { .string($0) })),
                    ("operations", .object(JSONObject(c.operations.sorted { $0.key < $1.key }.map {
                        .init(key: $0.key, value: Shapes.obj([("lostResponses", Shapes.int($0.value.lostResponses)),
                                                              ("failures", Shapes.int($0.value.failures)),
                                                              ("status", Shapes.int($0.value.status)),
                                                              ("delayMs", Shapes.int($0.value.delayMs))]))
                    })))])
    }

    private func statsJSON() -> JSONValue {
        let s = stats.snapshot()
        var o = JSONObject()
        for (op, n) in s.operations.sorted(by: { $0.key < $1.key }) { o[op] = Shapes.int(n) }
        o["total"] = Shapes.int(s.total)
        o["cloudTrail"] = Shapes.obj([("events", Shapes.int(engine.trailCount)),
                                      ("lookupsThrottled", Shapes.int(lookupLimiter.throttledCount))])
        var accounts = JSONObject()
        for (acct, ops) in s.accounts.sorted(by: { $0.key < $1.key }) {
            var a = JSONObject()
            for (op, n) in ops.sorted(by: { $0.key < $1.key }) { a[op] = Shapes.int(n) }
            accounts[acct] = .object(a)
        }
        o["byAccount"] = .object(accounts)
        return .object(o)
    }
}
