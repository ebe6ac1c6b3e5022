import AWSCore
@testable import AppConfigClient
import Foundation
import Testing

@Suite struct ErrorMappingTests {
    @Test func notFoundKeepsTheResourceName() async throws {
        let t = FakeTransport { _ in
            awsError(404, "ResourceNotFoundException", #"{"Message":"Application abc1234 not found","ResourceName":"Application"}"#)
        }
        do {
            _ = try await makeClient(t).getApplication(id: "abc1234")
            Issue.record("expected an error")
        } catch let error as AppConfigError {
            guard case .notFound(let name, let aws) = error else { Issue.record("got \(error)"); return }
            #expect(name == "Application")
            #expect(aws.code == "ResourceNotFoundException" && aws.statusCode == 404)
        }
    }

    @Test func badRequestCarriesTheInvalidConfigurationDetails() async throws {
        let t = FakeTransport { _ in
            awsError(400, "BadRequestException", #"""
            {"Message":"Configuration is invalid","Reason":"InvalidConfiguration",
             "Details":{"InvalidConfiguration":[{"Constraint":"pattern","Location":"values.a.engine","Reason":"does not match","Type":"string","Value":"x"}]}}
            """#)
        }
        do {
            _ = try await makeClient(t).createHostedConfigurationVersion(applicationId: "abc1234", profileId: "prf1234",
                                                                         content: Data("{}".utf8))
            Issue.record("expected an error")
        } catch let error as AppConfigError {
            guard case .badRequest(let details, _) = error else { Issue.record("got \(error)"); return }
            #expect(details.reason == "InvalidConfiguration")
            #expect(details.invalidConfiguration == [InvalidConfigurationDetail(
                constraint: "pattern", location: "values.a.engine", reason: "does not match", type: "string", value: "x")])
            #expect(error.description.contains("values.a.engine: does not match"))
        }
    }

    @Test func throttlingIsRecognisedEvenAsA400() async throws {
        let t = FakeTransport { _ in awsError(400, "ThrottlingException", #"{"message":"Rate exceeded"}"#) }
        await #expect(throws: AppConfigError.self) { _ = try await makeClient(t).allApplications() }
        do { _ = try await makeClient(t).allApplications() } catch let e as AppConfigError {
            guard case .throttled = e else { Issue.record("got \(e)"); return }
        }
    }

    @Test func throttlesAreRetriedByAWSCoreBeforeTheyReachTheCaller() async throws {
        let t = FakeTransport { _ in HTTPResponse(status: 429, headers: [], body: []) }
        let client = makeClient(t, maxAttempts: 3)
        do { _ = try await client.allApplications() } catch let e as AppConfigError {
            guard case .throttled(let aws) = e else { Issue.record("got \(e)"); return }
            #expect(aws.statusCode == 429)
        }
        // Throttles are retried more patiently than failures (AWSCore's RetryPolicy).
        #expect(t.requests.count == RetryPolicy().maxThrottleAttempts)
    }

    @Test func otherCodesStayOther() async throws {
        let t = FakeTransport { _ in
            awsError(402, "ServiceQuotaExceededException", #"{"Message":"too many applications"}"#)
        }
        do { _ = try await makeClient(t).createApplication(name: "x") } catch let e as AppConfigError {
            guard case .other(let aws) = e else { Issue.record("got \(e)"); return }
            #expect(aws.code == "ServiceQuotaExceededException" && aws.statusCode == 402)
        }
    }

    @Test func concurrentFailuresEachSeeTheirOwnBody() async throws {
        let t = FakeTransport { req in
            let id = req.path.split(separator: "/").last.map(String.init) ?? ""
            return awsError(404, "ResourceNotFoundException", #"{"Message":"gone","ResourceName":"\#(id)"}"#)
        }
        let client = makeClient(t)
        let names = try await withThrowingTaskGroup(of: (String, String?).self) { group in
            for i in 0..<40 {
                let id = "app\(i)"
                group.addTask {
                    do { _ = try await client.getApplication(id: id); return (id, nil) } catch let e as AppConfigError {
                        if case .notFound(let name, _) = e { return (id, name) }
                        return (id, nil)
                    }
                }
            }
            var out: [String: String?] = [:]
            for try await (id, name) in group { out[id] = name }
            return out
        }
        #expect(names.count == 40)
        #expect(names.allSatisfy { $0.key == $0.value })
    }

    @Test func readOnlyRefusesWritesBeforeAnythingIsSent() async throws {
        let t = FakeTransport { _ in json(201, "{}") }
        let client = makeClient(t, readOnly: true)
        await #expect(throws: ReadOnlyViolation.self) {
            _ = try await client.startDeployment(applicationId: "a", environmentId: "e", profileId: "p",
                                                 configurationVersion: "1")
        }
        await #expect(throws: ReadOnlyViolation.self) {
            _ = try await client.stopDeployment(applicationId: "a", environmentId: "e", deploymentNumber: 1)
        }
        #expect(t.requests.isEmpty)
    }

    @Test func anUnreadableSuccessBodyIsAnInvalidResponse() async throws {
        let t = FakeTransport { _ in json(200, #"{"Id":42}"#) }
        do { _ = try await makeClient(t).getApplication(id: "abc1234") } catch let e as AppConfigError {
            guard case .invalidResponse(let op, _) = e else { Issue.record("got \(e)"); return }
            #expect(op == "GetApplication")
        }
    }
}
