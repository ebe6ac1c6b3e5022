import Foundation

// The scanner caches finished deployments as compact records (see `CompactRecord`).
// Field order is the format: append new fields at the end and bump `CompactRecord.version`
// only if old records can no longer be read.

extension AppConfigClient.Deployment {
    public func compactRecord() -> [UInt8] {
        var w = CompactWriter()
        w.string(applicationId)
        w.string(environmentId)
        w.optional(deploymentStrategyId) { $0.string($1) }
        w.string(configurationProfileId)
        w.int(deploymentNumber)
        w.optional(configurationName) { $0.string($1) }
        w.optional(configurationLocationUri) { $0.string($1) }
        w.optional(configurationVersion) { $0.string($1) }
        w.optional(description) { $0.string($1) }
        w.optional(deploymentDurationInMinutes) { $0.int($1) }
        w.optional(growthType) { $0.string($1.rawValue) }
        w.optional(growthFactor) { $0.double($1) }
        w.optional(finalBakeTimeInMinutes) { $0.int($1) }
        w.optional(state) { $0.string($1.rawValue) }
        w.array(eventLog) { $1.write(to: &$0) }
        w.optional(percentageComplete) { $0.double($1) }
        w.optional(startedAt) { $0.date($1) }
        w.optional(completedAt) { $0.date($1) }
        w.array(appliedExtensions) { $1.write(to: &$0) }
        w.optional(kmsKeyArn) { $0.string($1) }
        w.optional(kmsKeyIdentifier) { $0.string($1) }
        w.optional(versionLabel) { $0.string($1) }
        return w.bytes
    }

    public init(compactRecord bytes: [UInt8]) throws(CompactRecord.Malformed) {
        var r = try CompactReader(bytes)
        func string(_ r: inout CompactReader) throws(CompactRecord.Malformed) -> String { try r.string() }
        self.init(
            applicationId: try r.string(),
            environmentId: try r.string(),
            deploymentStrategyId: try r.optional(string),
            configurationProfileId: try r.string(),
            deploymentNumber: try r.int(),
            configurationName: try r.optional(string),
            configurationLocationUri: try r.optional(string),
            configurationVersion: try r.optional(string),
            description: try r.optional(string),
            deploymentDurationInMinutes: try r.optional { r throws(CompactRecord.Malformed) in try r.int() },
            growthType: try r.optional { r throws(CompactRecord.Malformed) in GrowthType(rawValue: try r.string()) },
            growthFactor: try r.optional { r throws(CompactRecord.Malformed) in try r.double() },
            finalBakeTimeInMinutes: try r.optional { r throws(CompactRecord.Malformed) in try r.int() },
            state: try r.optional { r throws(CompactRecord.Malformed) in AppConfigClient.DeploymentState(rawValue: try r.string()) },
            eventLog: try r.array(DeploymentEvent.init(reading:)),
            percentageComplete: try r.optional { r throws(CompactRecord.Malformed) in try r.double() },
            startedAt: try r.optional { r throws(CompactRecord.Malformed) in try r.date() },
            completedAt: try r.optional { r throws(CompactRecord.Malformed) in try r.date() },
            appliedExtensions: try r.array(AppliedExtension.init(reading:)),
            kmsKeyArn: try r.optional(string),
            kmsKeyIdentifier: try r.optional(string),
            versionLabel: try r.optional(string))
        guard r.isAtEnd else { throw CompactRecord.Malformed(description: "bytes left after the deployment record") }
    }
}

extension DeploymentEvent {
    func write(to w: inout CompactWriter) {
        w.optional(eventType) { $0.string($1.rawValue) }
        w.optional(triggeredBy) { $0.string($1.rawValue) }
        w.optional(description) { $0.string($1) }
        w.array(actionInvocations) { $1.write(to: &$0) }
        w.optional(occurredAt) { $0.date($1) }
    }

    init(reading r: inout CompactReader) throws(CompactRecord.Malformed) {
        self.init(
            eventType: try r.optional { r throws(CompactRecord.Malformed) in DeploymentEventType(rawValue: try r.string()) },
            triggeredBy: try r.optional { r throws(CompactRecord.Malformed) in TriggeredBy(rawValue: try r.string()) },
            description: try r.optional { r throws(CompactRecord.Malformed) in try r.string() },
            actionInvocations: try r.array(ActionInvocation.init(reading:)),
            occurredAt: try r.optional { r throws(CompactRecord.Malformed) in try r.date() })
    }
}

extension ActionInvocation {
    func write(to w: inout CompactWriter) {
        for field in [extensionIdentifier, actionName, uri, roleArn, errorMessage, errorCode, invocationId] {
            w.optional(field) { $0.string($1) }
        }
    }

    init(reading r: inout CompactReader) throws(CompactRecord.Malformed) {
        func string(_ r: inout CompactReader) throws(CompactRecord.Malformed) -> String { try r.string() }
        self.init(extensionIdentifier: try r.optional(string), actionName: try r.optional(string),
                  uri: try r.optional(string), roleArn: try r.optional(string),
                  errorMessage: try r.optional(string), errorCode: try r.optional(string),
                  invocationId: try r.optional(string))
    }
}

extension AppliedExtension {
    func write(to w: inout CompactWriter) {
        w.optional(extensionId) { $0.string($1) }
        w.optional(extensionAssociationId) { $0.string($1) }
        w.optional(versionNumber) { $0.int($1) }
        // Sorted so equal deployments give equal bytes.
        w.optional(parameters.map { $0.sorted { $0.key < $1.key } }) { w, pairs in
            w.array(pairs) { $0.string($1.key); $0.string($1.value) }
        }
    }

    init(reading r: inout CompactReader) throws(CompactRecord.Malformed) {
        func string(_ r: inout CompactReader) throws(CompactRecord.Malformed) -> String { try r.string() }
        self.init(extensionId: try r.optional(string), extensionAssociationId: try r.optional(string),
                  versionNumber: try r.optional { r throws(CompactRecord.Malformed) in try r.int() },
                  parameters: try r.optional { r throws(CompactRecord.Malformed) in
                      let pairs = try r.array { r throws(CompactRecord.Malformed) in (try r.string(), try r.string()) }
                      return Dictionary(pairs, uniquingKeysWith: { _, last in last })
                  })
    }
}
