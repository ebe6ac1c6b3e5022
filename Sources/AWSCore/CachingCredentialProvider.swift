import Foundation

/// Caches temporary credentials and refreshes them 5 minutes before they
/// expire; concurrent callers share one refresh instead of stampeding STS.
public actor CachingCredentialProvider: CredentialProvider {
    public nonisolated let source: CredentialSource
    public static let refreshMargin: TimeInterval = 5 * 60

    private let base: any CredentialProvider
    private let clock: any AWSClock
    private var cached: Credentials?
    private var inFlight: Task<Credentials, any Error>?

    public init(_ base: any CredentialProvider, clock: any AWSClock = SystemClock()) {
        self.base = base
        self.source = base.source
        self.clock = clock
    }

    public func credentials() async throws -> Credentials {
        let now = clock.now()
        if let cached, !cached.expires(within: Self.refreshMargin, of: now) { return cached }
        if let inFlight { return try await inFlight.value }
        let task = Task { [base] in try await base.credentials() }
        inFlight = task
        defer { inFlight = nil }
        do {
            let fresh = try await task.value
            cached = fresh
            return fresh
        } catch {
            // Inside the refresh window the old credentials still work: keep
            // serving them rather than failing every request on a blip.
            if let cached, !cached.expires(within: 0, of: clock.now()) { return cached }
            throw error
        }
    }

    public func invalidate() { cached = nil }
}
