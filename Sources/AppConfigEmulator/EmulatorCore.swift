import FlagModel
import Foundation

/// The request pipeline, independent of the HTTP server: admin endpoints, SigV4,
/// faults, stats, dispatch to AppConfig or STS, persistence after changes.
final class EmulatorCore: Sendable {
    let engine: EmulatorEngine
    let clock: VirtualClock
    let faults = Faults()
    let stats = Stats()
    let verifier: SignatureVerifier
    let persistence: Persistence?
    let initialWorld: WorldState

    init(engine: EmulatorEngine, clock: VirtualClock, persistence: Persistence?, verifier: SignatureVerifier = SignatureVerifier()) {
        self.engine = engine
        self.clock = clock
        self.persistence = persistence
        self.verifier = verifier
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

    private func isSTS(_ r: ReceivedRequest) -> Bool {
        if let service = SignatureVerifier.service(of: r) { return service == "sts" }
        return r.method == "POST" && (r.rawPath == "/" || r.rawPath.isEmpty) && STSService.action(of: r) != nil
    }

    private func handleAWS(_ r: ReceivedRequest, requestId: String) async -> WireResponse {
        let sts = isSTS(r)
        let route = sts ? nil : AppConfigRoutes.match(method: r.method, path: r.rawPath)
        let operation = sts ? (STSService.action(of: r) ?? "UnknownOperation") : (route?.operation ?? "UnknownOperation")
        func fail(_ e: APIError) -> WireResponse {
            sts ? .xml(STSService.errorXML(e, requestId: requestId), status: e.status) : .restJSONError(e)
        }

        let now = clock.now()
        let caller: VerifiedCaller
        do {
            caller = try verifier.verify(r, engine: engine, now: now)
        } catch let failure as AuthFailure {
            stats.record(operation: operation, accountId: nil)
            return fail(failure.apiError(service: sts ? "sts" : "appconfig"))
        } catch {
            return fail(.internalError())
        }

        let accountId = caller.principal.accountId
        let accountName = engine.accounts.first { $0.accountId == accountId }?.name
        stats.record(operation: operation, accountId: accountId)
        let (latency, decision) = faults.decide(accountId: accountId, accountName: accountName)
        if latency > 0 { try? await Task.sleep(nanoseconds: UInt64(latency) * 1_000_000) }
        switch decision {
        case .throttle:
            return fail(APIError(code: sts ? "Throttling" : "ThrottlingException", status: 400, message: "Rate exceeded"))
        case .error:
            var e = APIError(code: sts ? "InternalFailure" : "InternalServerException", status: 500, message: "Injected internal error")
            e.senderFault = false
            return fail(e)
        case .pass:
            break
        }

        let delay = faults.delay(operation: operation)
        if delay > 0 { try? await Task.sleep(nanoseconds: UInt64(delay) * 1_000_000) }
        let planned = faults.decide(operation: operation)
        if case .fail(let status) = planned {
            var e = APIError(code: Self.errorCode(status: status, sts: sts), status: status, message: "Injected failure of \(operation)")
            e.senderFault = status < 500
            return fail(e)
        }
        let scope = Scope(accountId: accountId, region: caller.region, now: now)
        if !sts, let denied = deniedApplication(r.rawPath, scope: scope, accountName: accountName) {
            return fail(APIError(code: "AccessDeniedException", status: 403, message:
                "User: arn:aws:iam::\(accountId):user/flagdeck is not authorized to perform: appconfig:\(operation) on resource: "
                + "arn:aws:appconfig:\(caller.region):\(accountId):application/\(denied)"))
        }
        if sts {
            do {
                let reply = try STSService.handle(r, caller: caller, engine: engine, now: now, requestId: requestId)
                if reply.action == "AssumeRole" { persist() }
                return .xml(reply.xml)
            } catch let e as APIError {
                return fail(e)
            } catch {
                return fail(.internalError())
            }
        }
        guard let route else {
            return fail(APIError(code: "UnknownOperationException", status: 404, message: "Unknown operation \(r.method) \(r.rawPath)"))
        }
        do {
            var response = try route.handler(engine, scope, r)
            if route.mutates { persist() }
            response.dropConnection = planned == .lose
            return response
        } catch let e as APIError {
            return fail(e)
        } catch {
            return fail(.internalError("\(error)"))
        }
    }

    /// The error an injected failure answers with.
    static func errorCode(status: Int, sts: Bool) -> String {
        switch status {
        case 429: sts ? "Throttling" : "ThrottlingException"
        case 400..<500: sts ? "InvalidRequest" : "BadRequestException"
        case 503: "ServiceUnavailable"
        default: sts ? "InternalFailure" : "InternalServerException"
        }
    }

    /// The application id of a request under `/applications/{id}` that the faults deny.
    private func deniedApplication(_ path: String, scope: Scope, accountName: String?) -> String? {
        let c = faults.current
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
                persist()
                return .json(["reset": true])
            case ("GET", "/_emulator/accounts"):
                return .json(.array(engine.accounts.map(Self.accountJSON)))
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

    static func accountJSON(_ a: EmulatorAccount) -> JSONValue {
        Shapes.obj([("accountId", .string(a.accountId)), ("name", .string(a.name)), ("accessKeyId", .string(a.accessKeyId)),
                    ("secretAccessKey", .string(a.secretAccessKey)), ("regions", .array(a.regions.map { .string($0) }))])
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
