import Foundation
import TeamStore

/// The private cluster's team store (scripts/test.sh starts it), as a writer.
func testTeamStore() async throws -> TeamStore {
    let env = ProcessInfo.processInfo.environment
    let location = try TeamStoreLocation(env["FLAGDECK_TEST_POSTGRES"] ?? "", source: "FLAGDECK_TEST_POSTGRES")
    let password = PGPassword.find(for: location, environment: ["PGPASSFILE": env["FLAGDECK_TEST_PGPASSFILE"] ?? ""])
    return try await TeamStore.open(location, password: password)
}
