import AWSCore
import AppConfigClient
import Foundation

/// Finds flagdeck's own writes again by the operation id they carry, when their answer
/// was lost (a closed connection, a time-out, a 5xx) or flagdeck died before hearing it.
/// Only then is it known whether sending again would do the write twice.
struct WriteReconciler: Sendable {
    let client: AppConfigClient

    /// Whether a failed write may have been carried out anyway.
    static func outcomeUnknown(_ error: any Error) -> Bool {
        let aws = (error as? AWSError) ?? (error as? AppConfigError)?.awsError
        return aws?.mayHaveTakenEffect ?? false
    }

    /// The version created with `label`, if any (ListHostedConfigurationVersions filters by
    /// exact label).
    func version(applicationId: String, profileId: String, label: String) async throws -> Int? {
        var pages = client.listHostedConfigurationVersions(applicationId: applicationId, profileId: profileId,
                                                          versionLabel: label).makeAsyncIterator()
        var found: [Int] = []
        while let page = try await pages.next() {
            found += page.filter { $0.versionLabel == label }.map(\.versionNumber)
        }
        return found.max()
    }

    /// The deployment of this environment whose Description carries `operation`, among
    /// those numbered above `after`, else among the `newest` latest ones (summaries name no
    /// description: each candidate is read).
    func deployment(applicationId: String, environmentId: String, operation: String,
                    after: Int? = nil, newest: Int = 20) async throws -> AppConfigClient.Deployment? {
        let tag = ChangeStamp.operationTag(operation)
        let candidates = try await client.allDeployments(applicationId: applicationId, environmentId: environmentId)
            .sorted { $0.deploymentNumber > $1.deploymentNumber }
        let newer = after.map { after in candidates.filter { $0.deploymentNumber > after } } ?? Array(candidates.prefix(newest))
        for summary in newer {
            let d = try await client.getDeployment(applicationId: applicationId, environmentId: environmentId,
                                                   deploymentNumber: summary.deploymentNumber)
            if d.description?.contains(tag) == true { return d }
        }
        return nil
    }
}
