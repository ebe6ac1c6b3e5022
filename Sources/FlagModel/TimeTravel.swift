import Foundation

extension FleetInput {
    /// The fleet as it stood at `moment`, for "what was live in prod at 03:12?".
    ///
    /// Deployments started after `moment` are dropped and each other one is replayed from
    /// its EventLog to its state then (DEPLOYING 40% stays DEPLOYING 40%). AppConfig keeps
    /// no creation time for hosted versions, so a version counts as existing at `moment`
    /// only when a deployment of it or a later version of its profile had started by then:
    /// a newer version is never claimed as pending in the past.
    ///
    /// Nothing changes when `moment` is not before `readAt`, or without `readAt`, not
    /// before the last recorded deployment activity: with nothing recorded after it, the
    /// fleet then is the fleet now as far as AppConfig can tell (the scanner's own clock
    /// is not AppConfig's).
    public func asOf(_ moment: Date) -> FleetInput {
        guard moment < (readAt ?? latestActivity ?? .distantPast) else { return self }
        var past = self
        past.readAt = moment
        var newestDeployed: [ProfileKey: Int] = [:]
        past.histories = histories.map { history in
            var h = history
            h.deployments = history.deployments.compactMap { $0.asOf(moment) }
            let key = ProfileKey(history.profile)
            for d in h.deployments { newestDeployed[key] = max(newestDeployed[key] ?? d.configurationVersion, d.configurationVersion) }
            return h
        }
        past.profiles = profiles.map { hosted in
            var p = hosted
            let known = newestDeployed[ProfileKey(hosted.profile)]
            if let latest = hosted.latestVersion, let known { p.latestVersion = min(latest, known) } else { p.latestVersion = nil }
            return p
        }
        return past
    }

    /// The newest moment any deployment records (start, completion, event).
    var latestActivity: Date? {
        var latest: Date?
        for h in histories {
            for d in h.deployments {
                var t = max(d.startedAt, d.completedAt ?? d.startedAt)
                if let e = d.events.last?.at { t = max(t, e) }
                latest = max(latest ?? t, t)
            }
        }
        return latest
    }

    private struct ProfileKey: Hashable {
        var accountId: String, region: String, profileId: String
        init(_ p: ProfileRef) { accountId = p.accountId; region = p.region; profileId = p.profileId }
    }
}
