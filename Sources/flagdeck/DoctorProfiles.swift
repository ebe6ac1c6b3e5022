import AppConfigClient
import AWSCore
import FlagDeckConfig
import FlagModel
import Foundation

/// The profiles a scan of one account-region will read: feature-flag profiles, Freeform
/// profiles holding Powertools flags, and the Freeform profiles it skips (not flags),
/// told apart the way the scan does, from each profile's newest version.
struct DoctorProfileCensus: Sendable {
    var featureFlags = 0
    var powertools = 0
    /// `application/profile: why` of the Freeform profiles that hold no flags.
    var skipped: [String] = []
    /// Freeform profiles meant as Powertools whose newest version fails its schema.
    var invalid: [String] = []

    /// `4 AppConfig, 2 Powertools, 1 skipped`.
    var summary: String {
        var parts = ["\(featureFlags) AppConfig", "\(powertools) Powertools"]
        if !invalid.isEmpty { parts.append("\(invalid.count) invalid") }
        if !skipped.isEmpty { parts.append("\(skipped.count) skipped") }
        return parts.joined(separator: ", ")
    }

    static func take(client: AppConfigClient, configuration: FlagDeckConfiguration) async throws -> DoctorProfileCensus {
        var census = DoctorProfileCensus()
        let powertools = configuration.powertools
        for app in try await client.allApplications() where configuration.applications.matches(app.name) {
            for profile in try await client.allConfigurationProfiles(applicationId: app.id, type: nil) {
                if profile.type == nil || profile.type == .featureFlags {
                    census.featureFlags += 1
                    continue
                }
                guard profile.type == .freeform, !powertools.profiles.isEmpty,
                      powertools.reads(application: app.name, profile: profile.name) else { continue }
                let name = "\(app.name)/\(profile.name)"
                guard let newest = try await client.allHostedConfigurationVersions(applicationId: app.id, profileId: profile.id)
                    .map(\.versionNumber).max() else {
                    census.skipped.append("\(name): no hosted version")
                    continue
                }
                let version = try await client.getHostedConfigurationVersion(applicationId: app.id, profileId: profile.id,
                                                                             versionNumber: newest)
                switch FreeformReading.read(Array(version.content), envelope: powertools.envelope(application: app.name,
                                                                                                  profile: profile.name)) {
                case .powertools: census.powertools += 1
                case .invalidPowertools(let problems):
                    census.invalid.append("\(name) version \(newest): " + (problems.first.map(\.description) ?? "invalid"))
                case .notFlags(let why): census.skipped.append("\(name): \(why)")
                }
            }
        }
        return census
    }
}
