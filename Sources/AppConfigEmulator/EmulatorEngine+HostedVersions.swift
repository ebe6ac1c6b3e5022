import FlagModel
import Foundation

/// Hosted configuration versions: create (with optimistic locking), list, get, delete.
extension EmulatorEngine {

    static let maxContentBytes = 2 * 1024 * 1024

    func createHostedVersion(_ s: Scope, applicationId: String, profileId: String, content: Data, contentType: String?,
                             description: String?, latestVersionNumber: Int?, versionLabel: String?) throws -> HostedVersionRecord {
        try Self.checkDescription(description)
        guard let contentType, !contentType.isEmpty, contentType.count <= 255 else {
            throw APIError.badRequest("1 validation error detected: Value null at 'contentType' failed to satisfy constraint: Member must not be null")
        }
        if let versionLabel {
            if versionLabel.isEmpty || versionLabel.count > 64 || versionLabel.allSatisfy(\.isNumber) {
                throw APIError.validation(versionLabel, member: "versionLabel", constraint: "Member must satisfy regular expression pattern: .*[^0-9].*")
            }
        }
        if content.count > Self.maxContentBytes {
            var e = APIError(code: "PayloadTooLargeException", status: 413, message: "The configuration size is too large.")
            e.extra = [("Measure", "MEGABYTES"), ("Limit", .number(JSONNumber(2))),
                       ("Size", .number(JSONNumber(Double(content.count) / 1_048_576) ?? JSONNumber(0)))]
            throw e
        }
        return try write(s) { r, _ in
            let p = try Self.profile(r, applicationId, profileId)
            guard p.isHosted else { throw APIError.badRequest("Configuration profile \(profileId) does not use the hosted configuration store") }
            let existing = r.versions.filter { $0.applicationId == applicationId && $0.configurationProfileId == profileId }
            let latest = existing.map(\.versionNumber).max()
            if let latestVersionNumber, latestVersionNumber != (latest ?? 0) {
                throw APIError.conflict("The LatestVersionNumber \(latestVersionNumber) does not match the latest hosted configuration version \(latest.map(String.init) ?? "(none)") for configuration profile \(profileId).")
            }
            if let versionLabel, existing.contains(where: { $0.versionLabel == versionLabel }) {
                throw APIError.conflict("Version label \(versionLabel) already exists for configuration profile \(profileId).")
            }
            var stored = content
            if p.isFeatureFlags {
                let mime = contentType.split(separator: ";").first.map { $0.trimmingCharacters(in: .whitespaces).lowercased() }
                guard mime == "application/json" else {
                    throw APIError.badRequest("Feature flag configurations must have the content type application/json")
                }
                let previous = existing.max { $0.versionNumber < $1.versionNumber }
                stored = try FeatureFlagContent.validateAndStamp(content, previous: previous?.content, now: s.now)
            }
            let number = max(p.nextVersionNumber, (latest ?? 0) + 1)
            let pi = r.profiles.firstIndex { $0.applicationId == applicationId && $0.id == profileId }!
            r.profiles[pi].nextVersionNumber = number + 1
            let v = HostedVersionRecord(applicationId: applicationId, configurationProfileId: profileId, versionNumber: number,
                                        description: description, contentType: contentType, versionLabel: versionLabel,
                                        content: stored, createdAt: s.now)
            r.versions.append(v)
            return v
        }
    }

    /// Newest first; `versionLabel` is exact or a prefix ending in `*`.
    func listHostedVersions(_ s: Scope, applicationId: String, profileId: String, versionLabel: String?) throws -> [HostedVersionRecord] {
        try read(s) { r in
            _ = try Self.profile(r, applicationId, profileId)
            return r.versions
                .filter { $0.applicationId == applicationId && $0.configurationProfileId == profileId }
                .filter { v in
                    guard let versionLabel else { return true }
                    guard let label = v.versionLabel else { return false }
                    if versionLabel.hasSuffix("*") { return label.hasPrefix(String(versionLabel.dropLast())) }
                    return label == versionLabel
                }
                .sorted { $0.versionNumber > $1.versionNumber }
        }
    }

    func getHostedVersion(_ s: Scope, applicationId: String, profileId: String, number: Int) throws -> HostedVersionRecord {
        try read(s) { r in
            _ = try Self.profile(r, applicationId, profileId)
            guard let v = r.versions.first(where: { $0.applicationId == applicationId && $0.configurationProfileId == profileId && $0.versionNumber == number }) else {
                throw APIError.notFound("Hosted configuration version \(number) not found", resource: String(number))
            }
            return v
        }
    }

    func deleteHostedVersion(_ s: Scope, applicationId: String, profileId: String, number: Int) throws {
        try write(s) { r, _ in
            _ = try Self.profile(r, applicationId, profileId)
            guard r.versions.contains(where: { $0.applicationId == applicationId && $0.configurationProfileId == profileId && $0.versionNumber == number }) else {
                throw APIError.notFound("Hosted configuration version \(number) not found", resource: String(number))
            }
            r.versions.removeAll { $0.applicationId == applicationId && $0.configurationProfileId == profileId && $0.versionNumber == number }
        }
    }
}
