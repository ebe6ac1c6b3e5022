import AppConfigClient
import FlagModel
import Foundation

/// Which profiles of an application the scan reads, and which of them turn out to hold
/// flags: feature-flag profiles always, Freeform ones when their documents are Powertools
/// features (issue 15).
extension AccountRegionScanner {
    /// Step: an application's environments (filtered) and the profiles that may hold flags
    /// (feature-flag profiles, and the Freeform ones `powertools` selects), with how each
    /// is read; its own function for the same reason as `listApplications`.
    func listEnvironmentsAndProfiles(_ app: Application) async throws
        -> (environments: [Environment], profiles: [ConfigurationProfileSummary], readings: [String: ProfileReading]) {
        let freeform = !powertools.profiles.isEmpty
        async let environmentsCall = call { try await client.allEnvironments(applicationId: app.id) }
        // One listing either way: without the type filter it brings the Freeform profiles too.
        async let profilesCall = call {
            try await client.allConfigurationProfiles(applicationId: app.id, type: freeform ? nil : .featureFlags)
        }
        let environments = try await environmentsCall.filter { environmentNames.matches($0.name) }
        var profiles: [ConfigurationProfileSummary] = []
        var readings: [String: ProfileReading] = [:]
        for profile in try await profilesCall {
            if profile.type == nil || profile.type == .featureFlags {
                readings[profile.id] = .featureFlags
            } else if profile.type == .freeform, freeform, powertools.reads(application: app.name, profile: profile.name) {
                readings[profile.id] = .freeform(envelope: powertools.envelope(application: app.name, profile: profile.name))
            } else {
                continue
            }
            profiles.append(profile)
        }
        return (environments, profiles, readings)
    }

    /// Step: the profiles that hold flags. A Freeform profile does when one of its versions
    /// read is a Powertools document (valid or not), or when none could be read at all (it
    /// is then shown unreadable rather than dropped); otherwise it is skipped and counted.
    func keepFlagProfiles(_ app: Application, _ profiles: [ConfigurationProfileSummary],
                                  readings: [String: ProfileReading], documents: [String: [Int: ParsedVersion]],
                                  into result: inout AccountRegionScan) -> [ConfigurationProfileSummary] {
        profiles.filter { profile in
            guard case .freeform = readings[profile.id] else { return true }
            let versions = documents[profile.id] ?? [:]
            if versions.values.contains(where: { $0.kind == .flags }) { return true }
            if !versions.isEmpty && versions.values.allSatisfy({ $0.kind == .unfetched }) { return true }
            let reason = versions.isEmpty ? "no hosted version"
                : versions.max(by: { $0.key < $1.key })?.value.notFlagsReason ?? "not a Powertools features document"
            result.skippedProfiles.append(SkippedProfile(account: accountName, region: region, application: app.name,
                                                         profile: profile.name, reason: reason))
            return false
        }
    }
}
