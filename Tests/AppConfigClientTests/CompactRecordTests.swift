@testable import AppConfigClient
import Foundation
import Testing

@Suite struct CompactRecordTests {
    static func decoded() throws -> AppConfigClient.Deployment {
        try AppConfigJSON.decoder().decode(AppConfigClient.Deployment.self, from: Data(DeploymentTests.deploymentJSON.utf8))
    }

    @Test func aDeploymentSurvivesTheCompactRoundTrip() throws {
        var deployment = try Self.decoded()
        deployment.appliedExtensions = [AppliedExtension(extensionId: "ext1", versionNumber: 2,
                                                         parameters: ["b": "2", "a": "1"]),
                                        AppliedExtension()]
        deployment.eventLog[0].actionInvocations = [ActionInvocation(actionName: "notify", errorCode: "E1")]
        deployment.kmsKeyArn = "arn:aws:kms:us-east-1:111122223333:key/é"
        let bytes = deployment.compactRecord()
        #expect(CompactRecord.isCompact(bytes))
        #expect(try AppConfigClient.Deployment(compactRecord: bytes) == deployment)
        // Equal deployments, equal bytes (parameters are written sorted).
        #expect(deployment.compactRecord() == bytes)
    }

    @Test func aMinimalDeploymentRoundTrips() throws {
        let deployment = AppConfigClient.Deployment(applicationId: "a", environmentId: "e", configurationProfileId: "p",
                                                    deploymentNumber: -1)
        #expect(try AppConfigClient.Deployment(compactRecord: deployment.compactRecord()) == deployment)
    }

    @Test func jsonIsNotCompactAndTruncatedRecordsAreRejected() throws {
        let json = try AppConfigJSON.encoder().encode(try Self.decoded())
        #expect(!CompactRecord.isCompact(json))
        #expect(throws: CompactRecord.Malformed.self) { try AppConfigClient.Deployment(compactRecord: Array(json)) }
        let bytes = try Self.decoded().compactRecord()
        for cut in [1, 2, bytes.count / 2, bytes.count - 1] {
            #expect(throws: CompactRecord.Malformed.self) { try AppConfigClient.Deployment(compactRecord: Array(bytes.prefix(cut))) }
        }
        #expect(throws: CompactRecord.Malformed.self) { try AppConfigClient.Deployment(compactRecord: bytes + [0]) }
    }

    @Test func lengthsUseSeveralBytesBeyond127() throws {
        var w = CompactWriter()
        w.count(300)
        w.string(String(repeating: "x", count: 200))
        var r = try CompactReader(w.bytes)
        #expect(try r.count() == 300)
        #expect(try r.string().count == 200)
        #expect(r.isAtEnd)
    }
}
