import AppConfigClient
import FlagModel
import Foundation

/// What the scan reads, turned into what the derivation reads: hosted documents and
/// deployments with their EventLog. Pure conversions, no calls.
extension AccountRegionScanner {
    static func parse(_ content: Data, version: Int, as reading: ProfileReading) -> ParsedVersion {
        switch reading {
        case .featureFlags:
            do {
                return ParsedVersion(document: .parsed(try FeatureFlagDocument(parsing: Array(content))), kind: .flags)
            } catch {
                return ParsedVersion(document: .unreadable("version \(version) is not a readable feature-flag document: \(error)"),
                                     kind: .flags)
            }
        case .freeform(let envelope):
            switch FreeformReading.read(Array(content), envelope: envelope) {
            case .powertools(let document):
                return ParsedVersion(document: .parsed(document), kind: .flags)
            case .invalidPowertools(let problems):
                let shown = problems.prefix(3).map(\.description).joined(separator: "; ")
                    + (problems.count > 3 ? "; and \(problems.count - 3) more" : "")
                return ParsedVersion(document: .unreadable("version \(version) fails Powertools' schema: \(shown)"), kind: .flags)
            case .notFlags(let why):
                return ParsedVersion(document: .unreadable("version \(version) is not a Powertools features document (\(why))"),
                                     kind: .notFlags, notFlagsReason: why)
            }
        }
    }

    /// A cached deployment record: compact (see `CompactRecord`), or JSON as flagdeck
    /// stored it before; nil when it cannot be read, and the deployment is fetched again.
    static func deployment(cachedAs record: Data) -> AppConfigClient.Deployment? {
        if CompactRecord.isCompact(record) {
            return try? AppConfigClient.Deployment(compactRecord: Array(record))
        }
        return try? AppConfigJSON.decoder().decode(AppConfigClient.Deployment.self, from: record)
    }

    static func convert(_ deployment: AppConfigClient.Deployment, strategyNames: [String: String]) -> FlagModel.Deployment? {
        guard let version = deployment.hostedVersionNumber, let state = deployment.state,
              let modelState = FlagModel.DeploymentState(rawValue: state.rawValue) else { return nil }
        let strategyId = deployment.deploymentStrategyId ?? "unknown"
        return FlagModel.Deployment(
            deploymentNumber: deployment.deploymentNumber, state: modelState,
            percentageComplete: deployment.percentageComplete ?? 0,
            startedAt: deployment.startedAt ?? deployment.completedAt ?? Date(timeIntervalSince1970: 0),
            completedAt: deployment.completedAt, configurationVersion: version, strategyId: strategyId,
            strategyName: strategyNames[strategyId] ?? strategyId, description: deployment.description,
            finalBakeTimeInMinutes: deployment.finalBakeTimeInMinutes, events: Self.events(of: deployment))
    }

    /// The EventLog oldest first (the service lists it newest first), with the
    /// percentages its descriptions state.
    static func events(of deployment: AppConfigClient.Deployment) -> [FlagModel.DeploymentEvent] {
        deployment.eventLog.reversed().compactMap { event in
            guard let type = event.eventType?.rawValue, let kind = FlagModel.DeploymentEvent.Kind(rawValue: type),
                  let at = event.occurredAt else { return nil }
            let percentage = kind == .percentageUpdated ? event.description.flatMap(FlagModel.DeploymentEvent.percentage(in:)) : nil
            return FlagModel.DeploymentEvent(kind: kind, at: at, percentage: percentage)
        }
    }
}

/// How a listed profile's versions are read.
enum ProfileReading: Sendable {
    case featureFlags
    /// An `AWS.Freeform` profile `powertools` selects; the envelope when one is configured.
    case freeform(envelope: PowertoolsEnvelope?)
}

/// One hosted version as the scan read it, and whether it tells that its profile holds flags.
struct ParsedVersion: Sendable {
    enum Kind: Sendable { case flags, notFlags, unfetched }
    var document: HostedDocument
    var kind: Kind
    var notFlagsReason: String?

    static func unfetched(_ why: String) -> ParsedVersion { ParsedVersion(document: .unreadable(why), kind: .unfetched) }
}
